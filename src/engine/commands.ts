// Parses PR comments into gate commands. Pure and total: any text yields one command or none.
// Only a line that starts with `/agent-gate` or `@<app-slug>` counts, and never inside a code
// fence, an indented code block, a quote or an HTML comment (also one opened mid-line on an
// earlier line), so quoting or hiding a command is not one.

export type Verb = "approve" | "recheck" | "explain" | "help";

export interface Command {
  verb: Verb;
  /** The rest of the line: the reason for approve, the rule id for explain. */
  args: string;
  /** The verb as typed, when it was not one we know (the reply is then the help text). */
  unknown?: string;
  /** approve only: the commit named by `/agent-gate approve <sha7+> <reason>`, lowercased; args is then the reason. */
  sha?: string;
}

const VERBS: readonly Verb[] = ["approve", "recheck", "explain", "help"];
// Lines longer than this are not read as commands: no command is that long.
const MAX_LINE = 2000;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;
// A commit named by an approval: 7 to 40 hex digits, as git abbreviates them.
const SHA_ARG = /^[0-9a-f]{7,40}$/i;

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * Whether an HTML comment touches this line, and whether one is still open after it. GitHub
 * hides everything from `<!--` to `-->`, wherever on a line the comment opens, so the lines
 * after a mid-line `<!--` are hidden too (counted as hidden even when GitHub would show an
 * unclosed one as text: a hidden approval must never count, a visible one can be posted again).
 */
function commentState(line: string, open: boolean): { touched: boolean; open: boolean } {
  let at = 0;
  let touched = open;
  for (;;) {
    if (open) {
      const end = line.indexOf("-->", at);
      if (end === -1) return { touched, open: true };
      at = end + 3;
      open = false;
    } else {
      const start = line.indexOf("<!--", at);
      if (start === -1) return { touched, open: false };
      at = start + 4;
      open = true;
      touched = true;
    }
  }
}

export function parseCommand(body: string, appSlug = "agent-gate"): Command | undefined {
  const prefix = new RegExp(`^(?:/agent-gate|@${escapeRe(appSlug)})(?:\\s+|$)`, "i");
  let fence: string | undefined;
  let inComment = false;
  let start = 0;
  while (start <= body.length) {
    let end = body.indexOf("\n", start);
    if (end === -1) end = body.length;
    const raw = body.slice(start, end).replace(/\r$/, "");
    start = end + 1;

    const found = FENCE.exec(raw);
    // A backtick fence's info string may not hold a backtick (CommonMark): such a line is text.
    const open = found && !(found[1]![0] === "`" && raw.slice(found[0].length).includes("`")) ? found : null;
    if (fence) {
      if (open && open[1]![0] === fence[0] && open[1]!.length >= fence.length && raw.trim() === open[1]) fence = undefined;
      continue;
    }
    if (open) {
      fence = open[1];
      continue;
    }
    // A line an HTML comment opens or closes on is not a command: GitHub hides part of it.
    const comment = commentState(raw, inComment);
    inComment = comment.open;
    if (comment.touched) continue;
    if (raw.length > MAX_LINE || /^(?: {4}|\t)/.test(raw) || raw.trimStart().startsWith(">")) continue;

    const line = raw.trim();
    const m = prefix.exec(line);
    if (!m) continue;
    const rest = line.slice(m[0].length).trim();
    const [word = "", ...more] = rest.split(/\s+/);
    const verb = word.toLowerCase();
    const args = more.join(" ").trim();
    if (verb === "approve" && SHA_ARG.test(more[0] ?? "")) return { verb, args: more.slice(1).join(" ").trim(), sha: more[0]!.toLowerCase() };
    if ((VERBS as readonly string[]).includes(verb)) return { verb: verb as Verb, args };
    return { verb: "help", args: "", ...(word ? { unknown: word } : {}) };
  }
  return undefined;
}
