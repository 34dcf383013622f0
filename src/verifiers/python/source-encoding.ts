// Python source that Python reads differently from the gate and from reviewers: a PEP 263
// coding declaration for another codec, or a carriage return without a line feed (a line break
// to Python, but not to git, GitHub or the gate's parser, so code after it sits "in" a comment).
// The gate reads source as UTF-8; ASCII and Latin-1 agree with it on every character that
// shapes code (quotes, `#`, newlines, ASCII names). Any other codec can disagree: in UTF-7,
// `+AAo-` is a newline to Python and plain text inside a comment to the gate, so code hides there.
import { defineVerifier, type VerifierContext } from "../types.js";

const MESSAGE_IDS = ["carriageReturn", "encoding"] as const;
type MessageId = (typeof MESSAGE_IDS)[number];

/** CPython's own pattern, on a comment-only line. */
const DECLARATION = /^[ \t\f]*#.*?coding[:=][ \t]*([-_.a-zA-Z0-9]+)/;
const COMMENT_OR_BLANK = /^[ \t\f]*(?:#.*)?$/;

/** Names that CPython resolves to UTF-8, Latin-1 or ASCII (after its own `get_normal_name`). */
const SAFE = new Set([
  "utf-8", "utf8", "u8", "utf", "cp65001",
  "latin-1", "latin1", "latin", "l1", "iso-8859-1", "iso8859-1", "iso-latin-1", "8859", "cp819", "iso-ir-100", "csisolatin1",
  "ascii", "us-ascii", "us", "646", "cp367", "ibm367", "csascii", "iso646-us", "iso-ir-6",
  "ansi-x3.4-1968", "ansi-x3-4-1968", "ansi-x3.4-1986", "iso-646.irv-1991",
]);
/** `utf-8-sig`, `latin-1-unix`...: CPython reads the prefix. */
const SAFE_PREFIX = /^(?:utf-8|latin-1|iso-8859-1|iso-latin-1)-/;

function isSafeEncoding(name: string): boolean {
  const normal = name.toLowerCase().replace(/_/g, "-");
  return SAFE.has(normal) || SAFE_PREFIX.test(normal);
}

/** Line breaks CPython's tokenizer sees and the gate's tree does not. */
function bareCarriageReturn(ctx: VerifierContext<MessageId>): void {
  const at = ctx.text.search(/\r(?!\n)/);
  if (at === -1) return;
  const line = ctx.text.slice(0, at).split("\n").length;
  ctx.report({ messageId: "carriageReturn", data: { line: String(line) }, line, wholeFile: true });
}

function check(ctx: VerifierContext<MessageId>): void {
  bareCarriageReturn(ctx);
  const [first = "", second = ""] = ctx.text.replace(/^\uFEFF/, "").split(/\r\n|\r|\n/, 2);
  // Python looks at line 2 only when line 1 is a comment (a shebang) or blank.
  const candidates: [string, number][] = COMMENT_OR_BLANK.test(first) ? [[first, 1], [second, 2]] : [[first, 1]];
  for (const [line, number] of candidates) {
    const encoding = DECLARATION.exec(line)?.[1];
    if (encoding === undefined) continue;
    if (!isSafeEncoding(encoding)) ctx.report({ messageId: "encoding", data: { encoding }, line: number, wholeFile: true });
    return;
  }
}

export const verifier = defineVerifier({
  id: "python/source-encoding",
  languages: ["python"],
  messageIds: MESSAGE_IDS,
  check,
});
