#!/usr/bin/env node
// agent-gate scan [--format text|json] [--config FILE] [--all-files] <path>…
// agent-gate demo
// Exit codes: 0 no blocking finding, 1 blocking findings, 2 usage or config error.
import { ConfigError } from "./engine/config.js";
import { scan, USAGE, UsageError } from "./cli/scan.js";

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === "scan") {
      const result = await scan(rest);
      if (result.stderr) process.stderr.write(`${result.stderr}\n`);
      process.stdout.write(`${result.stdout}\n`);
      return result.code;
    }
    if (command === "demo") {
      const { runDemo } = await import("./demo.js");
      return await runDemo((line) => process.stdout.write(`${line}\n`));
    }
    if (command === "--help" || command === "-h" || command === "help") {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    throw new UsageError(command ? `unknown command ${command}` : "no command given");
  } catch (err) {
    if (err instanceof UsageError || err instanceof ConfigError || (err as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      process.stderr.write(`agent-gate: ${(err as Error).message}\n\n${err instanceof ConfigError ? "" : USAGE}\n`);
      return 2;
    }
    throw err;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`agent-gate: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 2;
  },
);
