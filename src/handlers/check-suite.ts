import type { Probot } from "probot";
import type { GateApp } from "../app.js";
import { ownRun } from "../github/app-identity.js";

// "Re-run all checks" on the suite: only this app's suite.
export function onCheckSuite(app: Probot, gate: GateApp): void {
  app.on("check_suite.rerequested", async (context) => {
    if (!gate.firstDelivery(context)) return;
    const { check_suite: suite, repository } = context.payload;
    if (!ownRun(suite, await gate.appId())) return;
    gate.requestForCommit(context, repository.owner.login, repository.name, suite.head_sha, suite.pull_requests.map((p) => p.number));
  });
}
