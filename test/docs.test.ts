// Every rule has a doc page (docs/rules/<id>.md) generated from its YAML, and the pages on
// disk are current: run `npm run docs` after changing a rule's metadata.
import { describe, expect, it } from "@jest/globals";
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { loadCatalogue } from "../src/engine/catalogue.js";
import { ruleDocs } from "../src/engine/replies.js";

const DIR = join("docs", "rules");
const docs = ruleDocs(loadCatalogue());

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [relative(DIR, full).split("\\").join("/")];
  });
}

describe("rule docs", () => {
  it("has a page for every rule and no page for a rule that is gone", () => {
    expect(existsSync(DIR)).toBe(true);
    expect(filesUnder(DIR).sort()).toEqual([...docs.keys()].sort());
  });

  it.each([...docs.keys()])("docs/rules/%s is current (npm run docs)", (file) => {
    expect(readFileSync(join(DIR, file), "utf8")).toBe(docs.get(file));
  });
});
