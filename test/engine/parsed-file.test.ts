// Format readers cache their result on the file of the run (ParsedFile.memo), not in a module:
// each file is read once whatever order its rules run in, and two files never share a result.
import { describe, expect, it } from "@jest/globals";
import { ParsedFile } from "../../src/engine/parsed-file.js";
import { parseDockerfile } from "../../src/verifiers/any/formats/dockerfile.js";
import { parseYaml } from "../../src/verifiers/any/formats/yaml.js";
import type { Unchecked } from "../../src/engine/types.js";

function source(path: string, text: string) {
  const file = new ParsedFile(path, "text", text, []);
  return { text: file.text, memo: <T>(key: string, compute: () => T) => file.memo(key, compute) };
}

describe("per-file parse cache", () => {
  it("computes a reader's result once per file and key, however many rules ask", () => {
    const file = new ParsedFile("a.yml", "text", "a: 1\n", []);
    let calls = 0;
    const compute = () => ++calls;
    expect([file.memo("yaml", compute), file.memo("yaml", compute), file.memo("yaml", compute)]).toEqual([1, 1, 1]);
    expect(file.memo("hcl", compute)).toBe(2);
  });

  it("never hands one file's parse to another, in any interleaving (a module's last-file cache could)", () => {
    const a = source("a.yml", "name: a\n");
    const b = source("b.yml", "name: b\n");
    const name = (s: ReturnType<typeof source>) => parseYaml(s)!.docs[0]!.toJSON().name as string;
    expect([name(a), name(b), name(a), name(b)]).toEqual(["a", "b", "a", "b"]);
    expect(parseYaml(a)).toBe(parseYaml(a));
    expect(parseYaml(a)).not.toBe(parseYaml(b));
  });

  it("parses plain text afresh each time (no hidden state between callers)", () => {
    const text = "FROM node:20\nRUN npm ci\n";
    expect(parseDockerfile(text)).not.toBe(parseDockerfile(text));
    expect(parseDockerfile(text).map((i) => i.keyword)).toEqual(["FROM", "RUN"]);
  });

  it("drops the cached results when the file is disposed", () => {
    const incomplete: Unchecked[] = [];
    const file = new ParsedFile("a.yml", "text", "a: 1\n", incomplete);
    let calls = 0;
    file.memo("k", () => ++calls);
    file.dispose();
    expect(file.memo("k", () => ++calls)).toBe(2);
    expect(incomplete).toEqual([]);
  });
});
