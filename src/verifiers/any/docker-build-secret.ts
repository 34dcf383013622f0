// Secrets handed to a Docker build where the image keeps them: an ARG named as a secret is
// recorded in the image history of every RUN that uses it (`docker history`), and an ENV set
// from a variable bakes the value into the image's configuration for everyone who pulls it.
// BuildKit secret mounts give a secret to one RUN without either. A literal value is
// any/hardcoded-credentials' finding; this rule is about the channel, whatever the value.
import { defineVerifier } from "../types.js";
import { parseDockerfile } from "./formats/dockerfile.js";
import { isDockerfile } from "./formats/kind.js";
import { isSecretName } from "../../knowledge/secret-names.js";

const MESSAGE_IDS = ["arg", "env"] as const;
/** `NAME=value` or `NAME="value"` pairs of ARG and ENV (values without spaces, or quoted). */
const PAIR = /([A-Za-z_][A-Za-z0-9_]{0,100})(?:=("[^"]{0,1000}"|'[^']{0,1000}'|\S{0,1000}))?/g;
const VARIABLE = /\$\{?[A-Za-z_]/;

/** The names and values an ARG or ENV instruction sets; the legacy `ENV NAME value` form too. */
function pairsOf(keyword: string, args: string): { name: string; value?: string }[] {
  const legacy = keyword === "ENV" && /^\s*[A-Za-z_][A-Za-z0-9_]*\s+[^=\s]/.test(args) && !/^\s*\S+=/.test(args);
  if (legacy) {
    const [name = "", ...rest] = args.trim().split(/\s+/);
    return [{ name, value: rest.join(" ") }];
  }
  return [...args.matchAll(PAIR)].map((m) => ({ name: m[1] ?? "", ...(m[2] !== undefined ? { value: m[2] } : {}) }));
}

const idOf = (name: string): string => name.toLowerCase().replace(/_/g, "-");

export const verifier = defineVerifier({
  id: "any/docker-build-secret",
  languages: ["any"],
  messageIds: MESSAGE_IDS,
  check(ctx) {
    if (!isDockerfile(ctx.path)) return;
    for (const ins of parseDockerfile(ctx)) {
      if (ins.keyword !== "ARG" && ins.keyword !== "ENV") continue;
      for (const { name, value } of pairsOf(ins.keyword, ins.args)) {
        if (!isSecretName(name)) continue;
        const data = { name, id: idOf(name), value: value ?? "" };
        if (ins.keyword === "ARG") ctx.report({ messageId: "arg", line: ins.line, data });
        else if (value !== undefined && VARIABLE.test(value)) ctx.report({ messageId: "env", line: ins.line, data });
      }
    }
  },
});
