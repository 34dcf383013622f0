// The CLI's commands, with output passed in so tests can run them in-process.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { loadCatalogue } from "../engine/catalogue.js";
import { ConfigError } from "../engine/config.js";
import { ruleDocs } from "../engine/replies.js";
import { check } from "./check.js";
import { GitError } from "./git.js";
import { SarifLimitError } from "../engine/sarif.js";
import { scan, USAGE, UsageError } from "./scan.js";

export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** Where `check` looks for the git checkout (default: the process's working directory). */
  cwd?: string;
}

export async function main(argv: string[], io: Io): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === "scan") {
      const result = await scan(rest);
      if (result.stderr) io.err(`${result.stderr}\n`);
      io.out(`${result.stdout}\n`);
      return result.code;
    }
    if (command === "check") {
      const result = await check(rest, io.cwd ?? process.cwd());
      if (result.stderr) io.err(`${result.stderr}\n`);
      if (result.stdout) io.out(`${result.stdout}\n`);
      return result.code;
    }
    if (command === "demo") {
      const { runDemo } = await import("../demo.js");
      return await runDemo((line) => io.out(`${line}\n`));
    }
    if (command === "docs") {
      const dir = rest[0] ?? "docs/rules";
      const docs = ruleDocs(loadCatalogue());
      for (const [file, text] of docs) {
        mkdirSync(dirname(join(dir, file)), { recursive: true });
        writeFileSync(join(dir, file), text);
      }
      io.out(`wrote ${docs.size} pages to ${dir}\n`);
      return 0;
    }
    if (command === "--help" || command === "-h" || command === "help") {
      io.out(`${USAGE}\n`);
      return 0;
    }
    throw new UsageError(command ? `unknown command ${command}` : "no command given");
  } catch (err) {
    const usage = err instanceof UsageError || (err as { code?: string }).code?.startsWith("ERR_PARSE_ARGS");
    if (usage || err instanceof ConfigError || err instanceof GitError || err instanceof SarifLimitError) {
      io.err(`agent-gate: ${(err as Error).message}\n${usage ? `\n${USAGE}\n` : ""}`);
      return 2;
    }
    throw err;
  }
}
