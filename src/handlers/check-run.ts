import type { Probot } from "probot";
import type { GateApp } from "../app.js";
import { ACTIONS, CHECK_NAME } from "../engine/render.js";

const TRIGGERS = new Map([
  [ACTIONS.approve.identifier, "approve"],
  [ACTIONS.rerun.identifier, "rerun"],
] as const);

// The Re-run link (rerequested) and the run's buttons (requested_action): Re-run and Approve.
// Whether the run is this app's and the clicker may re-run is checked in the queue (src/workers/commit.ts).
export function onCheckRun(app: Probot, gate: GateApp): void {
  app.on(["check_run.rerequested", "check_run.requested_action"], async (context) => {
    const { check_run: run, repository, sender } = context.payload;
    if (run.name !== CHECK_NAME) return;
    const trigger = context.payload.action === "rerequested" ? "rerequested" : TRIGGERS.get(context.payload.requested_action?.identifier ?? "");
    if (!trigger) return;
    await gate.accept(context, {
      kind: "commit",
      owner: repository.owner.login,
      repo: repository.name,
      sha: run.head_sha,
      numbers: run.pull_requests.map((p) => p.number),
      trigger,
      runAppId: run.app?.id ?? null,
      sender: { login: sender.login, type: sender.type },
      at: new Date().toISOString(),
    });
  });
}
