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

/**
 * A gate matching any of `names` as a whole identifier (`$` and `_` count as identifier characters,
 * so `$queryRaw` is one name and `query` does not match inside `queryRunner`).
 */
export function wordGate(names: Iterable<string>, ...more: RegExp[]): RegExp {
  const words = [...new Set(names)].map((n) => n.replace(/[$]/g, "\\$")).join("|");
  const extra = more.map((r) => `|(?:${r.source})`).join("");
  return new RegExp(`(?<![\\w$])(?:${words})(?![\\w$])${extra}`);
}
