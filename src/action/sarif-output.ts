// The Action's `sarif` input: the verdict's findings and what it could not check as SARIF 2.1.0,
// for github/codeql-action/upload-sarif. A verdict without a scan (the gate could not decide)
// writes no file and says so: an empty log would read as "nothing found".
import { writeFileSync } from "node:fs";
import type { GateConfig } from "../engine/config.js";
import { rulesInForce, sarifLog } from "../engine/sarif.js";
import type { EngineDeps } from "../engine/scan.js";
import type { Verdict } from "../engine/verdict.js";
import { command } from "./workflow-commands.js";

export interface SarifInput {
  verdict: Verdict;
  engine: EngineDeps;
  config?: GateConfig;
  /** The checked-out repository (GITHUB_WORKSPACE), for originalUriBaseIds. */
  root?: string | undefined;
}

export function writeSarif(path: string, i: SarifInput, out: (line: string) => void): void {
  const scan = i.verdict.scan;
  if (!scan || !i.config) {
    out(command("warning", {}, `agent-gate: the gate could not decide, so ${path} was not written`));
    return;
  }
  const rules = rulesInForce(i.engine.verifiers, i.config, i.engine.catalogue);
  const findings = scan.findings.map(({ wholeFile: _w, ...f }) => f);
  const { log } = sarifLog(findings, scan.incomplete, { rules, automationId: "agent-gate/pr/", ...(i.root ? { root: i.root } : {}) });
  writeFileSync(path, JSON.stringify(log));
}
