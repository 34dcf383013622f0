// Secrets written to logs: echo/printf of `${{ secrets.X }}`, `${{ toJSON(secrets) }}` or a
// secret-named variable to the job output, and `set -x` tracing on in a script (shell,
// Dockerfile RUN, Makefile recipe) while it uses a secret, which prints the expanded value.
// Piping the value into a command or redirecting it into a file is how secrets should be
// passed, so those are not findings.
import { defineVerifier } from "../types.js";
import { COMMAND_KINDS, fileKind } from "./formats/kind.js";
import { allSegments, commandOf, commandsOf, joinLines, type Segment } from "./formats/shell.js";
import { entries, get, items, parseYaml, scalarLines } from "./formats/yaml.js";
import { isSecretName } from "../../knowledge/secret-names.js";

const MESSAGE_IDS = ["echo", "allSecrets", "trace", "maskedLate"] as const;
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
    if (kind === "workflow" || kind === "action") for (const late of maskedLate(ctx)) report(late.line, "maskedLate", late.data);
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

/** Everything a text expands: `${{ steps.t.outputs.v }}` and `$TOKEN`/`${TOKEN}`, written one way. */
function references(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/\$\{\{([^}]{1,200})\}\}/g)) out.push(`\${{ ${(m[1] ?? "").trim()} }}`);
  for (const m of text.replace(/\$\{\{[^}]{1,200}\}\}/g, "").matchAll(VARIABLE)) out.push(`$${m[2] ?? ""}`);
  return out;
}

/**
 * `::add-mask::` only hides a value from what is printed after it: a value the same job printed
 * earlier is already in the log, and masking it then suggests it is safe when it is not.
 */
function maskedLate(ctx: { path: string; text: string }): { line: number; data: Record<string, string> }[] {
  if (!ctx.text.includes("::add-mask::")) return [];
  const file = parseYaml(ctx);
  const out: { line: number; data: Record<string, string> }[] = [];
  for (const doc of file?.docs ?? []) {
    const jobs = [...entries(get(doc.contents, "jobs"))].map(([, job]) => items(get(job, "steps")));
    const action = items(get(get(doc.contents, "runs"), "steps"));
    for (const steps of [...jobs, action]) {
      const printed = new Map<string, number>();
      for (const cmd of steps.flatMap((step) => (file ? joinLines(scalarLines(file, get(step, "run")), "run:") : []))) {
        for (const seg of allSegments(cmd.text)) {
          const { name } = commandOf(seg);
          if (name !== "echo" && name !== "printf") continue;
          const line = cmd.lineAt(seg.at);
          const mask = seg.raw.indexOf("::add-mask::");
          const refs = references(mask >= 0 ? seg.raw.slice(mask) : seg.raw);
          if (mask >= 0) {
            const early = refs.find((r) => printed.has(r));
            if (early) out.push({ line, data: { secret: early, printedLine: String(printed.get(early)) } });
          } else if (printsToLog(seg)) {
            // The runner masks registered secrets itself; other values are printed as they are.
            for (const r of refs) if (!printed.has(r) && !r.startsWith("${{ secrets.")) printed.set(r, line);
          }
        }
      }
    }
  }
  return out;
}
