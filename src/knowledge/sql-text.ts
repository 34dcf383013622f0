// Whether a string is SQL text, for every rule and contract, read at two strengths. Anywhere in a
// file (a contract looking for raw SQL among all string literals) a string is SQL only when it opens
// with a whole statement, so UI prose ("Select one from the list") is not. Handed to a query API
// (a rule's sink: `db.get(text)`), a statement keyword or clause is enough, since the call already
// says the text is a query.

/** Where the text was found: any string literal, or the text argument of a query call. */
export type SqlPlace = "anywhere" | "query";

/**
 * SQL statements as they start. Keywords are upper case here (lower-case SQL is handled below),
 * so "Select one from the list" is prose.
 */
const SQL_START =
  /^\s*(?:(?:SELECT\s+[^;]{1,300}?\s+FROM\s+[\w."`[\]]+|INSERT\s+(?:OR\s+\w+\s+)?INTO\s+[\w."`[\]]+|UPDATE\s+[\w."`[\]]+\s+SET\s|DELETE\s+FROM\s+[\w."`[\]]+|CREATE\s+(?:UNIQUE\s+)?(?:TABLE|INDEX|VIEW)\s|ALTER\s+TABLE\s|DROP\s+(?:TABLE|INDEX|VIEW)\s|TRUNCATE\s+(?:TABLE\s+)?[\w."`[\]]+|WITH\s+(?:RECURSIVE\s+)?\w+\s+AS\s*\(\s*SELECT\s|REPLACE\s+INTO\s|MERGE\s+INTO\s|PRAGMA\s+\w+))/;

const KEYWORDS = /\b(?:select|distinct|from|insert|or|into|update|set|delete|create|unique|table|index|view|alter|drop|truncate|with|recursive|as|replace|merge|pragma)\b/gi;
/** Lower-case SQL also needs a clause prose lacks, so "select one from the list" stays prose. */
const LOWER_SQL_MARK = /\b(?:where|join|order by|group by|limit|values|returning)\b|[*;=?]|%s|\$\d|:\w/;

/** At a query API: any statement keyword opening the text, or a clause anywhere in it. */
const QUERY_SHAPES = [
  /^\s*(?:select|insert|update|delete|with|set|create|drop|alter|truncate|call|exec|begin|grant|revoke|copy|listen|notify|vacuum|analyze|explain|show|pragma)\s/i,
  /\bselect\b[\s\S]*?\bfrom\b/i,
  /\binsert\s+(?:or\s+\w+\s+)?into\b/i,
  /\bupdate\s+\S+\s+set\b/i,
  /\bdelete\s+from\b/i,
  /\b(?:create|drop|alter|truncate)\s+(?:table|index|view|schema|database)\b/i,
  /\bpragma\s+\w/i,
  /\bwhere\s+[\w."`]+\s*(?:=|<|>|!=|\blike\b|\bin\b|\bis\b)/i,
  /\b(?:SELECT|FROM|WHERE|ORDER BY|GROUP BY|HAVING|LIMIT|OFFSET|VALUES|JOIN|UNION|RETURNING|INSERT|UPDATE|DELETE)\b/,
];

function opensStatement(text: string): boolean {
  if (SQL_START.test(text)) return true;
  const head = text.slice(0, 400);
  const keywords = head.match(KEYWORDS) ?? [];
  if (keywords.some((w) => w !== w.toLowerCase()) || !LOWER_SQL_MARK.test(head)) return false;
  return SQL_START.test(head.replace(KEYWORDS, (w) => w.toUpperCase()));
}

export function looksLikeSql(text: string, place: SqlPlace = "anywhere"): boolean {
  return opensStatement(text) || (place === "query" && QUERY_SHAPES.some((re) => re.test(text)));
}

/**
 * Statements that take no bind parameters at all (session and transaction control, cursor
 * commands, Oracle's ALTER SESSION; also after a `;`, as in `"; ".join(statements)`): their variable parts are names and keywords, so "use placeholders" cannot apply.
 */
export const CONTROL_STATEMENT =
  /^[\s;]*(?:SET\b|ALTER\s+SESSION\b|PRAGMA\b|SAVEPOINT\b|RELEASE\b|ROLLBACK\s+TO\b|XA\b|PREPARE\s+TRANSACTION\b|(?:COMMIT|ROLLBACK)\s+PREPARED\b|USE\b|DECLARE\b|FETCH\b|CLOSE\b|MOVE\b)/i;

/**
 * Database-level DDL and grants: every variable part is the name of a database, schema, user or
 * role, which no driver binds. Built from request data it is blocking; otherwise a reviewer checks
 * where the name comes from.
 */
export const NAME_ONLY_DDL = /^[\s;]*(?:(?:CREATE|DROP|ALTER)\s+(?:DATABASE|SCHEMA|USER|ROLE|TABLESPACE|LOGIN|COLLATION)\b|(?:GRANT|REVOKE)\b)/i;

/**
 * A non-constant part inside quotes in a SET (`SET @a := "${v}"`, `SET TIME ZONE '%s'`, an f-string's
 * `'{v}'`): a value, not a name. Client-side binding (mysql2, psycopg2, MySQLdb) binds it, and on
 * PostgreSQL `set_config('TimeZone', $1, false)` does, so placeholders are the fix. The value
 * flows mark a part with U+0000 (TS) or leave a space, `%s` or `{}` where it was (Python).
 */
const QUOTED_SLOT = /(["'])(?:\u0000|\s*|%s|%\(\w+\)s|\{\w*\})\1/;

/** Whether `text` is a statement that binds nothing, with no value in quotes in it. */
export function bindsNothing(text: string): boolean {
  return CONTROL_STATEMENT.test(text) && !(/^[\s;]*SET\b/i.test(text) && QUOTED_SLOT.test(text));
}

/**
 * Where a non-constant part sits in SQL text. A `value` slot (in single quotes, compared,
 * listed in `IN (…)`/`VALUES (…)`, a LIMIT, arithmetic) could have been a bound parameter, so
 * building it in is a mistake whoever supplies it; a `name` slot (a table, a column, a quoted
 * identifier, a whole clause) cannot be bound, and is only as safe as where it comes from.
 */
export type SlotKind = "value" | "name";

/** Text before a slot that makes it a value: a comparison, assignment, arithmetic or a value keyword. */
const VALUE_BEFORE = /(?:[=<>+\-/]|\|\||\b(?:LIKE|ILIKE|LIMIT|OFFSET|THEN|ELSE|REGEXP|SIMILAR\s+TO|BETWEEN(?:\s+\S+\s+AND)?))\s*$/i;
/** An opening parenthesis whose list holds values. */
const VALUE_LIST = /\b(?:IN|VALUES|ANY)\s*$|\)\s*,\s*$/i;

/** The quote the slot at `at` sits inside and where it opens: `'` (a string), `"`/`` ` ``/`[` (an identifier), or none. */
function openQuote(text: string, at: number): { quote: string; from: number } | undefined {
  let open: { quote: string; from: number } | undefined;
  for (let i = 0; i < at; i++) {
    const ch = text[i]!;
    if (open) {
      if (ch === (open.quote === "[" ? "]" : open.quote)) open = undefined;
    } else if (ch === "'" || ch === '"' || ch === "`" || ch === "[") open = { quote: ch, from: i };
  }
  return open;
}

/** A `"…"` opening at `from` compared or assigned, and not qualifying a name (`= "t"."id"`). */
function mysqlString(text: string, from: number, at: number): boolean {
  const close = text.indexOf('"', at);
  return VALUE_BEFORE.test(text.slice(Math.max(0, from - 200), from)) && !(close >= 0 && text[close + 1] === ".");
}

/** The text before the innermost `(` still open at `at`, or undefined outside parentheses. */
function beforeOpenParen(text: string, at: number): string | undefined {
  let depth = 0;
  for (let i = at - 1; i >= 0; i--) {
    if (text[i] === ")") depth++;
    else if (text[i] === "(") {
      if (depth === 0) return text.slice(0, i);
      depth--;
    }
  }
  return undefined;
}

/**
 * The kind of the slot at offset `at` of `text` (the text with the slot's own characters left in or
 * out). A `"…"` compared or assigned (`= "${v}"`, `SET @a := "${v}"`) is a MySQL string, a value.
 * Given `end`, where the slot's own characters end, a slot qualifying a name (`${alias}.id`) is a name.
 */
export function slotAt(text: string, at: number, end?: number): SlotKind {
  return syntacticSlot(text, at, end) === "value" && !holdsNames(text, at) ? "value" : "name";
}

function syntacticSlot(text: string, at: number, end?: number): SlotKind {
  const open = openQuote(text, at);
  if (open) return open.quote === "'" || (open.quote === '"' && mysqlString(text, open.from, at)) ? "value" : "name";
  // The name after the dot may itself be a part, or a name the flow reads as constant without its text.
  if (end !== undefined && /^\.(?!\d)/.test(text.slice(end, end + 2))) return "name";
  const before = text.slice(Math.max(0, at - 200), at);
  if (VALUE_BEFORE.test(before)) return "value";
  if (/[(,]\s*$/.test(before)) {
    const list = beforeOpenParen(text, at);
    if (list !== undefined && VALUE_LIST.test(list)) return "value";
  }
  return "name";
}

/** Settings whose value names a schema or a role: an identifier, even when written in quotes. */
const NAMED_SETTING = /^\s*SET\s+(?:(?:SESSION|LOCAL)\s+)?(?:search_path|schema|role|session\s+authorization)\b/i;
/** System catalogs (SQLite, PostgreSQL, SQL Server, Oracle, MySQL, information_schema); Oracle's views by name, so an application's `user_accounts` is not one. */
const CATALOG = /^(?:information_schema\.\w+|sqlite_(?:master|schema|temp_master)|pg_catalog\.\w+|pg_(?:class|namespace|tables|indexes|views|matviews|attribute|constraint|type|proc|roles|user|database|sequences|trigger)|sys\.\w+|(?:all|user|dba)_(?:tables|tab_columns|tab_cols|indexes|ind_columns|constraints|cons_columns|views|sequences|objects|users|synonyms|triggers|source)|mysql\.\w+)$/i;
/** Where a table list ends. */
const LIST_END = /\b(?:WHERE|JOIN|ON|GROUP|ORDER|LIMIT|UNION|HAVING|WINDOW|FOR)\b|[;)]/i;

/**
 * A value that names something: the statement around `at` sets a schema or role
 * (`SET search_path = '…'`), or reads system catalogs only (`… FROM sqlite_master WHERE name = '…'`),
 * whose compared values are names of tables, indexes, schemas and roles. Comments and strings are
 * left out, and one other table (a join, a comma, a dynamic FROM) makes it an ordinary query.
 */
function holdsNames(text: string, at: number): boolean {
  const statement = text.slice(text.lastIndexOf(";", at - 1) + 1, text.indexOf(";", at) < 0 ? text.length : text.indexOf(";", at));
  if (NAMED_SETTING.test(statement)) return true;
  const plain = statement.replace(/--[^\n]*|\/\*[\s\S]*?\*\//g, " ").replace(/'(?:[^']|'')*'/g, "''");
  const froms = [...plain.matchAll(/\b(?:FROM|JOIN)\s+/gi)];
  return froms.length > 0 && froms.every((m) => {
    const rest = plain.slice(m.index + m[0].length);
    const list = rest.slice(0, rest.search(LIST_END) < 0 ? rest.length : rest.search(LIST_END));
    const [table, ...more] = list.trim().split(/\s+/);
    // `FROM sqlite_master`, `FROM pg_catalog.pg_class c`: one catalog, at most an alias, no comma.
    return !list.includes(",") && more.length <= (more[0]?.toUpperCase() === "AS" ? 2 : 1) && CATALOG.test((table ?? "").replace(/["`[\]]/g, ""));
  });
}
