// What cannot carry an attacker's SQL in Python although it is not a literal: identifiers passed
// through a backend's quoting helper, and table names models declare. The one list for the SQL
// rule's value flow (src/analysis/python/value-flow.ts); the TS list is ../typescript/sql-identifiers.ts.

/** Table names Django and SQLAlchemy models declare: constants. */
export const CONST_ATTRIBUTE = /(?:\._meta\.db_table|\b__tablename__)$/;

/**
 * Identifier quoting and escaping: Django's `connection.ops.quote_name` / `schema_editor.quote_name`
 * (often bound to `qn`), `quote_name_unless_alias`, psycopg's `quote_ident`, SQLAlchemy's
 * `identifier_preparer.quote*`, `_quote`, `format_table`/`format_column`, libpq's `escape_literal`
 * (which adds the quotes; MySQLdb's `escape_string` does not, so it is not here).
 */
const QUOTING = /^_*(?:quote(?:_[a-z]+)*|escape_(?:identifier|ident|name|literal)|format_(?:table|column|schema))$/;
const QUOTING_ALIAS = /^_*qn\d?$/;

/** Modules whose `quote` makes text safe for a URL or a shell, not for SQL. */
const NOT_SQL_QUOTING = /^(?:shlex|pipes|urllib(?:\.parse)?|parse|requests\.utils|werkzeug\.urls|html|markupsafe|xml\.sax\.saxutils)$/;
const URL_QUOTING = /^_*quote_(?:plus|from_bytes)$/;

/**
 * Whether a call of `name` returns a quoted identifier: `object` is the receiver's text for a
 * method (`shlex` in `shlex.quote(x)`), `imported` what a bare name was imported as
 * (`urllib.parse.quote`), since URL and shell quoting leave SQL's quotes alone.
 */
export function isQuotingName(name: string, object?: string, imported?: string): boolean {
  const module = imported?.replace(/\.[^.]+$/, "");
  if (URL_QUOTING.test(name) || NOT_SQL_QUOTING.test(object ?? module ?? "")) return false;
  return QUOTING.test(name) || (object === undefined && QUOTING_ALIAS.test(name));
}

/**
 * A helper defined in the file under a quoting name counts only if its body escapes something:
 * `def quote(x): return '"%s"' % x` only decorates the value, and an attacker can name it so.
 */
export const ESCAPES_IN_BODY = /\.(?:replace|translate)\(|\bre\.sub\(|\b(?:quote_name|quote_ident|escape_\w+)\(|identifier_preparer\.quote/;
