// The rules' text gates (VerifierModule.gate), applied in one place: the runner asks here before
// running a rule, so a file no rule can report on is never parsed. A gate must see every form a
// name can take for the parser: JS/TS identifiers may be unicode escapes (`db.\u0071uery`), Python
// identifiers are NFKC-normalised (`cur.ｅｘｅｃｕｔｅ`), so those texts are searched too.
import type { Language, VerifierModule } from "../verifiers/types.js";
import { cached, type FileSource } from "../verifiers/any/formats/cached.js";
import { searchText } from "../verifiers/typescript/source.js";

const NON_ASCII = /[^\x00-\x7f]/;

/** True when `file` may hold something the rule reports (always, for a rule without a gate). */
export function passesGate(rule: Pick<VerifierModule, "gate">, language: Language, file: FileSource): boolean {
  const gate = rule.gate;
  if (!gate) return true;
  if (language === "typescript" || language === "javascript") return gate.test(gateText(file));
  if (gate.test(file.text)) return true;
  // NFKC over the whole text (strings too) only widens what can match: still a necessary condition.
  if (language === "python") return NON_ASCII.test(file.text) && gate.test(file.text.normalize("NFKC"));
  return false;
}

/**
 * The text a TS/JS gate (and a rule's own pre-check with it) searches: as written and, when it has
 * escapes, decoded after it, so each part of an `allOf` gate may match in either (a name spelled
 * with escapes, a path string whose decoded escapes would break its literal's shape).
 */
export function gateText(file: FileSource): string {
  return file.text.includes("\\") ? cached(file, "typescript/gate-text", (text) => `${text}\n${searchText(file)}`) : file.text;
}

/** Further alternatives of a gate; a flag would be lost in the union, so none may carry one. */
function union(more: RegExp[]): string {
  if (more.some((r) => r.flags !== "")) throw new Error("a gate's extra alternatives must not carry flags");
  return more.map((r) => `|(?:${r.source})`).join("");
}

const alternatives = (names: Iterable<string>): string => [...new Set(names)].map((n) => n.replace(/[$]/g, "\\$")).join("|");

/**
 * A gate matching any of `names` as a whole identifier (`$` and `_` count as identifier characters,
 * so `$queryRaw` is one name and `query` does not match inside `queryRunner`).
 */
export function wordGate(names: Iterable<string>, ...more: RegExp[]): RegExp {
  const extra = union(more);
  return new RegExp(`(?<![\\w$])(?:${alternatives(names)})(?![\\w$])${extra}`);
}

/** One whitespace character or comment, which may stand between any two tokens. */
const SPACE = String.raw`\s|\/\*(?:[^*]|\*(?!\/))*\*\/|\/\/[^\n]*\n`;
/**
 * Whitespace and comments between two tokens. A block comment ends at its first `*\/`, so a failed
 * match never retries it longer (the lazy `[\s\S]*?` form made a gate quadratic on doc-heavy files).
 */
export const TRIVIA = `(?:${SPACE})*`;

/**
 * Any of `names` as a property after `.` (or `?.`), whitespace and comments allowed between: a JS/TS
 * method call on a receiver (`pool.query(…)`, `db\n  ./* c *\/ run(…)`) always has it; a method's
 * declaration (`query(sql: string): void;` in a .d.ts) does not. `db["query"]` counts as the same call.
 */
export function memberGate(names: Iterable<string>, ...more: RegExp[]): RegExp {
  const extra = union(more);
  const list = alternatives(names);
  // `db["query"](…)` is the same call as `db.query(…)`.
  return new RegExp(`\\.${TRIVIA}(?:${list})(?![\\w$])|\\[\\s*["'\`](?:${list})["'\`]\\s*\\]${extra}`);
}


/**
 * Any of `names` as an object literal's key: `name:`, `"name":`, `["name"]:`, comments allowed
 * before the colon. A shorthand `{ name }` has no colon: a rule that reads those needs `wordGate`.
 */
