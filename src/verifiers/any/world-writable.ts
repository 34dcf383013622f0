// Files and directories made writable by every user: chmod 777/666/o+w/a+rwx, umask 000,
// mkdir/install -m 777, Dockerfile COPY/ADD --chmod=777, and chmod calls with such modes in
// Python and JavaScript. A sticky directory (1777, as /tmp) is accepted: it is shared on purpose.
import { defineVerifier, type VerifierContext } from "../types.js";
import { parseDockerfile } from "./formats/dockerfile.js";
import { COMMAND_KINDS, extension, fileKind } from "./formats/kind.js";
import { allSegments, commandOf, commandsOf } from "./formats/shell.js";

const MESSAGE_IDS = ["command", "code"] as const;
type MessageId = (typeof MESSAGE_IDS)[number];

const CODE = new Set(["py", "js", "mjs", "cjs", "ts", "mts", "cts", "jsx", "tsx"]);
const OCTAL = /^0?[0-7]{3,4}$/;
/** chmod(path, 0o777), os.chmod(p, 0777), fs.chmodSync(p, "777"), with the mode as a literal. */
const CODE_CHMOD = /\bchmod(?:Sync)?\s{0,5}\([^()\n]{0,300}?,\s{0,5}(?:0o|0)?([0-7]{3,4})\b/g;
const CODE_CHMOD_NO_PATH = /\.chmod(?:Sync)?\s{0,5}\(\s{0,5}(?:0o|0)([0-7]{3,4})\b/g;
const CODE_OTHER_WRITE = /\bS_IWOTH\b|\bS_IRWXO\b/;
const CODE_UMASK = /\bumask\s{0,5}\(\s{0,5}(?:0o|0x)?(0{1,4})\s{0,5}\)/;

/** Whether an octal mode lets others write (and is not a sticky shared directory). */
function worldWritableOctal(mode: string): boolean {
  const digits = mode.replace(/^0(?=[0-7]{4})/, "");
  const other = Number(digits.at(-1));
  const special = digits.length === 4 ? Number(digits.charAt(0)) : 0;
  return (other & 2) !== 0 && (special & 1) === 0;
}

/** Whether a symbolic mode (o+w, a+rwx, ugo=rwx) grants write to others. */
function worldWritableSymbolic(mode: string): boolean {
  return mode.split(",").some((clause) => {
    const m = /^([ugoa]{0,4})([+=])([rwxXst]{0,6})$/.exec(clause);
    return !!m && /[oa]/.test(m[1] ?? "") && (m[3] ?? "").includes("w");
  });
}

function modeOf(args: string[]): string | undefined {
  return args.find((a) => !a.startsWith("-") || /^-[rwxXst]{1,6}$/.test(a));
}

function commandFinding(name: string, args: string[]): Record<string, string> | undefined {
  if (name === "chmod") {
    const mode = modeOf(args);
    if (mode && ((OCTAL.test(mode) && worldWritableOctal(mode)) || worldWritableSymbolic(mode))) {
      const target = args[args.indexOf(mode) + 1] ?? "";
      return { what: `chmod ${mode}${target ? ` ${target}` : ""}` };
    }
  }
  if (name === "umask") {
    const mask = args[0] ?? "";
    if (OCTAL.test(mask.padStart(3, "0")) && (Number(mask.at(-1)) & 2) === 0) return { what: `umask ${mask}` };
    if (/o=[rx]{0,2}w/.test(mask)) return { what: `umask ${mask}` };
  }
  if (name === "mkdir" || name === "install") {
    for (let i = 0; i < args.length; i++) {
      const a = args[i] ?? "";
      const mode = a === "-m" || a === "--mode" ? args[i + 1] : a.startsWith("--mode=") ? a.slice(7) : /^-m[0-7]{3,4}$/.test(a) ? a.slice(2) : undefined;
      if (mode && OCTAL.test(mode) && worldWritableOctal(mode)) return { what: `${name} -m ${mode}` };
    }
  }
  return undefined;
}

export const verifier = defineVerifier({
  id: "any/world-writable",
  languages: ["any"],
  messageIds: MESSAGE_IDS,
  check(ctx) {
    const reported = new Set<number>();
    const report = (line: number, data: Record<string, string>, messageId: MessageId = "command") => {
      if (reported.has(line)) return;
      reported.add(line);
      ctx.report({ messageId, data, line });
    };
    if (CODE.has(extension(ctx.path))) return checkCode(ctx, report);
    const kind = fileKind(ctx.path, ctx.text);
    if (kind === "dockerfile") {
      for (const ins of parseDockerfile(ctx)) {
        if (ins.keyword !== "COPY" && ins.keyword !== "ADD") continue;
        const mode = /(?:^|\s)--chmod=([0-7]{3,4})\b/.exec(ins.args)?.[1];
        if (mode && worldWritableOctal(mode)) report(ins.line, { what: `${ins.keyword} --chmod=${mode}` });
      }
    }
    if (!COMMAND_KINDS.has(kind)) return;
    for (const cmd of commandsOf(ctx, kind)) {
      for (const seg of allSegments(cmd.text)) {
        const { name, args } = commandOf(seg);
        const found = commandFinding(name, args);
        if (found) report(cmd.lineAt(seg.at), found);
      }
    }
  },
});

function checkCode(ctx: VerifierContext, report: (line: number, data: Record<string, string>, messageId?: MessageId) => void): void {
  // Every pattern below names chmod or umask.
  if (!ctx.text.includes("chmod") && !ctx.text.includes("umask")) return;
  ctx.text.split("\n").forEach((line, i) => {
    if (/^\s*(?:#|\/\/|\*)/.test(line)) return;
    // Every call on the line: a harmless chmod first must not hide a second one.
    const modes = [...line.matchAll(CODE_CHMOD), ...line.matchAll(CODE_CHMOD_NO_PATH)].map((m) => m[1] ?? "");
    const mode = modes.find((m) => worldWritableOctal(m));
    if (mode) report(i + 1, { what: `chmod with mode ${mode}` }, "code");
    else if (/\bchmod/.test(line) && CODE_OTHER_WRITE.test(line)) report(i + 1, { what: "chmod with S_IWOTH" }, "code");
    else if (CODE_UMASK.test(line)) report(i + 1, { what: "umask(0)" }, "code");
  });
}
