// Architecture rules as data (after dependency-cruiser): each says why, and how to fix a break.
import { describe, expect, it } from "@jest/globals";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

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
