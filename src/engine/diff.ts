// Which lines of the new file a unified-diff patch adds or changes.

const HUNK = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@/;

export function addedLines(patch: string): Set<number> {
  const added = new Set<number>();
  let line = 0;
  let inHunk = false;
  for (const raw of patch.split("\n")) {
    const hunk = HUNK.exec(raw);
    if (hunk) {
      line = Number(hunk[1]);
      inHunk = true;
      continue;
    }
    if (!inHunk) continue;
    if (raw.startsWith("+")) added.add(line++);
    else if (raw.startsWith(" ") || raw === "") line++;
    // "-" lines and "\ No newline at end of file" do not exist in the new file.
  }
  return added;
}

/** "all" when every line counts as changed: an added file without patch, or no patch at all. */
export type ChangedLines = Set<number> | "all";

export function changedLinesOf(patch: string | undefined): ChangedLines {
  return patch === undefined ? "all" : addedLines(patch);
}

export function touches(changed: ChangedLines, line: number, endLine: number): boolean {
  if (changed === "all") return true;
  for (let l = line; l <= endLine; l++) if (changed.has(l)) return true;
  return false;
}
