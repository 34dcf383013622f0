// The Dockerfile as written, checked without a Docker engine (none runs here): its COPY sources
// exist and are not excluded by .dockerignore, the build stage's files compile to the CMD's entry,
// and the runtime stage's production-only install starts the app (GET /ping answers PONG, and
// GET /metrics on METRICS_PORT).
// The install is `npm ci --offline`: it reads the npm cache the project's own `npm ci` filled and
// never reaches the network; an empty cache fails this test with npm's ENOTCACHED, never skips it.
import { execFile, spawn } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "@jest/globals";
import { throwawayPrivateKey } from "../src/fake-github/harness.js";

const ROOT = process.cwd();
const run = promisify(execFile);

interface Copy {
  from?: string;
  sources: string[];
  dest: string;
}

interface Stage {
  copies: Copy[];
  runs: string[];
  cmd?: string[];
  env: Record<string, string>;
}

/** The stages of the Dockerfile, with continuation lines joined. */
function parseDockerfile(text: string): Stage[] {
  const stages: Stage[] = [];
  const lines = text.replace(/\\\n/g, " ").split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("#"));
  for (const line of lines) {
    const [instruction, ...rest] = line.split(/\s+/);
    const args = rest.join(" ");
    if (instruction === "FROM") stages.push({ copies: [], runs: [], env: {} });
    const stage = stages[stages.length - 1];
    if (!stage) continue;
    if (instruction === "COPY") {
      const from = /^--from=(\S+)/.exec(rest[0] ?? "")?.[1];
      const paths = from ? rest.slice(1) : rest;
      stage.copies.push({ ...(from ? { from } : {}), sources: paths.slice(0, -1), dest: paths[paths.length - 1]! });
    }
    if (instruction === "RUN") stage.runs.push(args);
    if (instruction === "CMD") stage.cmd = JSON.parse(args) as string[];
    if (instruction === "ENV") for (const m of args.matchAll(/(\w+)=(\S+)/g)) stage.env[m[1]!] = m[2]!;
  }
  return stages;
}

const stages = parseDockerfile(readFileSync(join(ROOT, "Dockerfile"), "utf8"));
const ignored = readFileSync(join(ROOT, ".dockerignore"), "utf8").split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("#"));
const work = mkdtempSync(join(tmpdir(), "agent-gate-docker-"));

afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Copies a stage's COPY instructions from the build context (or an earlier stage's /app) into `dir`. */
function applyCopies(stage: Stage, dir: string, stageDirs: Record<string, string>): void {
  for (const copy of stage.copies) {
    const base = copy.from ? stageDirs[copy.from] : ROOT;
    if (!base) throw new Error(`COPY --from=${copy.from}: no such stage`);
    for (const source of copy.sources) {
      const from = copy.from ? join(base, source.replace(/^\/app\/?/, "")) : join(base, source);
      const to = copy.dest.endsWith("/") ? join(dir, copy.dest, source.split("/").pop()!) : join(dir, copy.dest);
      cpSync(from, to, { recursive: true });
    }
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

/** Polls GET /ping until it answers or the deadline passes; the child's output explains a failure. */
async function ping(url: string, deadline: number, exited: () => string | undefined): Promise<string> {
  for (;;) {
    const gone = exited();
    if (gone !== undefined) throw new Error(`the app exited before answering: ${gone}`);
    try {
      const res = await fetch(url);
      return `${res.status} ${await res.text()}`;
    } catch {
      if (Date.now() > deadline) throw new Error("GET /ping did not answer in time");
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

describe("Dockerfile", () => {
  const [build, runtime] = stages;

  it("has a build stage and a runtime stage whose CMD starts Probot on the compiled entry", () => {
    expect(stages).toHaveLength(2);
    // start.js runs Probot with the app's Octokit (rate limits retried), which `probot run` cannot be given.
    expect(runtime!.cmd).toEqual(["node", "dist/src/start.js"]);
    expect(runtime!.runs.some((r) => /^npm ci\b.*--omit=dev/.test(r))).toBe(true);
    expect(runtime!.env.NODE_ENV).toBe("production");
  });

  it("copies only sources that exist and that .dockerignore leaves in the build context", () => {
    const sources = stages.flatMap((s) => s.copies.filter((c) => !c.from).flatMap((c) => c.sources));
    expect(sources.length).toBeGreaterThan(0);
    for (const source of sources) {
      expect([source, existsSync(join(ROOT, source))]).toEqual([source, true]);
      expect([source, ignored.includes(source.split("/")[0]!)]).toEqual([source, false]);
    }
  });

  it("builds from the build stage's files alone, and a production-only install starts the app", async () => {
    // Build stage: only what it COPYs, with the already installed dev dependencies standing in for its `npm ci`.
    const buildDir = join(work, "build");
    applyCopies(build!, buildDir, {});
    symlinkSync(join(ROOT, "node_modules"), join(buildDir, "node_modules"), "dir");
    await run(process.execPath, [join(ROOT, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.build.json"], { cwd: buildDir });
    expect(existsSync(join(buildDir, "dist/src/engine/verifier-worker.js"))).toBe(true);
    expect(existsSync(join(buildDir, "dist/src/start.js"))).toBe(true);

    // Runtime stage: its COPYs and `npm ci --omit=dev`, from the npm cache only.
    const appDir = join(work, "app");
    applyCopies(runtime!, appDir, { build: buildDir });
    const env = { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", npm_config_cache: process.env.npm_config_cache ?? join(process.env.HOME ?? "", ".npm") };
    await run("npm", ["ci", "--omit=dev", "--ignore-scripts", "--offline", "--no-audit", "--no-fund"], { cwd: appDir, env });
    expect(existsSync(join(appDir, "node_modules/typescript"))).toBe(false);
    expect(existsSync(join(appDir, "node_modules/jest"))).toBe(false);
    const [command, ...args] = runtime!.cmd!;
    expect(command).toBe("node");
    expect(existsSync(join(appDir, args[0]!))).toBe(true);

    const port = await freePort();
    const metricsPort = await freePort();
    const child = spawn(process.execPath, args, {
      cwd: appDir,
      env: { ...runtime!.env, PATH: env.PATH, HOST: "127.0.0.1", PORT: String(port), APP_ID: "12345", PRIVATE_KEY: throwawayPrivateKey(), WEBHOOK_SECRET: "a-webhook-secret-of-32-characters!", LOG_LEVEL: "warn", METRICS_PORT: String(metricsPort), METRICS_HOST: "127.0.0.1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    let exit: string | undefined;
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    child.on("exit", (code, signal) => (exit = `code ${code} signal ${signal}\n${output}`));
    try {
      expect(await ping(`http://127.0.0.1:${port}/ping`, Date.now() + 30_000, () => exit)).toBe("200 PONG");
      // prom-client is a production dependency: the metrics port answers too.
      const metrics = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
      expect([metrics.status, (await metrics.text()).includes("agent_gate_queue_depth")]).toEqual([200, true]);
    } finally {
      child.kill("SIGTERM");
    }
  }, 180_000);
});
