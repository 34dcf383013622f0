// Passwords and tokens put on a command line (subprocess, os.system, asyncio subprocesses),
// where every local user sees them in `ps` and /proc, and shells keep them in history and logs.
import type { Node } from "web-tree-sitter";
import { defineVerifier, type VerifierContext } from "../types.js";
import { calleeName, callsOf, indexOf, elements, findSecret, importedNames, keywordArg, lines, positionalArgs, stringValue, unwrap } from "./ast.js";
import { isTestOrFixturePath } from "../../knowledge/test-paths.js";

const MESSAGE_IDS = ["commandLine"] as const;
type MessageId = (typeof MESSAGE_IDS)[number];

const RUNNER = /^(?:run|call|check_call|check_output|Popen|getoutput|getstatusoutput|system|popen|create_subprocess_exec|create_subprocess_shell|spawn\w*)$/;
const SINK = /^(?:subprocess|sp|os|asyncio|pexpect)\.(?:run|call|check_call|check_output|Popen|getoutput|getstatusoutput|system|popen|create_subprocess_exec|create_subprocess_shell|spawn\w*)$/;
const FLAG = /^--?(?:password|passwd|pass|pwd|token|api[-_]?key|secret|client[-_]?secret|access[-_]?token|auth[-_]?token)(?:=(.*))?$/i;
const IN_TEXT = /(?:^|\s)--?(?:password|passwd|token|api-key|apikey|secret|client-secret|access-token)[= ]+[^\s-]|\b(?:PGPASSWORD|MYSQL_PWD|SSHPASS|REDISCLI_AUTH)=\S|\bsshpass\s+-p\s*\S|\bmysql(?:dump|admin)?\b[^|;&\n]*\s-p\S/i;
const MYSQL = /^(?:mysql|mysqldump|mysqladmin|sshpass)$/;

/** What exposes a secret in a command given as a list of arguments, if anything. */
function inList(items: Node[]): string | undefined {
  const program = stringValue(items[0])?.split("/").pop() ?? "";
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (!item) continue;
    const literal = stringValue(item);
    if (literal !== undefined) {
      const flag = FLAG.exec(literal);
      const next = items[i + 1];
      if (flag && flag[1]) return `\`${literal.split("=")[0]}=…\``;
      if (flag && next && !(stringValue(next) ?? "x").startsWith("-")) return `\`${literal}\` followed by a value`;
      if (MYSQL.test(program) && /^-p\S/.test(literal)) return "`-p<password>`";
      continue;
    }
    const n = unwrap(item);
    if (n.type === "string" && MYSQL.test(program) && /^-p/.test(n.text.replace(/^[fFrRbB]+["']/, ""))) return "`-p<password>`";
    const secret = findSecret(item);
    if (secret) return `\`${secret}\``;
  }
  return undefined;
}

/** What exposes a secret in a shell command string, if anything. */
function inShell(command: Node): string | undefined {
  const secret = findSecret(command);
  if (secret) return `\`${secret}\``;
  const text = unwrap(command).text;
  const m = IN_TEXT.exec(text);
  return m ? `\`${m[0].trim().slice(0, 30)}\`` : undefined;
}

function check(ctx: VerifierContext<MessageId>): void {
  if (isTestOrFixturePath(ctx.path)) return;
  // `from subprocess import run as sh`: names bound by real imports, however the import is laid out.
  const bare = new Set([...importedNames(ctx)].flatMap(([local, module]) => (/^subprocess\.\w+$/.test(module) ? [local] : [])));
  const sites = [...indexOf(ctx).calledNames()].filter((n) => RUNNER.test(n) || bare.has(n));
  for (const call of callsOf(ctx, sites)) {
    const name = calleeName(call) ?? "";
    if (!SINK.test(name) && !bare.has(name)) continue;
    const args = positionalArgs(call);
    const command = args[0] ?? keywordArg(call, "args");
    if (!command) continue;
    let found: string | undefined;
    if (name.endsWith("create_subprocess_exec") || /^os\.spawn/.test(name)) found = inList(args);
    else {
      const list = elements(command);
      found = list ? inList(list) : inShell(command);
    }
    if (found) ctx.report({ messageId: "commandLine", data: { call: name, what: found }, ...lines(call) });
  }
}

export const verifier = defineVerifier({
  id: "python/password-on-command-line",
  languages: ["python"],
  messageIds: MESSAGE_IDS,
  gate: /subprocess|os\.|asyncio|pexpect/,
  check,
});
