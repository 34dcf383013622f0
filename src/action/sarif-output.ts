// The Action's `sarif` input. The SARIF writer is issue 15 §1's module; until it is wired in
// here the input says so in the job's log rather than doing nothing quietly.
import type { Verdict } from "../engine/verdict.js";
import { command } from "./workflow-commands.js";

export function writeSarif(path: string, _verdict: Verdict, out: (line: string) => void): void {
  out(command("warning", {}, `agent-gate: this build cannot write SARIF yet; ${path} was not written`));
}
