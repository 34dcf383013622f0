// .gitattributes as Git reads it (gitattributes(5)): a pattern, then attributes, with `[attr]`
// macros. Some attributes make the text Git shows, diffs or checks out differ from the blob the
// gate reads: a clean/smudge `filter` rewrites it on checkout, a `diff` driver or `-diff` hides
// or replaces it in the diff, `-text` and `binary` (= -diff -merge -text) mark it unreadable,
// and `working-tree-encoding` re-encodes it on checkout.
import { extension } from "../../../engine/language.js";

export interface RiskyLine {
  line: number;
  pattern: string;
  /** The risky attributes the line gives, as written (macros expanded). */
  attributes: string[];
}

function risky(attribute: string): boolean {
  return /^(?:filter|diff)(?:=|$)/.test(attribute) || /^-(?:diff|text)$/.test(attribute) || attribute === "binary" || attribute.startsWith("working-tree-encoding=");
}

// Patterns with these extensions never name source code (media, archives, documents, lock files).
const NOT_SOURCE = new Set(
  "png jpg jpeg gif bmp ico webp avif tiff svg psd pdf zip gz tgz bz2 xz 7z rar woff woff2 ttf otf eot mp3 mp4 mov avi webm ogg wav flac db sqlite sqlite3 parquet npy npz h5 onnx pt lock md txt csv tsv doc docx xls xlsx ppt pptx".split(" "),
);

/** Whether a pattern may match source files: anything but a concrete non-source extension or a lock file. */
function mayMatchSource(pattern: string): boolean {
  const last = pattern.slice(pattern.lastIndexOf("/") + 1);
  if (/(?:^|[-.])lock\.(?:json|ya?ml)$/.test(last)) return false;
  const ext = extension(last);
  return !(ext !== "" && /^[a-z0-9]+$/.test(ext) && NOT_SOURCE.has(ext));
}

function unquote(pattern: string): string {
  return pattern.startsWith('"') && pattern.endsWith('"') && pattern.length > 1 ? pattern.slice(1, -1).replace(/\\(.)/g, "$1") : pattern;
}

/** Every line that gives a pattern able to match source files a risky attribute. */
function riskyLines(text: string): RiskyLine[] {
  const macros = new Map<string, string[]>([["binary", ["binary"]]]);
  const out: RiskyLine[] = [];
  text.split("\n").forEach((raw, i) => {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) return;
    const quoted = /^"(?:[^"\\]|\\.)*"/.exec(line);
    const pattern = quoted ? quoted[0] : line.split(/\s+/)[0]!;
    const attributes = line.slice(pattern.length).trim().split(/\s+/).filter((a) => a !== "");
    const expanded = attributes.flatMap((a) => macros.get(a) ?? [a]).filter(risky);
    if (pattern.startsWith("[attr]")) {
      macros.set(pattern.slice("[attr]".length), expanded);
      return;
    }
    if (expanded.length > 0 && mayMatchSource(unquote(pattern))) out.push({ line: i + 1, pattern: unquote(pattern), attributes: expanded });
  });
  return out;
}

/** Risky lines at the head that the base did not already have (the same pattern and attributes). */
export function riskyAttributeLines(head: string, base: string | undefined): RiskyLine[] {
  const before = new Set(riskyLines(base ?? "").map((r) => `${r.pattern}\0${r.attributes.join(" ")}`));
  return riskyLines(head).filter((r) => !before.has(`${r.pattern}\0${r.attributes.join(" ")}`));
}
