import type { Probot } from "probot";
import type { GateApp } from "../app.js";

// "Re-run all checks" on the suite: only this app's suite (checked in the queue, src/workers/commit.ts).
export function onCheckSuite(app: Probot, gate: GateApp): void {
  app.on("check_suite.rerequested", async (context) => {
    const { check_suite: suite, repository, sender } = context.payload;
    await gate.accept(context, {
      kind: "commit",
      owner: repository.owner.login,
      repo: repository.name,
      sha: suite.head_sha,
      numbers: suite.pull_requests.map((p) => p.number),
      trigger: "suite",
      runAppId: suite.app?.id ?? null,
      sender: { login: sender.login, type: sender.type },
      at: new Date().toISOString(),
    });
  });
}
