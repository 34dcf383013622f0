// The real-world JavaScript and TypeScript the TS/JS rules are measured on: the published npm
// packages of express, fastify, koa, hono, @nestjs/core, typeorm, sequelize, knex, mongoose and
// Prisma's client runtime, installed (scripts off) into a temporary folder, never by the tests.
// Set AGENT_GATE_TS_BENCH_DIR to reuse an installation; by default it lives in the OS temp dir.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";

export const PACKAGES = ["express", "fastify", "koa", "hono", "@nestjs/core", "typeorm", "sequelize", "knex", "mongoose", "@prisma/client"];
const EXTENSIONS = /\.(?:js|mjs|cjs|jsx|ts|mts|cts|tsx)$/;
/** The gate's default limits.max_file_bytes: larger files are skipped with a notice, as in a pull request. */
export const MAX_FILE_BYTES = 1024 * 1024;

export interface TsSource {
  /** Path inside node_modules, e.g. express/lib/router/index.js. */
  path: string;
  text: string;
  lines: number;
}

export interface TsSources {
  dir: string;
  sources: TsSource[];
  /** Files over MAX_FILE_BYTES (Prisma's bundled engines), not read. */
  skipped: { path: string; bytes: number }[];
}

function install(dir: string): void {
  if (PACKAGES.every((p) => existsSync(join(dir, "node_modules", p, "package.json")))) return;
  mkdirSync(dir, { recursive: true });
  const args = ["install", "--prefix", dir, "--ignore-scripts", "--no-audit", "--no-fund", "--no-save", ...PACKAGES];
  console.error(`$ npm ${args.join(" ")}`);
  const done = spawnSync("npm", args, { stdio: ["ignore", 2, 2] });
  if (done.status !== 0) throw new Error(`npm install into ${dir} failed`);
}

function walk(dir: string, out: string[]): void {
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    const st = statSync(full);
    if (st.isDirectory()) {
      if (name !== "node_modules") walk(full, out);
    } else if (EXTENSIONS.test(name)) out.push(full);
  }
}

export function loadSources(): TsSources {
  const dir = process.env.AGENT_GATE_TS_BENCH_DIR ?? join(tmpdir(), "agent-gate-ts-bench");
  install(dir);
  const modules = join(dir, "node_modules");
  const files: string[] = [];
  for (const p of PACKAGES) walk(join(modules, p), files);
  const sources: TsSource[] = [];
  const skipped: TsSources["skipped"] = [];
  for (const full of files.sort()) {
    const path = relative(modules, full);
    const bytes = statSync(full).size;
    if (bytes > MAX_FILE_BYTES) {
      skipped.push({ path, bytes });
      continue;
    }
    const text = readFileSync(full, "utf8");
    sources.push({ path, text, lines: text.split("\n").length });
  }
  return { dir, sources, skipped };
}
