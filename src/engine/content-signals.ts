// Content signals: what in a file's text puts it in a scope. The data-layer and query signals
// are built from the rules' own vocabularies (the data modules the contracts know, the sinks the
// SQL rules look for), so a driver or sink a rule knows can never leave a file unscoped. The
// other scopes' signals are regexes in rules/scopes.yml.
import { isDataModule } from "./contracts/knowledge.js";
import type { Language } from "../verifiers/types.js";
import * as py from "../verifiers/python/sql-sinks.js";
import * as tsq from "../verifiers/typescript/sql-sinks.js";

export interface SignalHit {
  index: number;
  match: string;
}

export interface ContentSignal {
  languages: Language[];
  reason: string;
  /** The first place in the text where the signal fires. */
  find(text: string): SignalHit | undefined;
}

/** A signal from rules/scopes.yml: "m" so that ^ anchors at each line. */
export function regexSignal(languages: Language[], pattern: string, flags: string | undefined, reason: string): ContentSignal {
  const re = new RegExp(pattern, `m${flags ?? ""}`);
  return {
    languages,
    reason,
    find: (text) => {
      const m = re.exec(text);
      return m ? { index: m.index, match: m[0] } : undefined;
    },
  };
}

/** The first match of `re` (global) that `accept` takes. */
function first(re: RegExp, accept: (m: RegExpExecArray) => boolean): (text: string) => SignalHit | undefined {
  return (text) => {
    for (const m of text.matchAll(re)) if (accept(m)) return { index: m.index, match: m[0] };
    return undefined;
  };
}

const alternatives = (names: Iterable<string>) => [...names].map((n) => n.replace(/[$]/g, "\\$")).join("|");

/** `import os, asyncpg as pg` and `from psycopg2.extras import …`: every module named. */
const PY_IMPORT = /^[ \t]*(?:from[ \t]+([\w.]+)[ \t]+import\b|import[ \t]+(\w[\w., \t]*))/gm;
function pyModules(m: RegExpExecArray): string[] {
  if (m[1]) return [m[1]];
  return (m[2] ?? "").split(",").map((part) => part.trim().split(/[ \t]+/)[0] ?? "");
}

/** `from "pg"`, `require("mysql2/promise")`, `import("knex")`, `import "reflect-metadata"` (one `\b` for three: faster, same matches). */
const JS_IMPORT = /(?:\b(?:from\s*|require\(\s*|import\(\s*)|^[ \t]*import\s*)["']([^"']+)["']/gm;

const PY_STRONG_CALL = new RegExp(`\\.\\s*(?:${alternatives([...py.SQL_METHODS, ...py.RAW_METHODS])})\\s*\\(|\\b(?:${alternatives(py.SQL_FUNCTIONS.filter((f) => f !== "text"))})\\s*\\(`, "g");
/** `conn.fetch(`: the receiver starts where a dotted name starts (same matches, half the time on SymPy). */
const PY_FETCH = new RegExp(`(?<![\\w.])([\\w.]+)\\.(?:${alternatives(py.FETCH_METHODS)})\\s*\\(`, "g");
/** DynamoDB expressions passed by name (boto3 keyword arguments, AWS SDK command inputs). */
const DYNAMO_EXPRESSION = new RegExp(`\\b(?:${alternatives(py.DYNAMO_EXPRESSIONS)})\\s*[=:]`, "g");
/**
 * `owner.name(`, `owner?.name<T>(`, `` sql.raw` `` with `name` one the SQL rules know, found at the
 * `.` and the owner read back from there (`owner` = group 2, `name` = group 3): trying every
 * identifier as an owner took 0.25-0.35 s on Babylon.js, on the scan's thread before any worker starts.
 * A knex or Prisma raw call needs no owner (`knex("users").whereRaw(…)` ends a chain).
 */
const JS_CALL = new RegExp(
  `\\.(?<=(?:(?<![\\w$])(([\\w$]+)\\s*\\??))?\\.)\\s*(${alternatives([...tsq.KNEX_RAW, ...tsq.PRISMA, ...tsq.DRIVER])})(?![\\w$])\\s*(?:<[^<>()]*>\\s*)?[(\`]`,
  "g",
);

/** The first query call (JS_CALL), from the start of its owner. */
function jsQueryCall(text: string): SignalHit | undefined {
  for (const m of text.matchAll(JS_CALL)) {
    const [, before = "", owner, name = ""] = m;
    if (tsq.KNEX_RAW.has(name) || tsq.PRISMA.has(name) || (owner !== undefined && tsq.DB_RECEIVER.test(owner))) {
      return { index: m.index - before.length, match: before + m[0] };
    }
  }
  return undefined;
}

/** Built-in signals by scope name; a repository's `signals: false` turns them off like the YAML ones. */
export const BUILT_IN_SIGNALS: Record<string, ContentSignal[]> = {
  "data-layer": [
    { languages: ["python"], reason: "imports an ORM or database driver", find: first(PY_IMPORT, (m) => pyModules(m).some(isDataModule)) },
    { languages: ["typescript", "javascript"], reason: "imports an ORM or database driver", find: first(JS_IMPORT, (m) => isDataModule(m[1] ?? "")) },
  ],
  query: [
    {
      languages: ["python"],
      reason: "calls a query API",
      find: (text) => first(PY_STRONG_CALL, () => true)(text) ?? first(PY_FETCH, (m) => py.DB_RECEIVER.test(m[1] ?? ""))(text),
    },
    { languages: ["typescript", "javascript"], reason: "calls a query API", find: jsQueryCall },
    { languages: ["python", "typescript", "javascript"], reason: "builds a DynamoDB expression", find: first(DYNAMO_EXPRESSION, () => true) },
  ],
};
