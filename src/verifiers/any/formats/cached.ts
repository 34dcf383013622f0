// A format reader's result for one file, computed once per evaluation: the engine's ParsedFile
// holds it (ctx.memo), so no module keeps the last file it saw and rule order does not matter.
import type { VerifierContext } from "../../types.js";

/** A file's text and, inside a run, the per-file memo the rules share. */
export type FileSource = Pick<VerifierContext, "text"> & Partial<Pick<VerifierContext, "memo">>;

/** `compute(text)`, once per file under `key` when the source carries a memo, else each time. */
export function cached<T>(source: FileSource | string, key: string, compute: (text: string) => T): T {
  if (typeof source === "string") return compute(source);
  return source.memo ? source.memo(key, () => compute(source.text)) : compute(source.text);
}
