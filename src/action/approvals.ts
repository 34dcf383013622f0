// The approval policy of the app (engine/approve.ts), with the one thing the Action cannot
// know: when the head commit became the PR's head. The app records that time in its signed
// check-run state; a workflow has no key nobody else can use, and anyone with checks: write can
// write runs. So in the Action an approval comment counts only when it names the full head SHA,
// which no comment written for an earlier head can do. Reviews are bound to their commit anyway.
import { collectApprovals } from "../engine/approve.js";
import type { Catalogue } from "../engine/catalogue.js";
import { parseCommand } from "../engine/commands.js";
import type { GateConfig } from "../engine/config.js";
import type { Scan } from "../engine/scan.js";
import type { PullMeta, PullSource } from "../engine/types.js";
import { blockingFindings, type ApprovalOutcome } from "../engine/verdict.js";

export const NAMES_NO_SHA = "the Action counts an approval comment only when it names the full head commit: `/agent-gate approve <40-character sha> <reason>`";

export async function actionApprovals(source: PullSource, pull: PullMeta, scan: Scan, config: GateConfig, catalogue: Catalogue, appSlug: string): Promise<ApprovalOutcome> {
  const head = pull.headSha.toLowerCase();
  const all = await source.comments();
  const unnamed = all.filter((c) => {
    const cmd = parseCommand(c.body, appSlug);
    return cmd?.verb === "approve" && cmd.sha !== head;
  });
  const outcome = await collectApprovals(
    {
      pull,
      commits: await source.commits(),
      reviews: await source.reviews(),
      comments: all.filter((c) => !unnamed.includes(c)),
      buttons: [],
      // No time is known (see above): only comments naming the full head SHA are passed in.
      headSeenAt: new Date(0).toISOString(),
      blocking: blockingFindings(scan).map((f) => f.fingerprint),
      incomplete: scan.incomplete,
      appSlug,
    },
    config,
    catalogue.agents,
    source,
  );
  const refused = unnamed.map((c) => ({ login: c.user.login, at: c.createdAt, via: "comment" as const, commentId: c.id, why: NAMES_NO_SHA }));
  return { ...outcome, refused: [...outcome.refused, ...refused] };
}
