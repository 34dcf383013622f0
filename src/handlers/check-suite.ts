import type { Probot } from "probot";
import type { GateApp } from "../app.js";

// "Re-run all checks" on the suite.
export function onCheckSuite(app: Probot, gate: GateApp): void {
  app.on("check_suite.rerequested", async (context) => {
    const { check_suite: suite, repository } = context.payload;
    await gate.scheduleForCommit(context, repository.owner.login, repository.name, suite.head_sha, suite.pull_requests.map((p) => p.number));
  });
}
