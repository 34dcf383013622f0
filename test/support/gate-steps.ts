// Steps an attacker or a reviewer takes against the real app and the fake GitHub, for the
// binding tests: PRs sharing a head, force-pushes, other apps' runs, replayed state blocks.
import { expect } from "@jest/globals";
import { decodeStates, encodeState, type GateState, type StateBinding } from "../../src/engine/state-block.js";
import { throwawayPrivateKey } from "../../src/fake-github/harness.js";
import {
  checkRunEvent,
  deleteIssueComment,
  issueCommentEvent,
  pullRequestEvent,
  pullRequestReviewEvent,
  type FakeCheckRun,
  type FakePull,
  type FakeRepo,
} from "../../src/fake-github/state.js";
import { deliver } from "../../src/fake-github/webhooks.js";
import { deriveStateKey } from "../../src/secrets.js";
import { SECRET, sha, world, type World } from "./fake-pulls.js";

export const AGENT_PR = 2;
/** Another app (or a workflow with checks: write) that writes runs named agent-gate. */
export const OTHER_APP = { id: 4242, slug: "evil-ci" };
/** The key the app signs its state with: derived from its private key, never the webhook secret. */
export const STATE_KEY = deriveStateKey(throwawayPrivateKey())!;

export class Steps {
  private constructor(readonly w: World) {}

  static async start(prepare: (repo: FakeRepo, fake: World["fake"]) => void = () => {}): Promise<Steps> {
    const w = await world((repo, fake) => {
      Object.assign(fake.state.users, {
        carol: { login: "carol", id: 501, type: "User" },
        dave: { login: "dave", id: 502, type: "User" },
        erin: { login: "erin", id: 503, type: "User" },
      });
      Object.assign(repo.permissions, { carol: "write", dave: "read", erin: "maintain" });
      prepare(repo, fake);
    });
    return new Steps(w);
  }

  get repo(): FakeRepo {
    return this.w.repo;
  }

  stop(): Promise<void> {
    return this.w.stop();
  }

  pull(n: number): FakePull {
    return this.repo.pulls.find((p) => p.number === n)!;
  }

  async send(event: string, payload: unknown): Promise<void> {
    const res = await deliver(this.w.gate.webhookUrl, event, payload, SECRET);
    expect(res.status).toBe(200);
    await this.w.gate.gate.queue.idle();
  }

  open(n = AGENT_PR): Promise<void> {
    return this.send("pull_request", pullRequestEvent(this.w.fake.state, this.repo, n, "opened"));
  }

  /** Every run on a commit, any app's, oldest first. */
  runsOn(head: string): FakeCheckRun[] {
    return this.repo.checkRuns.filter((r) => r.head_sha === head);
  }

  /** The newest run this app wrote on a commit. */
  ours(head: string): FakeCheckRun {
    const runs = this.runsOn(head).filter((r) => r.app.id === this.w.fake.state.apps.id);
    return runs[runs.length - 1]!;
  }

  /** The verdict on a PR's head: the newest run of this app there. */
  onHead(n = AGENT_PR): FakeCheckRun {
    return this.ours(this.pull(n).head.sha);
  }

  /** An `/agent-gate approve` comment posted at `at` (default: now, after every evaluation so far). */
  async comment(login: string, body: string, n = AGENT_PR, at = new Date().toISOString()): Promise<number> {
    const id = 900 + this.repo.issueComments.length;
    this.repo.issueComments.push({ id, issue_number: n, user: login, body, created_at: at, updated_at: at });
    await this.send("issue_comment", issueCommentEvent(this.w.fake.state, this.repo, n, id, "created"));
    return id;
  }

  async approve(n = AGENT_PR, login = "carol"): Promise<number> {
    await pause();
    return this.comment(login, "/agent-gate approve checked by hand", n);
  }

  /** A review by `login` on the PR's head; "DISMISSED" dismisses that reviewer's latest review instead. */
  async review(login: string, state: "APPROVED" | "CHANGES_REQUESTED" | "DISMISSED", n = AGENT_PR): Promise<void> {
    await pause();
    const pull = this.pull(n);
    if (state === "DISMISSED") {
      const latest = [...pull.reviews].reverse().find((r) => r.user === login)!;
      latest.state = "DISMISSED";
      await this.send("pull_request_review", pullRequestReviewEvent(this.w.fake.state, this.repo, n, latest.id, "dismissed"));
      return;
    }
    const id = 700 + pull.reviews.length;
    pull.reviews.push({ id, user: login, state, commit_id: pull.head.sha, body: "looked at it", submitted_at: new Date().toISOString() });
    await this.send("pull_request_review", pullRequestReviewEvent(this.w.fake.state, this.repo, n, id, "submitted"));
  }

