// Architecture rules as data (after dependency-cruiser): each says why, and how to fix a break.
import { describe, expect, it } from "@jest/globals";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { MAX_FUNCTION_LINES, functionLengths, longestFunctions } from "../scripts/function-lengths.js";

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? sources(full) : full.endsWith(".ts") ? [full] : [];
  });
}

function imports(file: string): string[] {
  const text = readFileSync(file, "utf8");
  return [...text.matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1] ?? m[2] ?? "");
}

const RULES = [
  {
    name: "engine-is-pure",
    why: "The engine must run the same under the app, the CLI and the tests; it sees GitHub only through PullSource.",
    fix: "Move the GitHub call into src/github/ behind a PullSource method and pass the result in.",
    from: ["src/engine", "src/verifiers"],
    forbidden: /^(probot|@octokit\/|octokit)/,
  },
  {
    name: "engine-does-not-reach-up",
    why: "The engine may not depend on the GitHub layer, the handlers or the app wiring.",
    fix: "Invert the dependency: define the shape in src/engine/types.ts and implement it above.",
    from: ["src/engine", "src/verifiers"],
    forbidden: /\/(github|handlers|fake-github)\/|\/app\.js$|\/queue\.js$/,
  },
  {
    name: "handlers-are-thin",
    why: "Handlers answer the webhook at once; evaluations happen on the queue.",
    fix: "Call GateApp from the handler and put the work in src/github/ or the engine.",
    from: ["src/handlers"],
    forbidden: /\/engine\/(scan|run-verifiers|detect|scope)\.js$|\/github\/pull-source\.js$/,
  },
];

describe("architecture", () => {
  for (const rule of RULES) {
    it(`${rule.name}: ${rule.why}`, () => {
      const broken = rule.from.flatMap((dir) =>
        sources(dir).flatMap((file) => imports(file).filter((i) => rule.forbidden.test(i)).map((i) => `${file} imports ${i}`)),
      );
      expect({ broken, fix: broken.length > 0 ? rule.fix : undefined }).toEqual({ broken: [], fix: undefined });
    });
  }

  it("the import scanner sees the imports it must police", () => {
    const sample = join("src", "github", "pull-source.ts");
    expect(imports(sample)).toContain("probot");
  });
});

describe("function length", () => {
  const long = longestFunctions("src").filter((f) => f.lines > MAX_FUNCTION_LINES);

  it(`no function in src/ is over ${MAX_FUNCTION_LINES} lines: long functions hide logic no test reaches`, () => {
    const offenders = long.map((f) => `${f.file}:${f.line} ${f.name} (${f.lines} lines)`);
    expect({ offenders, fix: offenders.length > 0 ? "split them into functions of one concept each" : undefined }).toEqual({ offenders: [], fix: undefined });
  });

  it("measures functions of every form, named by where they sit", () => {
    const body = (n: number) => Array.from({ length: n - 2 }, (_, i) => `  x += ${i};`).join("\n");
    const text = [
      `export function long(x: number) {\n${body(81)}\n}`,
      `const short = (x: number) => {\n${body(80)}\n};`,
      `class Reader {\n  read(x: number) {\n${body(82)}\n  }\n}`,
    ].join("\n");
    const lengths = functionLengths("src/sample.ts", text).map((f) => [f.name, f.lines]);
    expect(lengths).toEqual([["long", 81], ["short", 80], ["Reader.read", 82]]);
  });
});
