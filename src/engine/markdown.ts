// Text the agent controls (branch names, titles, e-mails, paths, messages that quote code,
// commit subjects, reasons) put into the Markdown a reviewer reads: the check run summary and
// command replies. Escaped so that it reads as exactly what it is and can never open an HTML
// comment or tag, a link or image, a code span, a table cell or a new line, and so can never
// hide the findings or approvals or fake a section.

/** Longest value shown; a longer one is cut so it cannot push the findings past GitHub's limit. */
export const MAX_SHOWN = 300;

// Line breaks of every kind become spaces: a value never starts a block (heading, list, quote).
const BREAKS = /[\r\n\u2028\u2029\u0085\t\v\f]/g;
// Invisible and direction-changing characters are shown by code point, so text cannot be disguised.
const HIDDEN = /[\u0000-\u001f\u007f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;
// Markdown punctuation that could open emphasis, a code span, a link, an image or a table cell.
const PUNCTUATION = /[\\`*~[\]|]/g;
const ENTITY: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;" };

function shorten(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max)}…` : s;
}

function hexCode(c: string): string {
  return `U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`;
}

/** Inline Markdown that renders as the literal text of `s`, on one line. */
export function mdText(s: string, max = MAX_SHOWN): string {
  return shorten(String(s), max)
    .replace(BREAKS, " ")
    .replace(HIDDEN, hexCode)
    .replace(/[&<>]/g, (c) => ENTITY[c]!)
    .replace(PUNCTUATION, "\\$&")
    // Written right after a list marker, a value must not start a heading or list of its own.
    .replace(/^(\s*)([#+=-])/, "$1\\$2")
    .replace(/^(\s*\d+)([.)])/, "$1\\$2");
}

// Values with none of these read the same in a plain code span.
const PLAIN = /^[^`|<>&\\\r\n\u0000-\u001f\u007f\u0085\u2028\u2029\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]*$/;

/** `s` as inline code: a code span when that is safe, else a <code> element with escaped text. */
export function mdCode(s: string, max = MAX_SHOWN): string {
  const short = shorten(String(s), max);
  return PLAIN.test(short) ? `\`${short}\`` : `<code>${mdText(short, max + 1)}</code>`;
}

/**
 * Text the gate wrote around values (a refusal reason, a config error) marks names in
 * backticks: those stay code, the rest is escaped. Unbalanced backticks make it all plain text.
 */
export function mdMarked(s: string, max = MAX_SHOWN): string {
  const parts = shorten(String(s), max).split("`");
  if (parts.length % 2 === 0) return mdText(s, max);
  return parts.map((p, i) => (i % 2 === 1 ? mdCode(p) : mdText(p, max + 1))).join("");
}
