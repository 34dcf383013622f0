// A Dockerfile whose final stage (the image that ships) runs as root: no USER instruction, or a
// last USER of root or 0. The verifier sees only the new text, so it cannot tell whether an
// earlier revision ran as another user; the finding spans the final stage, so on a pull request
// it shows when the PR adds or changes a line of that stage.
import type { VerifierModule } from "../types.js";
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

export const verifier: VerifierModule = {
  id: "any/container-root",
  languages: ["any"],
  check(ctx) {
    if (!isDockerfile(ctx.path)) return;
    const stages = stagesOf(parseDockerfile(ctx.text));
    const byName = new Map<string, StageUser>();
    let last: { stage: Stage; state: StageUser } | undefined;
    for (const stage of stages) {
      const state = userOf(stage, byName);
      if (stage.name) byName.set(stage.name, state);
      last = { stage, state };
    }
    if (!last) return;
    const { stage, state } = last;
    if (stage.instructions.some((i) => (i.keyword === "ENTRYPOINT" || i.keyword === "CMD" || i.keyword === "RUN") && DROPS_PRIVILEGES.test(i.args))) return;
    const own = state.line !== undefined && state.line >= stage.from.line;
    const line = own ? (state.line ?? stage.from.line) : stage.from.line;
    if (state.user === undefined) {
      if (!NON_ROOT_BASE.test(state.image)) ctx.report({ messageId: "noUser", data: { base: stage.base }, line, endLine: stage.endLine });
    } else if (ROOT_USER.test(state.user)) {
      ctx.report({ messageId: "rootUser", data: { user: state.user, base: stage.base }, line, endLine: stage.endLine });
    }
  },
};
