// A file on the local disk as the engine wants it: its text, or why there is none (binary, over
// the cap). The CLI's scan reads each file through it, and so do the workers, at the file's turn.
import { readFileSync, statSync } from "node:fs";
import type { FileText } from "./types.js";

export function readLocalText(full: string, path: string, maxBytes: number): FileText | undefined {
  const st = statSync(full, { throwIfNoEntry: false });
  if (!st?.isFile()) return undefined;
  const entry: FileText = { path, byteSize: st.size, binary: false };
  if (st.size <= maxBytes) {
    const buf = readFileSync(full);
    if (buf.includes(0)) entry.binary = true;
    else entry.text = buf.toString("utf8");
  }
  return entry;
}
