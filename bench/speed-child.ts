// One measured side of bench:speed, in its own process so its peak RSS is its own:
//   parse DIR...   the bare parse: every Python and TS/JS file the scan reads, parsed once, nothing else;
//   scan ARGS...   `agent-gate scan ARGS` itself, its JSON written to the file named by SPEED_OUT;
//   profile DIR... every verifier scan --all-files runs, in this one thread, over every file the scan
//                  reads, each rule's check and each file's parse timed apart (perRule, in CPU ms);
//                  as in the scan, a file is parsed only when a rule of its language passes its gate.
// Prints one JSON line: { ms, cpuMs (every thread), maxRssMb, files?, lines?, perRule? }.
import { readFileSync, writeFileSync } from "node:fs";
import { relative } from "node:path";
import { ts } from "ts-morph";
import { main } from "../src/cli/main.js";
import { walk } from "../src/cli/scan.js";
import { loadCatalogue } from "../src/engine/catalogue.js";
import { defaultConfig } from "../src/engine/config.js";
import { languageOf } from "../src/engine/language.js";
import { runVerifiers } from "../src/engine/run-verifiers.js";
import { loadVerifiers } from "../src/verifiers/registry.js";
import type { Verifier, VerifierContext } from "../src/verifiers/types.js";
import { initPython } from "../src/verifiers/python/parser.js";

const MAX_FILE_BYTES = 1024 * 1024;

/** The Python and TS/JS files under `dirs` the scan reads as text: same walk, same size cap. */
export function codeFiles(dirs: string[]): { path: string; text: string }[] {
  const paths: string[] = [];
  for (const d of dirs) walk(d, paths);
  const out: { path: string; text: string }[] = [];
  for (const path of paths) {
    const language = languageOf(path);
    if (language !== "python" && language !== "typescript" && language !== "javascript") continue;
    const buf = readFileSync(path);
    if (buf.length > MAX_FILE_BYTES || buf.includes(0)) continue;
    out.push({ path: relative(process.cwd(), path), text: buf.toString("utf8") });
  }
  return out;
}

function scriptKind(path: string): ts.ScriptKind {
  if (path.endsWith(".tsx")) return ts.ScriptKind.TSX;
  if (path.endsWith(".jsx")) return ts.ScriptKind.JSX;
  return /\.[cm]?js$/.test(path) ? ts.ScriptKind.JS : ts.ScriptKind.TS;
}

async function bareParse(dirs: string[]): Promise<{ files: number; lines: number }> {
  const files = codeFiles(dirs);
  const parser = await initPython();
  let lines = 0;
  for (const f of files) {
    lines += f.text.split("\n").length;
    if (languageOf(f.path) === "python") parser.parse(f.text)?.delete();
    else ts.createSourceFile(f.path, f.text, ts.ScriptTarget.Latest, true, scriptKind(f.path));
  }
  return { files: files.length, lines };
}

/**
 * Parses the file the first time a rule of its language runs on it, so the parse is timed as its
 * own entry; "any" rules read text only, and a file no rule's gate lets through is never parsed.
 */
function parseFirst(v: Verifier, ctx: VerifierContext): void {
  if (!v.languages.includes(ctx.language)) return;
  if (ctx.language === "python") ctx.python();
  else if (ctx.language === "typescript" || ctx.language === "javascript") ctx.typescript();
}

/** Each verifier wrapped to add its check's CPU time (and the parse it triggers) to `spent`. */
function timed(v: Verifier, spent: Record<string, number>): Verifier {
  const add = (key: string, since: NodeJS.CpuUsage): void => {
    const d = process.cpuUsage(since);
    spent[key] = (spent[key] ?? 0) + (d.user + d.system) / 1000;
  };
  return {
    ...v,
    check: (ctx) => {
      let since = process.cpuUsage();
      parseFirst(v, ctx);
      add("(parse)", since);
      since = process.cpuUsage();
      v.check(ctx);
      add(v.id, since);
    },
  };
}

/** The verifiers of `scan --all-files` over the files it reads, in this thread, each rule timed. */
async function profile(dirs: string[]): Promise<{ files: number; perRule: Record<string, number> }> {
  const paths: string[] = [];
  for (const d of dirs) walk(d, paths);
  const catalogue = loadCatalogue();
  const spent: Record<string, number> = {};
  const verifiers = loadVerifiers(catalogue).filter((v) => v.meta.category !== "gate-tamper").map((v) => timed(v, spent));
  const config = defaultConfig(catalogue);
  for (const path of paths) {
    const buf = readFileSync(path);
    if (buf.length > MAX_FILE_BYTES || buf.includes(0)) continue;
    const file = { path: relative(process.cwd(), path), status: "added", language: languageOf(path), text: buf.toString("utf8"), scopes: [] };
    await runVerifiers([file], verifiers, config, { allFiles: true });
  }
  return { files: paths.length, perRule: spent };
}

async function scan(args: string[]): Promise<void> {
  let out = "";
  await main(["scan", ...args], { out: (t) => (out += t), err: () => undefined });
  if (process.env.SPEED_OUT) writeFileSync(process.env.SPEED_OUT, out);
}

const [mode, ...rest] = process.argv.slice(2);
const start = performance.now();
const counts = mode === "parse" ? await bareParse(rest) : mode === "profile" ? await profile(rest) : (await scan(rest), {});
const ms = performance.now() - start;
const usage = process.resourceUsage();
console.log(JSON.stringify({ ms, cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000, maxRssMb: usage.maxRSS / 1024, ...counts }));