export function keyGate(names: Iterable<string>): RegExp {
  return new RegExp(`(?<![\\w$])(?:${alternatives(names)})(?:["'\`\\]]|${SPACE})*:`);
}

/** Each of `names` in any case (`[pP][wW][dD]`), for a rule that compares them case-insensitively: a flag would cover the whole gate. */
export const anyCase = (names: Iterable<string>): string[] =>
  [...names].map((n) => n.replace(/[a-z]/gi, (c) => `[${c.toLowerCase()}${c.toUpperCase()}]`));

/** A gate matching a text where every part matches (somewhere): for a report path that needs all of them. */
export function allOf(...parts: RegExp[]): RegExp {
  if (parts.some((r) => r.flags !== "")) throw new Error("allOf's parts must not carry flags");
  return new RegExp(`^${parts.map((r) => `(?=[\\s\\S]*?(?:${r.source}))`).join("")}`);
}

/** `.name =` (comments, `)`, `!` and `as`/`satisfies` allowed before the `=`): an assignment to a member called `name`. */
export function memberAssignGate(names: Iterable<string>): RegExp {
  return new RegExp(`\\.(?:${SPACE})*(?:${alternatives(names)})(?:[)!]|${SPACE})*(?:=(?![=>])|as(?![\\w$])|satisfies(?![\\w$]))`);
}


/** A gate that passes where any of `gates` matches. */
export function anyOf(...gates: RegExp[]): RegExp {
  if (gates.some((r) => r.flags !== "")) throw new Error("the parts of a gate must not carry flags");
  return new RegExp(gates.map((r) => `(?:${r.source})`).join("|"));
}

/** What may stand between an object and the `.` of its member: a closing parenthesis, `!`, `as T)`. */
const WRAP_END = String.raw`(?:${TRIVIA}[!)])*(?:${TRIVIA}(?:as|satisfies)(?![\w$])[\s\S]*?\)(?:${TRIVIA}[!)])*)?`;

/** `holder.name` with `holder` a whole name: also `(holder as T).name`, `holder!?.name`, `x.holder.name`. */
export function accessGate(holders: readonly string[], names: readonly string[]): RegExp {
  return new RegExp(String.raw`(?<![\w$])(?:${alternatives(holders)})(?![\w$])${WRAP_END}${TRIVIA}\??\.${TRIVIA}(?:${alternatives(names)})(?![\w$])`);
}

/**
 * Any of `names` where a chain of member accesses and calls starts, as chainRoot reads it
 * (`res.status(500).json`, `(res as Reply).send`, `res["json"]`, `this.res.end`): not after another
 * `.`, unless after `this.`, and followed by what continues a chain.
 */
export function chainRootGate(names: readonly string[]): RegExp {
  const start = String.raw`(?:(?<![\w$.])|(?<![\w$])this${WRAP_END}${TRIVIA}\??\.${TRIVIA})`;
  return new RegExp(String.raw`${start}(?:${alternatives(names)})(?![\w$])${TRIVIA}(?:[.[(!)]|\?\.|(?:as|satisfies)(?![\w$]))`);
}

/** A member named one of `names` that is accessed further (`req.log.info`, `(req.log as any)["info"]`): a receiver, not a method. */
export function receiverMemberGate(names: readonly string[]): RegExp {
  return new RegExp(String.raw`\.${TRIVIA}(?:${alternatives(names)})(?![\w$])${WRAP_END}${TRIVIA}(?:\?\.\[?|\.|\[)`);
}

/**
 * A call of a method named one of `names`: `x.name(`, `x["name"](`, `x.name?.(`, `x.name<T>(`,
 * `(x.name as F)(`. Only the name as a property counts: `console.log.bind(console)` calls `bind`.
 */
export function callGate(names: Iterable<string>): RegExp {
  const list = alternatives(names);
  return new RegExp(String.raw`(?:\.${TRIVIA}(?:${list})(?![\w$])|\[\s*["'\`](?:${list})["'\`]\s*\])${WRAP_END}${TRIVIA}(?:\?\.)?${TRIVIA}[(<]`);
}
