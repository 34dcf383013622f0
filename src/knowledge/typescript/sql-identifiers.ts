// What cannot carry an attacker's SQL although it is not a literal: schema identifiers (names
// read from metadata or made by naming helpers) and identifiers whose quote is escaped. The SQL
// rule's policy over the value flow (./value-flow.ts).
import { ts } from "ts-morph";
import { nameWords } from "../../verifiers/names.js";
import { calleeName, unwrap } from "../../analysis/typescript/expressions.js";
import { stringValue } from "../../analysis/typescript/literals.js";
import { inSet, type FlowPolicy } from "../../analysis/typescript/value-flow.js";

/**
 * Schema identifiers. A name ending in one of IDENTIFIER_ENDS names a schema object (`TABLE_SCHEMA`,
 * `currentDatabase`); one ending in `name`/`path`/`alias` only with a schema noun in it or in what it
 * is read from (`tableName`, `junctionAlias`, `view.name`, `dbIndex["name"]`): `user.name` is data.
 */
const IDENTIFIER_ENDS = new Set(["schema", "database", "catalog", "table"]);
const NAME_ENDS = new Set(["name", "path", "alias"]);
const SCHEMA_NOUNS = new Set([
  ...["table", "column", "schema", "database", "db", "catalog", "index", "view", "constraint", "sequence", "enum", "trigger"],
  ...["relation", "join", "junction", "property", "entity", "metadata", "alias", "key"],
]);
/** Verbs of helpers returning a name or placeholder they made: `getTableName`, `buildAlias`, `createParameter`. */
const HELPER_VERBS = new Set(["get", "parse", "build", "create", "generate", "compile", "format", "make", "resolve"]);
const MADE_ENDS = new Set(["alias", "parameter", "placeholder"]);
/** `runQuery`, `executeSql` send SQL rather than build it. */
const RUN_VERBS = new Set(["run", "exec", "execute", "raw", "send", "fetch", "perform"]);
/** A name that says it holds a schema identifier; `owner` is what it is read from, for a bare `name`. */
export function namesIdentifier(name: string, owner: string | undefined): boolean {
  const words = nameWords(name);
  const last = words.at(-1);
  if (!last) return false;
  if (inSet(IDENTIFIER_ENDS, last)) return true;
  if (!inSet(NAME_ENDS, last)) return false;
  return [...words.slice(0, -1), ...nameWords(owner ?? "")].some((w) => inSet(SCHEMA_NOUNS, w));
}

/** A helper whose name says it returns SQL it built or an identifier: `buildCreateColumnSql`, `selectQuery`, `getTableName`. */
function namesBuilder(name: string): boolean {
  const words = nameWords(name);
  const first = words[0];
  const last = words.at(-1);
  if (!first || !last || words.length < 2) return false;
  if (last === "sql" || last === "query") return !RUN_VERBS.has(first);
  return HELPER_VERBS.has(first) && (MADE_ENDS.has(last) || namesIdentifier(name, undefined));
}

/**
 * `"${s.replace(/"/g, '""')}"`: a quoted identifier whose quote is doubled cannot be left. Only
 * identifier quotes: in a MySQL string a backslash in the value can undo a doubled `'`.
 */
function escapesQuote(e: ts.Expression, before: string, after: string): boolean {
  const call = unwrap(e);
  if (!ts.isCallExpression(call) || !/^replace(?:All)?$/.test(calleeName(call) ?? "")) return false;
  const [pattern, replacement] = call.arguments;
  if (!pattern || !replacement) return false;
  const quote = ts.isRegularExpressionLiteral(pattern) ? /^\/\\?(["`])\/g[a-z]*$/.exec(pattern.text)?.[1] : stringValue(pattern);
  if (!quote || !/^["`]$/.test(quote) || !before.endsWith(quote) || !after.startsWith(quote)) return false;
  return stringValue(replacement) === quote + quote;
}

export const SQL_POLICY: FlowPolicy = {
  id: "sql",
  safeName: namesIdentifier,
  safeHelper: (name, owner) => namesBuilder(name) || namesIdentifier(name, owner),
  escapedIn: escapesQuote,
};
