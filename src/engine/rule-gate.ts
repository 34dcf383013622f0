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
  return new RegExp(`\\.${TRIVIA}(?:${list})(?![\\w$])|\\[${TRIVIA}["'\`](?:${list})["'\`]${TRIVIA}\\]${extra}`);
}

/**
 * Any of `names` as an object literal's key: `name:`, `"name":`, `["name"]:`, comments allowed
 * before the colon. A shorthand `{ name }` has no colon: a rule that reads those needs `wordGate`.
 */
export function keyGate(names: Iterable<string>): RegExp {
  return new RegExp(`(?<![\\w$])(?:${alternatives(names)})(?:["'\`\\]]|${SPACE})*:`);
}

/** Any of `names` as a shorthand property, `{ name }` or `{ a, name, b }`: the key and the variable in one word. */
export function shorthandGate(names: Iterable<string>): RegExp {
  return new RegExp(`[{,]${TRIVIA}(?:${alternatives(names)})${TRIVIA}[,}]`);
}

/** Each of `names` in any case (`[pP][wW][dD]`), for a rule that compares them case-insensitively: a flag would cover the whole gate. */
export const anyCase = (names: Iterable<string>): string[] =>
  [...names].map((n) => n.replace(/[a-z]/gi, (c) => `[${c.toLowerCase()}${c.toUpperCase()}]`));

/** `.name =` or `["name"] =` (comments, `)`, `!` and `as`/`satisfies` allowed before the `=`): an assignment to a member called `name`. */
export function memberAssignGate(names: Iterable<string>): RegExp {
  const list = alternatives(names);
  const member = `\\.${TRIVIA}(?:${list})(?![\\w$])|\\[${TRIVIA}["'\`](?:${list})["'\`]${TRIVIA}\\]`;
  return new RegExp(`(?:${member})(?:[)!]|${SPACE})*(?:=(?![=>])|as(?![\\w$])|satisfies(?![\\w$]))`);
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
  return new RegExp(String.raw`(?:\.${TRIVIA}(?:${list})(?![\w$])|\[${TRIVIA}["'\`](?:${list})["'\`]${TRIVIA}\])${WRAP_END}${TRIVIA}(?:\?\.)?${TRIVIA}[(<]`);
}

/** Any of `names` called as a bare function: `query(sql)`, `query<T>(sql)`, `(query)(sql)`, `(query as Run)(sql)`, `query?.(sql)`, `query!(sql)`. */
export function calleeGate(names: Iterable<string>): RegExp {
  return new RegExp(`(?<![\\w$])(?:${alternatives(names)})${TRIVIA}(?:[(<?!]|(?:\\)${TRIVIA})+\\(|(?:as|satisfies)(?![\\w$]))`);
}

/**
 * A gate of gates. `test` runs each part on its own and stops at the first that decides: one regex
 * of lookaheads would scan the whole text once per part at every start position. Its source states
 * the same condition as one regex, for whoever reads it.
 */
class Gates extends RegExp {
  constructor(
    private readonly parts: readonly RegExp[],
    private readonly every: boolean,
  ) {
    // A flag would be lost in the source (and a part's test would differ from it): spell `i` out with caseless.
    if (parts.some((r) => r.flags !== "")) throw new Error("a gate's parts must not carry flags");
    const sources = parts.map((r) => r.source);
    super(every ? `^${sources.map((r) => `(?=[\\s\\S]*?(?:${r}))`).join("")}` : sources.map((r) => `(?:${r})`).join("|"));
  }

  override test(text: string): boolean {
    return this.every ? this.parts.every((r) => r.test(text)) : this.parts.some((r) => r.test(text));
  }
}

/** A gate matching wherever any of `gates` matches (none may carry flags). */
export function anyOf(...gates: RegExp[]): RegExp {
  return new Gates(gates, false);
}

/** A gate matching a text every one of `gates` matches somewhere, tried in order: put the cheapest and rarest first. */
export function allOf(...gates: RegExp[]): RegExp {
  return new Gates(gates, true);
}

