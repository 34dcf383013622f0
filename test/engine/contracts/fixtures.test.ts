// The fixture projects under test/fixtures/contracts/<framework>/: a clean project, and a
// violating overlay (the files an agent's PR adds or changes) whose lines carry
// `expect: contracts/<rule>` marks. Each is checked locally (the CLI, every finding counts) and as a
// pull request onto the clean project (only findings absent from the clean base count).
import { afterAll, describe, expect, it } from "@jest/globals";
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { parse } from "yaml";
import { main } from "../../../src/cli/main.js";
import { loadCatalogue } from "../../../src/engine/catalogue.js";
import { parseConfig } from "../../../src/engine/config.js";
import { scanPull } from "../../../src/engine/scan.js";
import { unifiedPatch } from "../../../src/fake-github/state.js";
import { loadVerifiers } from "../../../src/verifiers/registry.js";
import { MemorySource } from "../../support/memory-source.js";

const ROOT = join("test", "fixtures", "contracts");
const FRAMEWORKS = ["flask", "fastapi", "django", "aiohttp", "express", "fastify", "hono", "koa", "nestjs"];
const COPILOT = { login: "Copilot", id: 198982749, type: "Bot" };
const catalogue = loadCatalogue();

function files(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const full = join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else out[relative(dir, full).split("\\").join("/")] = readFileSync(full, "utf8");
    }
  };
  walk(dir);
  return out;
}

/** "path:line rule" for every `expect:` mark in the overlay. */
function marked(overlay: Record<string, string>): string[] {
  return Object.entries(overlay)
    .flatMap(([path, text]) =>
      text.split("\n").flatMap((line, i) => {
        const m = /expect: (contracts\/[\w-]+(?:,\s*contracts\/[\w-]+)*)/.exec(line);
        return m ? m[1]!.split(/,\s*/).map((rule) => `${path}:${i + 1} ${rule}`) : [];
      }),
    )
    .sort();
}

function contractFindings(findings: { file: string; line: number; ruleId: string }[]): string[] {
  return findings.filter((f) => f.ruleId.startsWith("contracts/")).map((f) => `${f.file}:${f.line} ${f.ruleId}`).sort();
}

async function cli(dir: string, configFile: string) {
  let out = "";
  const code = await main(["scan", "--format", "json", "--config", configFile, dir], { out: (t) => (out += t), err: () => {} });
  return { code, findings: (JSON.parse(out) as { findings: { file: string; line: number; ruleId: string; message: string }[] }).findings };
}

const temps: string[] = [];
afterAll(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe.each(FRAMEWORKS)("contracts on the %s fixture", (framework) => {
  const dir = join(ROOT, framework);
  const configFile = join(dir, "agent-gate.yml");
  const clean = files(join(dir, "clean"));
  const overlay = files(join(dir, "violating"));
  const expected = marked(overlay);

  it("declares every contract kind and marks a violation of each", () => {
    const kinds = new Set(expected.map((e) => e.split(" ")[1]));
    expect([...kinds].sort()).toEqual(["contracts/confine", "contracts/data-access", "contracts/database", "contracts/layers", "contracts/orm", "contracts/require-auth"]);
  });

  it("finds nothing at all in the clean project", async () => {
    const { code, findings } = await cli(join(dir, "clean"), configFile);
    expect(findings.map((f) => `${f.file}:${f.line} ${f.ruleId}: ${f.message}`)).toEqual([]);
    expect(code).toBe(0);
  });

  it("reads the clean project with every contract: each layer imports the one below, route files, ORM, engine and confined APIs", async () => {
    const source = new MemorySource({ meta: { author: COPILOT }, files: clean });
    const config = parseConfig(parse(readFileSync(configFile, "utf8")), catalogue);
    const scan = await scanPull(source, config, { catalogue, verifiers: [] });
    expect(contractFindings(scan.findings)).toEqual([]);
    const edges = (scan.contracts?.layers?.edges ?? []).map((e) => `${e.from} → ${e.to}: ${e.verdict}`);
    expect(edges).toEqual(expect.arrayContaining(["routes → services: allowed", "services → repositories: allowed", "repositories → models: allowed"]));
    expect(edges.every((e) => e.endsWith("allowed"))).toBe(true);
    const reasons = scan.scopedFiles.flatMap((f) => f.scopes.filter((x) => x.scope === "contracts").map((x) => x.reason)).join(", ");
    for (const kind of ["layer `routes`", "route file", "orm", "database", "confine"]) expect(reasons).toContain(kind);
  });

  it("finds exactly the marked violations when the whole project is scanned", async () => {
    const tmp = mkdtempSync(join(tmpdir(), `agent-gate-${framework}-`));
    temps.push(tmp);
    cpSync(join(dir, "clean"), tmp, { recursive: true });
    cpSync(join(dir, "violating"), tmp, { recursive: true });
    const { code, findings } = await cli(tmp, configFile);
    expect(contractFindings(findings)).toEqual(expected);
    expect(code).toBe(1);
  });

  it("finds exactly the marked violations on a pull request that makes them, reading the head's file list once", async () => {
    const source = new MemorySource({
      meta: { author: COPILOT },
      files: Object.fromEntries(
        Object.entries(overlay).map(([path, text]) => [path, { text, status: clean[path] === undefined ? "added" : "modified", patch: unifiedPatch(clean[path], text) }]),
      ),
      unchanged: Object.fromEntries(Object.entries(clean).filter(([path]) => overlay[path] === undefined)),
      base: clean,
    });
    const config = parseConfig(parse(readFileSync(configFile, "utf8")), catalogue);
    const scan = await scanPull(source, config, { catalogue, verifiers: loadVerifiers(catalogue) });
    expect(contractFindings(scan.findings)).toEqual(expected);
    expect(source.calls.filter((c) => c === "tree")).toHaveLength(1);
    expect(source.calls.filter((c) => c === "fileTexts").length).toBeLessThanOrEqual(2);
    const edges = scan.contracts?.layers?.edges ?? [];
    expect(edges.some((e) => e.verdict !== "allowed")).toBe(true);
  });
});
