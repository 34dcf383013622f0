#!/usr/bin/env node
// agent-gate scan [--format text|json] [--config FILE] [--all-files] <path>…
// agent-gate check [--base REF] [--format text|json]
// agent-gate demo
// Exit codes: 0 no blocking finding, 1 blocking findings, 2 usage or config error.
import { main } from "./cli/main.js";

main(process.argv.slice(2), { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) }).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`agent-gate: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 2;
  },
);
