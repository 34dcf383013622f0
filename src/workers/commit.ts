// The queued half of check_run and check_suite deliveries: only this app's run or suite is acted
// on (another app's run named agent-gate is no way to click Approve), a Re-run click needs write
// access, and a request about a commit is evaluated through one open PR with that head (fork PRs
// are missing from check payloads, so when the payload names none they are looked up).
import { ownRun } from "../github/app-identity.js";
import { canWrite } from "../github/permissions.js";
import { openPullsWithHead } from "../github/shared-head.js";
import type { EvaluationItem, WorkItem } from "../queue/work-item.js";
import type { WorkEnv } from "./env.js";

type CommitItem = Extract<WorkItem, { kind: "commit" }>;

export async function handleCommit(env: WorkEnv, item: CommitItem): Promise<void> {
  const { owner, repo, sha } = item;
  if (!ownRun({ app: { id: item.runAppId } }, await env.appId())) {
    env.log.info({ owner, repo, sha, app: item.runAppId }, "check event for another app's run ignored");
    return;
  }
  if (item.trigger === "rerun" && !(await canWrite(env.octokit, owner, repo, item.sender))) {
    env.log.info({ owner, repo, sender: item.sender.login }, "Re-run button ignored: the clicker lacks write access");
    return;
  }
  const number = [...item.numbers].sort((a, b) => a - b)[0] ?? (await openPullsWithHead(env.octokit, owner, repo, sha))[0];
  if (number === undefined) {
    env.log.warn({ owner, repo, sha }, "re-run requested for a commit with no open pull request");
    return;
  }
  const approve = item.trigger === "approve";
  const evaluation: EvaluationItem = {
    kind: "evaluate",
    installationId: item.installationId,
    deliveries: item.deliveries,
    event: item.event,
    pull: { owner, repo, number },
    mode: approve ? "decide" : "scan",
    clicks: approve ? [{ login: item.sender.login, type: item.sender.type, at: item.at, sha }] : [],
    acks: [],
    knownHeadSha: sha,
  };
  await env.submit(evaluation);
}
