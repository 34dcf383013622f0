// Watches the fake GitHub for a PR evaluated twice at once: an evaluation starts by reading the
// PR (GET /repos/o/r/pulls/N) and ends with the write that completes a run on its head.
import type { FakeGitHub } from "../../src/fake-github/server.js";

export interface Overlaps {
  /** PR numbers read again while an evaluation of them was still open. */
  seen: number[];
  /** Evaluations started and not yet ended, by PR number. */
  open: Map<number, number>;
}

export function watchOverlaps(fake: FakeGitHub, repoName: string): Overlaps {
  const overlaps: Overlaps = { seen: [], open: new Map() };
  const repo = fake.state.repos.find((r) => r.name === repoName)!;
  const read = new RegExp(`^/repos/[^/]+/${repoName}/pulls/(\\d+)$`);
  const write = new RegExp(`^/repos/[^/]+/${repoName}/check-runs(/\\d+)?$`);
  fake.observers.push((request) => {
    const started = request.method === "GET" ? read.exec(request.path) : null;
    if (started) {
      const number = Number(started[1]);
      if ((overlaps.open.get(number) ?? 0) > 0) overlaps.seen.push(number);
      overlaps.open.set(number, (overlaps.open.get(number) ?? 0) + 1);
      return;
    }
    const body = request.body as { status?: string; conclusion?: string; head_sha?: string } | undefined;
    if (request.method === "GET" || !write.test(request.path) || !(body?.status === "completed" || body?.conclusion)) return;
    const runId = /\/(\d+)$/.exec(request.path)?.[1];
    const head = body.head_sha ?? repo.checkRuns.find((r) => String(r.id) === runId)?.head_sha;
    for (const pull of repo.pulls.filter((p) => p.head.sha === head)) overlaps.open.set(pull.number, Math.max(0, (overlaps.open.get(pull.number) ?? 0) - 1));
  });
  return overlaps;
}
