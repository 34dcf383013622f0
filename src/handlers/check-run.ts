import type { Probot } from "probot";
import type { GateApp } from "../app.js";
import { ACTIONS, CHECK_NAME } from "../engine/render.js";

// The Re-run link (rerequested) and the Re-run button (requested_action "rerun").
export function onCheckRun(app: Probot, gate: GateApp): void {
  app.on(["check_run.rerequested", "check_run.requested_action"], async (context) => {
    const { check_run: run, repository } = context.payload;
    if (run.name !== CHECK_NAME) return;
    if (context.payload.action === "requested_action" && context.payload.requested_action?.identifier !== ACTIONS.rerun.identifier) return;
    await gate.scheduleForCommit(context, repository.owner.login, repository.name, run.head_sha, run.pull_requests.map((p) => p.number));
  });
}