  /** Deletes a comment on GitHub and delivers `issue_comment.deleted`. */
  async deleteComment(id: number, n = AGENT_PR): Promise<void> {
    const event = issueCommentEvent(this.w.fake.state, this.repo, n, id, "deleted");
    deleteIssueComment(this.repo, id);
    await this.send("issue_comment", event);
  }

  /** A read-only reviewer's review: the app re-decides from its stored state. */
  async redecide(n = AGENT_PR): Promise<void> {
    const pull = this.pull(n);
    const id = 700 + pull.reviews.length;
    pull.reviews.push({ id, user: "dave", state: "COMMENTED", commit_id: pull.head.sha, body: "", submitted_at: new Date().toISOString() });
    await this.send("pull_request_review", pullRequestReviewEvent(this.w.fake.state, this.repo, n, id, "submitted"));
  }

  /** Pushes a commit adding `extra` files (findings unchanged when they are harmless), or force-pushes back to `to`. */
  async push(n: number, to: { extra: Record<string, string> } | { sha: string }): Promise<string> {
    await pause();
    const pull = this.pull(n);
    const before = pull.head.sha;
    let head: string;
    if ("sha" in to) {
      head = to.sha;
      pull.commits = pull.commits.slice(0, pull.commits.findIndex((c) => c.sha === head) + 1);
    } else {
      head = sha(`push:${n}:${before}:${JSON.stringify(to.extra)}`);
      this.repo.files[head] = { ...this.repo.files[before]!, ...to.extra };
      const last = pull.commits[pull.commits.length - 1]!;
      pull.commits.push({ ...last, sha: head, message: "More changes" });
      for (const [filename, text] of Object.entries(to.extra)) {
        pull.files.push({ filename, status: "added", patch: `@@ -0,0 +1 @@\n+${text.trimEnd()}` });
      }
    }
    pull.head = { ...pull.head, sha: head };
    await this.send("pull_request", pullRequestEvent(this.w.fake.state, this.repo, n, "synchronize", { before }));
    return head;
  }

  /** Opens a PR whose head is the agent PR's head commit, against `base` or from a fork. */
  sharePull(n: number, opts: { base?: string; fork?: string; user?: string; clean?: boolean } = {}): FakePull {
    const agent = this.pull(AGENT_PR);
    const pull: FakePull = {
      ...structuredClone(agent),
      number: n,
      title: `Same head, PR ${n}`,
      user: opts.user ?? agent.user,
      head: { ...agent.head, ...(opts.fork ? { repo: opts.fork } : {}) },
      base: opts.base ? { ref: opts.base, sha: sha(`base:${opts.base}`) } : agent.base,
      // A base that already holds the agent's code: the PR changes nothing there.
      files: opts.clean ? [] : structuredClone(agent.files),
      reviews: [],
    };
    this.repo.pulls.push(pull);
    return pull;
  }

  /** Creates a run named agent-gate as another app, back-dated, carrying `text`. */
  otherAppRun(head: string, text: string | null): FakeCheckRun {
    return this.w.fake.createCheckRunAs(OTHER_APP, this.repo.owner, this.repo.name, {
      name: "agent-gate",
      head_sha: head,
      status: "completed",
      conclusion: "success",
      started_at: "2020-01-01T00:00:00Z",
      output: { title: "No blocking findings", summary: "All good", ...(text === null ? {} : { text }) },
    });
  }

  click(run: FakeCheckRun, login: string, identifier: "approve" | "rerun"): Promise<void> {
    return this.send("check_run", checkRunEvent(this.w.fake.state, this.repo, run.id, "requested_action", login, identifier));
  }

  /** The app's own state for a PR, read from its newest run on the PR's head. */
  stateOf(n = AGENT_PR): GateState {
    const pull = this.pull(n);
    const state = decodeStates(this.onHead(n).output.text, STATE_KEY).find((s) => s.number === n && s.headSha === pull.head.sha);
    if (!state) throw new Error(`no state for #${n}`);
    return state;
  }

  /** The PR's state with every finding removed, signed with the app's key and bound to `binding`. */
  cleanBlock(n: number, binding: Partial<StateBinding> = {}): string {
    const state = this.stateOf(n);
    return encodeState({ ...state, ...binding, scan: { ...state.scan, findings: [], incomplete: [] } }, STATE_KEY)!;
  }

  graphqlCalls(): number {
    return this.w.fake.requests.filter((r) => r.path === "/graphql").length;
  }
}

/** GitHub's clock moves between steps; a few ms keep "before" and "after" apart. */
export function pause(ms = 5): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