/** One regex for any of `gates`: a single scan of the text, where each part alone would be one scan each. */
export function oneOf(...gates: RegExp[]): RegExp {
  if (gates.some((r) => r instanceof Gates || r.flags !== "")) throw new Error("oneOf takes plain regexes without flags");
  return new RegExp(gates.map((r) => `(?:${r.source})`).join("|"));
}

/**
 * `re` with its `i` flag spelled out (`[dD][bB]`), so it can join a gate without flags. A letter
 * range in a character class would need more than this, so it is refused.
 */
export function caseless(re: RegExp): RegExp {
  if (re.flags.replace("i", "") !== "") throw new Error("caseless: only the i flag is allowed");
  if (!re.flags.includes("i")) return re;
  let out = "";
  let inClass = false;
  const src = re.source;
  for (let i = 0; i < src.length; i++) {
    const ch = src[i] as string;
    if (ch === "\\") {
      out += src.slice(i, i + 2);
      i++;
    } else if (inClass && ch === "]") {
      inClass = false;
      out += ch;
    } else if (!inClass && ch === "[") {
      inClass = true;
      out += ch;
    } else if (/[a-z]/i.test(ch)) {
      if (inClass && (src[i - 1] === "-" || src[i + 1] === "-")) throw new Error(`caseless: a letter range in ${re}`);
      const both = ch.toLowerCase() + ch.toUpperCase();
      out += inClass ? both : `[${both}]`;
    } else out += ch;
  }
  return new RegExp(out);
}

/** `re`'s `^` and `$` (outside character classes) replaced by `start` and `end`. */
function reanchor(re: RegExp, start: string, end: string): string {
  let out = "";
  let inClass = false;
  const src = caseless(re).source;
  for (let i = 0; i < src.length; i++) {
    const ch = src[i] as string;
    if (ch === "\\") {
      out += src.slice(i, i + 2);
      i++;
      continue;
    }
    if (ch === "[") inClass = true;
    else if (ch === "]") inClass = false;
    out += inClass ? ch : ch === "^" ? start : ch === "$" ? end : ch;
  }
  return out;
}

/** A name `re` accepts (a regex over a whole name: `^qb$`, `Pool$`) anywhere, for a rule that also follows a name through a variable (`const b = this.qb`, `new Pool;`). */
export function nameGate(re: RegExp): RegExp {
  return new RegExp(reanchor(re, "\\b", "(?![\\w$])"));
}

/**
 * A name `re` accepts (a regex over a whole name: `^pool$`, `Pool$`) where a receiver or callee
 * stands: followed, past whitespace and comments, by `.`, `?.`, `[`, `(`, `<` (type arguments),
 * `!`, a quote (`this["db"]`), `as`/`satisfies` (`(db as Pool).query`), or closing parentheses
 * and then one of these (`(await db).query`), but not a parameter list's `(db) =>`.
 */
export function receiverGate(re: RegExp): RegExp {
  // `\\b` where the name starts: wider than "no identifier character before" (`$` is none), and faster.
  const name = reanchor(re, "\\b", "(?![\\w$])");
  return new RegExp(`(?:${name})(?=${TRIVIA}(?:\\)${TRIVIA})*(?:[.?[(<!"'\`]|(?:as|satisfies)(?![\\w$])))`);
}

/** A module path `re` accepts (a regex over the whole specifier) in quotes, as an import or `require` writes it. */
export function modulePathGate(re: RegExp): RegExp {
  return new RegExp(reanchor(re, "[\"'`]", "(?=[\"'`])"));
}

/** Any of the module `names` (or prefixes, `@mikro-orm/`) at the start of a quoted string, as an import or `require` writes it. */
export function moduleGate(names: Iterable<string>): RegExp {
  return new RegExp(`["'\`](?:${[...new Set(names)].map((n) => n.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")).join("|")})`);
}
