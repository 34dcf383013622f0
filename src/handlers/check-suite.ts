import type { Probot } from "probot";
import type { GateApp } from "../app.js";

// "Re-run all checks" on the suite.
export function onCheckSuite(app: Probot, gate: GateApp): void {
  app.on("check_suite.rerequested", async (context) => {
    if (!gate.firstDelivery(context)) return;
    const { check_suite: suite, repository } = context.payload;
    gate.requestForCommit(context, repository.owner.login, repository.name, suite.head_sha, suite.pull_requests.map((p) => p.number));
  });
}
