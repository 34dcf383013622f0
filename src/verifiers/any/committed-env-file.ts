// A local environment file (.env, .env.local, .env.<mode>.local, <name>.env) added to the
// repository with values in it. These files hold each developer's or server's own settings and
// secrets and belong in .gitignore; a template (.env.example) and the per-mode defaults some
// frameworks commit on purpose (.env.development, .env.production, .env.test) are not findings.
// Secret values inside are also reported by any/hardcoded-credentials.
import { defineVerifier } from "../types.js";
import { baseName } from "./formats/kind.js";

const LOCAL_ENV = /^(?:\.env|\.env\.local|\.env\.[\w-]{1,40}\.local|[\w-]{1,60}\.env)$/;
const ASSIGNMENT = /^\s{0,20}(?:export\s{1,10})?([A-Za-z_][A-Za-z0-9_.-]{0,100})\s{0,10}=\s{0,10}(.{0,2000})$/;
const EMPTY_OR_PLACEHOLDER = /^(?:|""|''|<[^<>]{0,100}>|\$\{[^}]{0,100}\}|x{3,}|\*{3,}|change[-_ ]?me|your[-_ ][\w-]{0,60}|todo|tbd)$/i;
const NEW = new Set(["added", "renamed", "copied"]);

export const verifier = defineVerifier({
  id: "any/committed-env-file",
  languages: ["any"],
  messageIds: ["committed"],
  check(ctx) {
    if (!NEW.has(ctx.status) || !LOCAL_ENV.test(baseName(ctx.path))) return;
    const values: { name: string; line: number }[] = [];
    ctx.text.split("\n").forEach((line, i) => {
      const m = ASSIGNMENT.exec(line);
      if (!m) return;
      const value = (m[2] ?? "").replace(/\s#.*$/, "").trim();
      if (!EMPTY_OR_PLACEHOLDER.test(value)) values.push({ name: m[1] ?? "", line: i + 1 });
    });
    const first = values[0];
    if (!first) return;
    ctx.report({
      messageId: "committed",
      data: { path: ctx.path, count: String(values.length), names: values.slice(0, 3).map((v) => v.name).join(", ") + (values.length > 3 ? ", ..." : "") },
      line: first.line,
      endLine: values.at(-1)?.line ?? first.line,
    });
  },
});
