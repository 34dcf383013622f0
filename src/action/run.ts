// The GitHub Action: the app's evaluation of one pull request, run inside a workflow job with
// the job's token. Same engine (detection, scope, base-relative findings, approval policy,
// verdict, renderer); config read from the PR's base commit through the API, never from its
// head. Writes the `agent-gate` check run (or, when the token may not, annotations through
// workflow commands), a job summary, and fails the job when the verdict blocks.
import { appendFileSync } from "node:fs";
import { Octokit as RestOctokit } from "@octokit/rest";
import { loadCatalogue } from "../engine/catalogue.js";
import { parseConfig, type GateConfig } from "../engine/config.js";
import { renderCheckRun } from "../engine/render.js";
import { scanPull, type EngineDeps } from "../engine/scan.js";
import { decide, failed, type Verdict } from "../engine/verdict.js";
import { CheckRunWriter } from "../github/check-run.js";
import { readConfig } from "../github/config.js";
import { describeError, needsApproval } from "../github/gate-run.js";
import { OctokitPullSource, type Octokit, type PullRef } from "../github/pull-source.js";
import { loadVerifiers } from "../verifiers/registry.js";
import { actionApprovals } from "./approvals.js";
import { ActionInputError, readInputs, targetOf, type ActionInputs, type Env } from "./inputs.js";
import { writeSarif } from "./sarif-output.js";
import { annotationCommand, command } from "./workflow-commands.js";

/** The name approval commands use (`/agent-gate approve`), as for the app. */
const APP_SLUG = "agent-gate";

export type Out = (line: string) => void;

/** The config's gate, tightened by the `gate` input: the workflow may gate more PRs, never fewer. */
function withInputs(config: GateConfig, inputs: ActionInputs): GateConfig {
  return inputs.gate === "all" ? { ...config, gate: "all" } : config;
}

async function evaluate(
  octokit: Octokit,
  ref: PullRef,
  inputs: ActionInputs,
  deps: EngineDeps,
  headSha: string | undefined,
): Promise<{ verdict: Verdict; config?: GateConfig } | undefined> {
  const source = new OctokitPullSource(octokit, ref);
  let pull;
  try {
    pull = await source.pull();
  } catch (err) {
    // Without the PR there is no head to write a check on, unless the event named one.
    return headSha ? { verdict: failed(headSha, describeError(err)) } : undefined;
  }
  try {
    const loaded = await readConfig(octokit, ref.owner, ref.repo, { path: inputs.config, ref: pull.baseSha });
    const first = loaded.files[0];
    const config = withInputs(parseConfig(loaded.raw, deps.catalogue, ...(first ? [`${first.repo}:${first.path}@${first.ref}`] : [])), inputs);
    const scan = await scanPull(source, config, deps);
    const approvals = needsApproval(scan) ? await actionApprovals(source, pull, scan, config, deps.catalogue, APP_SLUG) : undefined;
    return { verdict: { ...decide(scan, approvals), configFrom: loaded.files }, config };
  } catch (err) {
    return { verdict: failed(pull.headSha, describeError(err)) };
  }
}

/** The check run, or annotations on the job when the token has no checks: write (403). */
async function publish(octokit: Octokit, ref: PullRef, verdict: Verdict, out: Out): Promise<"check" | "annotations"> {
  try {
    await new CheckRunWriter(octokit, ref.owner, ref.repo).complete(verdict, undefined, { buttons: false });
    return "check";
  } catch (err) {
    if ((err as { status?: number }).status !== 403) throw err;
    out(command("warning", {}, "agent-gate: the token may not write check runs (give the job `checks: write`); the verdict is reported as annotations on this job instead"));
    for (const a of renderCheckRun(verdict, { button: false }).annotations) out(annotationCommand(a));
    return "annotations";
  }
}

function summaryOf(verdict: Verdict, via: "check" | "annotations" | "none"): string {
  const r = renderCheckRun(verdict, { button: false });
  const where = via === "check" ? "Written as the `agent-gate` check run on the head commit." : via === "annotations" ? "No check run was written (the token lacks `checks: write`): findings are annotations on this job." : "No check run could be written.";
  return [`# agent-gate: ${r.title}`, r.summary, r.text, `_${where}_`].filter((s) => s !== "").join("\n\n") + "\n";
}

function setOutputs(env: Env, values: Record<string, string>): void {
  if (!env.GITHUB_OUTPUT) return;
  appendFileSync(env.GITHUB_OUTPUT, Object.entries(values).map(([k, v]) => `${k}=${v.replace(/[\r\n]+/g, " ")}\n`).join(""));
}

/** Exit code: 0 passes, 1 blocks (or the gate could not decide), 2 bad input or workflow. */
export async function runAction(env: Env, out: Out, deps?: EngineDeps): Promise<number> {
  let inputs: ActionInputs;
  let target;
  try {
    inputs = readInputs(env);
    target = targetOf(env);
  } catch (err) {
    if (!(err instanceof ActionInputError)) throw err;
    out(command("error", {}, `agent-gate: ${err.message}`));
    return 2;
  }
  if ("skip" in target) {
    out(`agent-gate: nothing to decide: ${target.skip}`);
    return 0;
  }
  const catalogue = deps?.catalogue ?? loadCatalogue();
  const engine = deps ?? { catalogue, verifiers: loadVerifiers(catalogue) };
  // Octokit logs every error answer, an absent config's expected 404 included; what matters is reported below.
  const quiet = () => {};
  const log = { debug: quiet, info: quiet, warn: (m: string) => out(command("warning", {}, m)), error: quiet };
  const octokit = new RestOctokit({ auth: inputs.token, baseUrl: inputs.apiUrl, userAgent: "agent-gate-action", log });
  const evaluated = await evaluate(octokit, target.pull, inputs, engine, target.headSha);
  if (!evaluated) {
    out(command("error", {}, `agent-gate: cannot read pull request #${target.pull.number}; nothing was decided`));
    return inputs.failOn === "never" ? 0 : 1;
  }
  const { verdict, config } = evaluated;
  let via: "check" | "annotations" | "none" = "none";
  try {
    via = await publish(octokit, target.pull, verdict, out);
  } catch (err) {
    out(command("error", {}, `agent-gate: writing the check run failed: ${describeError(err)}`));
  }
  if (env.GITHUB_STEP_SUMMARY) appendFileSync(env.GITHUB_STEP_SUMMARY, summaryOf(verdict, via));
  if (inputs.sarif) writeSarif(inputs.sarif, { verdict, engine, root: env.GITHUB_WORKSPACE, ...(config ? { config } : {}) }, out);
  setOutputs(env, { conclusion: verdict.conclusion, findings: String(verdict.scan?.findings.length ?? 0) });
  const blocks = verdict.conclusion !== "success" || via === "none";
  if (blocks) out(command("error", {}, `agent-gate: ${verdict.title}`));
  else out(`agent-gate: ${verdict.title}`);
  return blocks && inputs.failOn === "blocking" ? 1 : 0;
}
