// Writes the `agent-gate` check run: in progress when work runs long, then the verdict, with
// annotations 50 per request (GitHub's limit) appended by further updates.
import { CHECK_NAME, renderCheckRun, type CheckRunOutput } from "../engine/render.js";
import type { Verdict } from "../engine/verdict.js";
import { annotationsDigest, type DecidedRun } from "./decided-runs.js";
import type { Octokit } from "./pull-source.js";

export const ANNOTATIONS_PER_REQUEST = 50;

export interface CompleteOptions {
  text?: string | undefined;
  annotations?: boolean;
  buttons?: boolean;
  /** The head's last completed run, updated in place (when `id` is undefined) if its annotations allow. */
  prior?: DecidedRun | undefined;
}

export class CheckRunWriter {
  /** The run complete() wrote its verdict to, set before its further annotation writes. */
  completedRunId: number | undefined;
  /** That run as the head's decided run: what a later evaluation of the head may update. */
  completed: DecidedRun | undefined;

  constructor(
    private readonly octokit: Octokit,
    private readonly owner: string,
    private readonly repo: string,
  ) {}

  async start(headSha: string): Promise<number> {
    const { data } = await this.octokit.rest.checks.create({
      owner: this.owner,
      repo: this.repo,
      name: CHECK_NAME,
      head_sha: headSha,
      status: "in_progress",
      started_at: new Date().toISOString(),
      output: { title: "Checking this commit", summary: "agent-gate is reading this pull request." },
    });
    return data.id;
  }

  /**
   * Completes the run `id` (or the head's prior run, or a new completed one) with the verdict.
   * `text` is the machine-readable state block; `annotations: false` when re-deciding a run
   * that already carries them (GitHub appends annotations, so resending would double them).
   */
  async complete(verdict: Verdict, id: number | undefined, opts: CompleteOptions = {}): Promise<CheckRunOutput> {
    const rendered = renderCheckRun(verdict, { button: opts.buttons !== false });
    const out = { ...rendered, text: [rendered.text, opts.text ?? ""].filter((t) => t !== "").join("\n\n") };
    const digest = annotationsDigest(out.annotations);
    const target = id ?? reusable(opts.prior, digest);
    // Annotations the run already has are not sent again.
    if (opts.annotations === false || (target !== undefined && target === opts.prior?.id && opts.prior.annotations === digest)) out.annotations = [];
    const first = out.annotations.slice(0, ANNOTATIONS_PER_REQUEST);
    const body = {
      owner: this.owner,
      repo: this.repo,
      status: "completed" as const,
      conclusion: verdict.conclusion,
      completed_at: new Date().toISOString(),
      output: { title: out.title, summary: out.summary, ...(out.text ? { text: out.text } : {}), annotations: first },
      // Button clicks go to the app that made the run; the Action (buttons: false) would never hear them.
      actions: opts.buttons === false ? [] : out.actions,
    };
    const runId =
      target === undefined
        ? (await this.octokit.rest.checks.create({ ...body, name: CHECK_NAME, head_sha: verdict.headSha })).data.id
        : (await this.octokit.rest.checks.update({ ...body, check_run_id: target })).data.id;
    this.completed = { id: runId, annotations: digest, failed: verdict.scan === undefined };
    this.completedRunId = runId;
    for (let i = ANNOTATIONS_PER_REQUEST; i < out.annotations.length; i += ANNOTATIONS_PER_REQUEST) {
      await this.octokit.rest.checks.update({
        owner: this.owner,
        repo: this.repo,
        check_run_id: runId,
        output: {
          title: out.title,
          summary: out.summary,
          ...(out.text ? { text: out.text } : {}),
          annotations: out.annotations.slice(i, i + ANNOTATIONS_PER_REQUEST),
        },
      });
    }
    return out;
  }
}

/** The prior run to update: one whose annotations are these, or none at all. */
function reusable(prior: DecidedRun | undefined, digest: string): number | undefined {
  return prior && (prior.annotations === digest || prior.annotations === annotationsDigest([])) ? prior.id : undefined;
}
