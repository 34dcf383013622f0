// Builds pull requests inside the fake GitHub's state for end-to-end tests.
import { createHash } from "node:crypto";
import { unifiedPatch, type FakePull, type FakeRepo } from "../../src/fake-github/state.js";
import type { AppOptions } from "../../src/app.js";
import { startGate, type RunningGate } from "../../src/fake-github/harness.js";
import { demoState } from "../../src/fake-github/demo-state.js";
import { FakeGitHub } from "../../src/fake-github/server.js";
import { testPool } from "./pool.js";

export const SECRET = "e2e-secret";

export function sha(seed: string): string {
  return createHash("sha1").update(seed).digest("hex");
}

export interface PullSpec {
  number: number;
  user: string;
  headRef?: string;
  /** path → text at the head (null: deleted). */
  files: Record<string, string | null>;
  /** new path → path at the base, for files the PR renames (the old path disappears). */
  renames?: Record<string, string>;
  commitAuthor?: { name: string; email: string; login?: string };
  message?: string;
}

/** Adds a PR whose head adds or changes `files` on top of the default branch. */
export function addPull(repo: FakeRepo, spec: PullSpec): FakePull {
  const base = repo.files[repo.defaultBranch] ?? {};
  const head = sha(`head:${spec.number}:${JSON.stringify(spec.files)}`);
  const tree: Record<string, string> = { ...base };
  const renamedFrom = spec.renames ?? {};
  for (const old of Object.values(renamedFrom)) delete tree[old];
  for (const [path, text] of Object.entries(spec.files)) {
    if (text === null) delete tree[path];
    else tree[path] = text;
  }
  repo.files[head] = tree;
  // The base commit's files, for reads at the base SHA.
  const baseSha = sha("base");
  repo.files[baseSha] = { ...base };
  const author = spec.commitAuthor ?? { name: spec.user, email: `${spec.user}@acme.example`, login: spec.user };
  const pull: FakePull = {
    number: spec.number,
    title: `PR ${spec.number}`,
    body: "",
    user: spec.user,
    head: { ref: spec.headRef ?? `feature/${spec.number}`, sha: head },
    base: { ref: repo.defaultBranch, sha: baseSha },
    labels: [],
    draft: false,
    commits: [{ sha: head, message: spec.message ?? "Change", author, committer: author }],
    files: Object.entries(spec.files).map(([filename, text]) => {
      const from = renamedFrom[filename];
      const before = base[from ?? filename];
      const status = text === null ? "removed" : from !== undefined ? "renamed" : before === undefined ? "added" : "modified";
      return { filename, status, ...(from !== undefined ? { previous_filename: from } : {}), patch: unifiedPatch(before, text ?? undefined) };
    }),
    reviews: [],
  };
  repo.pulls.push(pull);
  return pull;
}

export interface World {
  fake: FakeGitHub;
  gate: RunningGate;
  repo: FakeRepo;
  stop(): Promise<void>;
}

/** The demo's org and repository, a fake GitHub on loopback and the real app in front of it. */
export async function world(prepare: (repo: FakeRepo, fake: FakeGitHub) => void = () => {}, options: AppOptions & Pick<Parameters<typeof startGate>[1], "Octokit"> = {}): Promise<World> {
  const fake = new FakeGitHub(demoState());
  const repo = fake.state.repos[0]!;
  prepare(repo, fake);
  const url = await fake.start();
  // The run is written in progress only past progressAfterMs: far off by default, so that what a test
  // counts does not depend on how busy the machine is (tests of the in-progress write set it). Config
  // files are read anew each time, as tests change them between events (tests of the cache set it).
  const gate = await startGate(url, { secret: SECRET, appId: fake.state.apps.id, concurrency: 2, timeoutMs: 20_000, pool: testPool(), progressAfterMs: 600_000, sweepEveryMs: false, configTtlMs: 0, ...options });
  return {
    fake,
    gate,
    repo,
    stop: async () => {
      await gate.stop();
      await fake.stop();
    },
  };
}
