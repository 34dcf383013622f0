// The rules' text gates (VerifierModule.gate), applied in one place: the runner asks here before
// running a rule, so a file no rule can report on is never parsed. A gate must see every form a
// name can take for the parser: JS/TS identifiers may be unicode escapes (`db.\u0071uery`), Python
// identifiers are NFKC-normalised (`cur.ｅｘｅｃｕｔｅ`), so those texts are searched too.
import type { Language, VerifierModule } from "../verifiers/types.js";
import type { FileSource } from "../verifiers/any/formats/cached.js";
import { searchText } from "../verifiers/typescript/source.js";

const NON_ASCII = /[^\x00-\x7f]/;

/** True when `file` may hold something the rule reports (always, for a rule without a gate). */
export function passesGate(rule: Pick<VerifierModule, "gate">, language: Language, file: FileSource): boolean {
  const gate = rule.gate;
  if (!gate) return true;
  if (gate.test(file.text)) return true;
  if (language === "typescript" || language === "javascript") return file.text.includes("\\") && gate.test(searchText(file));
  // NFKC over the whole text (strings too) only widens what can match: still a necessary condition.
  if (language === "python") return NON_ASCII.test(file.text) && gate.test(file.text.normalize("NFKC"));
  return false;
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

/**
 * Any of `names` as a property after `.` (or `?.`), whitespace and comments allowed between: a JS/TS
 * method call on a receiver (`pool.query(…)`, `db\n  ./* c *\/ run(…)`) always has it; a method's
 * declaration (`query(sql: string): void;` in a .d.ts) does not. `db["query"]` counts as the same call.
 */
export function memberGate(names: Iterable<string>, ...more: RegExp[]): RegExp {
  const extra = union(more);
  const list = alternatives(names);
  // `db["query"](…)` is the same call as `db.query(…)`.
  return new RegExp(`\\.(?:\\s|\\/\\*[\\s\\S]*?\\*\\/|\\/\\/[^\\n]*\\n)*(?:${list})(?![\\w$])|\\[\\s*["'\`](?:${list})["'\`]\\s*\\]${extra}`);
}
