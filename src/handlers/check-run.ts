import type { Probot } from "probot";
import type { GateApp } from "../app.js";
import { ACTIONS, CHECK_NAME } from "../engine/render.js";
import { ownRun } from "../github/app-identity.js";
import { canWrite } from "../github/permissions.js";

// The Re-run link (rerequested) and the run's buttons (requested_action): Re-run and Approve.
// Only this app's own runs: another app's run named agent-gate is no way to click Approve.
export function onCheckRun(app: Probot, gate: GateApp): void {
  app.on(["check_run.rerequested", "check_run.requested_action"], async (context) => {
    const { check_run: run, repository, sender } = context.payload;
    if (run.name !== CHECK_NAME || !gate.firstDelivery(context)) return;
    if (!ownRun(run, await gate.appId())) {
      context.log.info({ run: run.id, app: run.app?.id }, "check_run event for another app's run ignored");
      return;
    }
    const owner = repository.owner.login;
    const repo = repository.name;
    const numbers = run.pull_requests.map((p) => p.number);
    if (context.payload.action === "rerequested") {
      gate.requestForCommit(context, owner, repo, run.head_sha, numbers);
      return;
    }
    const action = context.payload.requested_action?.identifier;
    if (action === ACTIONS.approve.identifier) {
      const click = { login: sender.login, type: sender.type, at: new Date().toISOString(), sha: run.head_sha };
      gate.requestForCommit(context, owner, repo, run.head_sha, numbers, { mode: "decide", click });
    } else if (action === ACTIONS.rerun.identifier) {
      if (await canWrite(context.octokit, owner, repo, sender)) gate.requestForCommit(context, owner, repo, run.head_sha, numbers);
      else context.log.info({ owner, repo, sender: sender.login }, "Re-run button ignored: the clicker lacks write access");
    }
  });
}
