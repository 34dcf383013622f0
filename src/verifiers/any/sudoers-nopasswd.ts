// sudo rules that give a user every command as root without a password (NOPASSWD: ALL, or
// `Defaults !authenticate`), in sudoers files and wherever a script, Dockerfile, workflow or
// cloud-init/Ansible YAML writes such a line.
import { defineVerifier } from "../types.js";
import { fileKind } from "./formats/kind.js";

const NOPASSWD = /\bNOPASSWD\s{0,5}:/g;
const NO_AUTH = /^\s{0,40}(?:-\s{1,5})?["']?Defaults\b[^\n]{0,200}!\s{0,5}authenticate\b/;
const KINDS = new Set(["sudoers", "shell", "dockerfile", "makefile", "workflow", "action", "gitlab-ci", "yaml"]);

/** Whether the command list after a NOPASSWD tag contains ALL. */
function allCommands(rest: string): boolean {
  const list = rest.split(/["'#\\]/)[0] ?? "";
  return list.split(",").some((item) => {
    const cmd = item
      .trim()
      .replace(/^\([^)]{0,200}\)\s{0,5}/, "")
      .replace(/^(?:[A-Z_]{2,16}\s{0,3}:\s{0,3}){0,6}/, "");
    return /^ALL\b/.test(cmd);
  });
}

export const verifier = defineVerifier({
  id: "any/sudoers-nopasswd",
  languages: ["any"],
  messageIds: ["nopasswdAll", "noAuthenticate"],
  check(ctx) {
    const kind = fileKind(ctx.path, ctx.text);
    if (!KINDS.has(kind)) return;
    ctx.text.split("\n").forEach((line, i) => {
      if ((kind !== "sudoers" && /^\s*#/.test(line)) || (kind === "sudoers" && /^\s*#(?!include)/.test(line))) return;
      if (NO_AUTH.test(line)) {
        ctx.report({ messageId: "noAuthenticate", data: {}, line: i + 1 });
        return;
      }
      for (const m of line.matchAll(NOPASSWD)) {
        if (allCommands(line.slice(m.index + m[0].length))) {
          ctx.report({ messageId: "nopasswdAll", data: {}, line: i + 1 });
          return;
        }
      }
    });
  },
});
