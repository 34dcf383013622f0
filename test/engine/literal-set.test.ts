// LiteralSet must answer exactly what `includes` answers for every word: overlapping words, a word
// inside another, a match cut by a non-ASCII character, and random texts checked against the oracle.
import { describe, expect, it } from "@jest/globals";
import { LiteralSet } from "../../src/engine/literal-set.js";
import { TOKEN_FORMATS } from "../../src/knowledge/token-formats.js";

const byIncludes = (words: string[], text: string): string[] => words.filter((w) => text.includes(w)).sort();
const found = (set: LiteralSet, text: string): string[] => [...set.presentIn(text)].sort();

describe("LiteralSet", () => {
  const words = ["he", "she", "his", "hers", "ghp_", "gh", "SG.", "xoxb-", "AKIA"];
  const set = new LiteralSet(words);

  it.each([
    ["ushers", ["he", "hers", "she"]],
    ["token = 'ghp_abc'", ["gh", "ghp_"]],
    ["SG.x and xoxb-1", ["SG.", "xoxb-"]],
    ["AKI AKIA", ["AKIA"]],
    ["AKéIA ghé_", ["gh"]],
    ["", []],
    ["h", []],
  ])("%j holds %j", (text, want) => {
    expect(found(set, text)).toEqual(want);
    expect(found(set, text)).toEqual(byIncludes(words, text));
  });

  it("agrees with includes on random texts over the words' alphabet, for the token-format hints too", () => {
    const hints = [...new Set(TOKEN_FORMATS.flatMap((f) => f.hint))];
    const hintSet = new LiteralSet(hints);
    const alphabet = [...new Set([...words, ...hints].join("") + "é \n")];
    let seed = 7;
    const random = (n: number): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    for (let round = 0; round < 300; round++) {
      const pieces = Array.from({ length: 20 }, () => (random(3) === 0 ? hints[random(hints.length)]!.slice(0, 1 + random(6)) : alphabet[random(alphabet.length)]!));
      const text = pieces.join("");
      expect(found(set, text)).toEqual(byIncludes(words, text));
      expect(found(hintSet, text)).toEqual(byIncludes(hints, text));
    }
  });

  it("refuses words it cannot match in one pass", () => {
    expect(() => new LiteralSet(["ok", ""])).toThrow(/non-empty ASCII/);
    expect(() => new LiteralSet(["clé"])).toThrow(/non-empty ASCII/);
  });
});
