// Secrets written to logs: echo/printf of `${{ secrets.X }}`, `${{ toJSON(secrets) }}` or a
// secret-named variable to the job output, and `set -x` tracing on in a script (shell,
// Dockerfile RUN, Makefile recipe) while it uses a secret, which prints the expanded value.
// Piping the value into a command or redirecting it into a file is how secrets should be
// passed, so those are not findings.
import { defineVerifier } from "../types.js";
import { COMMAND_KINDS, fileKind } from "./formats/kind.js";
import { allSegments, commandOf, commandsOf, type Segment } from "./formats/shell.js";
import { isSecretName } from "../../knowledge/secret-names.js";

const MESSAGE_IDS = ["echo", "allSecrets", "trace"] as const;
type MessageId = (typeof MESSAGE_IDS)[number];

const SECRET_EXPRESSION = /\$\{\{\s{0,10}(?:secrets\.[\w-]{1,100}|secrets\[[^\]]{1,100}\]|github\.token|env\.[\w-]{1,100})\s{0,10}\}\}/;
const ALL_SECRETS = /\$\{\{\s{0,10}(?:toJSON|toJson|tojson)\s{0,5}\(\s{0,5}secrets\s{0,5}\)\s{0,10}\}\}/;
const VARIABLE = /\$(\{?)([A-Za-z_][A-Za-z0-9_]{0,100})(?![A-Za-z0-9_])/g;
const XTRACE_ON = /^-[a-zA-Z]*x[a-zA-Z]*$/;

/** The first secret a text refers to: an Actions expression or a secret-named variable. */
function secretRef(text: string): string | undefined {
  const expression = SECRET_EXPRESSION.exec(text) ?? ALL_SECRETS.exec(text);
  if (expression) {
    const inner = expression[0].replace(/\s+/g, "");
    if (!inner.startsWith("${{env.") || isSecretName(inner.slice(7, -2))) return expression[0];
  }
  for (const m of text.matchAll(VARIABLE)) {
    const [whole, brace, name = ""] = m;
    // ${X:+word} prints only the word.
    if (brace && text.startsWith(":+", m.index + whole.length)) continue;
    if (isSecretName(name)) return brace ? `${whole}}` : whole;
  }
  return undefined;
}

/** Whether a segment's output goes to the log: not piped on, captured, or redirected into a file. */
function printsToLog(seg: Segment): boolean {
  if (seg.next === "|" || seg.captured) return false;
  return !seg.redirects.some((r) => /^(?:1?>{1,2}|&>)(?!&)/.test(r));
}

export const verifier = defineVerifier({
  id: "any/secret-in-log",
  languages: ["any"],
  messageIds: MESSAGE_IDS,
  check(ctx) {
    const kind = fileKind(ctx.path, ctx.text);
    if (!COMMAND_KINDS.has(kind)) return;
    const reported = new Set<number>();
    const report = (line: number, messageId: MessageId, data: Record<string, string>) => {
      if (reported.has(line)) return;
      reported.add(line);
      ctx.report({ messageId, data, line });
    };
    // A workflow's log masks registered secrets, so tracing is judged only where nothing masks it.
    const traceable = kind === "shell" || kind === "dockerfile" || kind === "makefile";
    let tracing: number | undefined = kind === "shell" && /^#!\S{1,100}\s{1,5}(?:-[a-z]*x|-o\s{1,5}xtrace)/.test(ctx.text) ? 1 : undefined;
    for (const cmd of commandsOf(ctx, kind)) {
      if (kind !== "shell") tracing = undefined;
      if (ALL_SECRETS.test(cmd.text)) report(cmd.line, "allSecrets", { origin: cmd.origin });
      for (const seg of allSegments(cmd.text)) {
        const { name, args } = commandOf(seg);
        const line = cmd.lineAt(seg.at);
        if (name === "set") {
          if (args.some((a) => XTRACE_ON.test(a)) || (args[0] === "-o" && args[1] === "xtrace")) tracing = line;
          if (args.some((a) => /^\+[a-zA-Z]*x/.test(a)) || (args[0] === "+o" && args[1] === "xtrace")) tracing = undefined;
          continue;
        }
        const ref = secretRef(seg.raw);
        if (!ref) continue;
        if ((name === "echo" || name === "printf") && printsToLog(seg) && !seg.raw.includes("::add-mask::")) {
          report(line, "echo", { command: name, secret: ref, origin: cmd.origin });
        } else if (traceable && tracing !== undefined) {
          report(tracing, "trace", { secret: ref, secretLine: String(line) });
          tracing = undefined;
        }
      }
    }
  },
});
