// A Dockerfile whose final stage (the image that ships) runs as root: no USER instruction, or a
// last USER of root or 0. On a pull request it compares with the base revision and flags only a
// regression (a new Dockerfile, or one whose image ran as another user before), even when the PR
// only deleted the USER line. Without a base (the CLI) every root final stage is reported.
import { defineVerifier } from "../types.js";
import type { FileSource } from "./formats/cached.js";
import { parseDockerfile, stagesOf, type Stage } from "./formats/dockerfile.js";
import { isDockerfile } from "./formats/kind.js";

/** Base images that already run as a non-root user. */
const NON_ROOT_BASE = /(?:^|\/)distroless\/[^:@]{1,100}:(?:[\w.-]{0,60}-)?nonroot\b|^cgr\.dev\/chainguard\/|(?:^|\/)bitnami\/|-unprivileged\b|rootless/;
/** Entrypoint helpers that drop root before starting the program. */
const DROPS_PRIVILEGES = /\b(?:gosu|su-exec|setpriv|runuser|s6-setuidgid|chpst\s{1,5}-u|setuidgid)\b/;
const ROOT_USER = /^(?:root|0)(?::\S{0,64})?$/;

interface StageUser {
  /** The external image the stage starts from, through earlier stages. */
  image: string;
  /** The USER in force at the end of the stage, if any was set. */
  user?: string;
  line?: number;
}

function userOf(stage: Stage, byName: Map<string, StageUser>): StageUser {
  let state: StageUser = byName.get(stage.base.toLowerCase()) ?? { image: stage.base };
  for (const ins of stage.instructions) {
    if (ins.keyword === "USER") state = { image: state.image, user: ins.args.trim().split(/\s+/)[0] ?? "", line: ins.line };
  }
  return state;
}

interface RootStage {
  messageId: "noUser" | "rootUser";
  data: Record<string, string>;
  line: number;
  endLine: number;
}

/** How the final stage of this Dockerfile ends up running as root, or undefined when it does not. */
function rootFinalStage(source: FileSource | string): RootStage | undefined {
  const stages = stagesOf(parseDockerfile(source));
  const byName = new Map<string, StageUser>();
  let last: { stage: Stage; state: StageUser } | undefined;
  for (const stage of stages) {
    const state = userOf(stage, byName);
    if (stage.name) byName.set(stage.name, state);
    last = { stage, state };
  }
  if (!last) return undefined;
  const { stage, state } = last;
  if (stage.instructions.some((i) => (i.keyword === "ENTRYPOINT" || i.keyword === "CMD" || i.keyword === "RUN") && DROPS_PRIVILEGES.test(i.args))) return undefined;
  const own = state.line !== undefined && state.line >= stage.from.line;
  const line = own ? (state.line ?? stage.from.line) : stage.from.line;
  if (state.user === undefined) {
    return NON_ROOT_BASE.test(state.image) ? undefined : { messageId: "noUser", data: { base: stage.base }, line, endLine: stage.endLine };
  }
  return ROOT_USER.test(state.user) ? { messageId: "rootUser", data: { user: state.user, base: stage.base }, line, endLine: stage.endLine } : undefined;
}

export const verifier = defineVerifier({
  id: "any/container-root",
  languages: ["any"],
  messageIds: ["noUser", "rootUser"],
  wantsBase: isDockerfile,
  check(ctx) {
    if (!isDockerfile(ctx.path)) return;
    const root = rootFinalStage(ctx);
    if (!root) return;
    // Already root at the base: the PR did not make it so.
    const before = ctx.baseText();
    if (before !== undefined && rootFinalStage(before)) return;
    // A regression against the base stands even when the PR only deleted lines (a USER line).
    ctx.report({ ...root, ...(before !== undefined ? { wholeFile: true } : {}) });
  },
});
