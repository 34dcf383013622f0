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
 * `owner.name(`, `owner?.name<T>(`, `` sql.raw` ``. Each name is taken whole, at its start, and
 * never given back (a look-ahead and its back-reference): the same matches as the plain
 * `([\w$]+)\s*\??\.…`, without retrying every suffix of every identifier (quadratic, 0.8 s on Babylon.js).
 */
const JS_CALL = /(?<![\w$])(?=([\w$]+))\1\s*\??\.\s*(?=([\w$]+))\2\s*(?:<[^<>()]*>\s*)?[(`]/g;

function jsQueryCall(m: RegExpExecArray): boolean {
  const [, owner = "", name = ""] = m;
  return tsq.KNEX_RAW.has(name) || tsq.PRISMA.has(name) || (tsq.DRIVER.has(name) && tsq.DB_RECEIVER.test(owner));
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
    { languages: ["typescript", "javascript"], reason: "calls a query API", find: first(JS_CALL, jsQueryCall) },
    { languages: ["python", "typescript", "javascript"], reason: "builds a DynamoDB expression", find: first(DYNAMO_EXPRESSION, () => true) },
  ],
};
