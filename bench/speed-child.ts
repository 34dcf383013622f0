// One measured side of bench:speed, in its own process so its peak RSS is its own:
//   parse DIR...   the bare parse: every Python and TS/JS file the scan reads, parsed once, nothing else;
//   scan ARGS...   `agent-gate scan ARGS` itself, its JSON written to the file named by SPEED_OUT.
// Prints one JSON line: { ms, cpuMs (every thread), maxRssMb, files?, lines? }.
import { readFileSync, writeFileSync } from "node:fs";
import { relative } from "node:path";
import { ts } from "ts-morph";
import { main } from "../src/cli/main.js";
import { walk } from "../src/cli/scan.js";
import { languageOf } from "../src/engine/language.js";
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

async function scan(args: string[]): Promise<void> {
  let out = "";
  await main(["scan", ...args], { out: (t) => (out += t), err: () => undefined });
  if (process.env.SPEED_OUT) writeFileSync(process.env.SPEED_OUT, out);
}

const [mode, ...rest] = process.argv.slice(2);
const start = performance.now();
const counts = mode === "parse" ? await bareParse(rest) : (await scan(rest), {});
const ms = performance.now() - start;
const usage = process.resourceUsage();
console.log(JSON.stringify({ ms, cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000, maxRssMb: usage.maxRSS / 1024, ...counts }));
