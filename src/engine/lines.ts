// Line numbers as git and GitHub count them: a line ends at "\n" and nowhere else. Parsers count
// more (the TypeScript compiler breaks lines at CR, U+2028 and U+2029 too), so every finding,
// annotation and content-signal line is computed here, from a character offset into the text.

/** 1-based git line of each offset of one text; built once per text, O(log lines) per lookup. */
export class GitLines {
  private starts: number[] | undefined;

  constructor(readonly text: string) {}

  /** Offset at which each line starts (index 0 is line 1). */
  lineStarts(): readonly number[] {
    if (!this.starts) {
      const starts = [0];
      for (let i = this.text.indexOf("\n"); i !== -1; i = this.text.indexOf("\n", i + 1)) starts.push(i + 1);
      this.starts = starts;
    }
    return this.starts;
  }

  /** The 1-based line holding the character at `offset` (UTF-16 units, as JavaScript strings index). */
  lineOf(offset: number): number {
    const starts = this.lineStarts();
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }
}

const byOwner = new WeakMap<object, GitLines>();

/** The GitLines of a parsed file's text, kept as long as the parse result (a SourceFile, a Tree) lives. */
export function gitLinesFor(owner: object, text: string): GitLines {
  let lines = byOwner.get(owner);
  if (!lines || lines.text !== text) {
    lines = new GitLines(text);
    byOwner.set(owner, lines);
  }
  return lines;
}

/** The GitLines registered for a parse result by gitLinesFor, if any. */
export function registeredLines(owner: object): GitLines | undefined {
  return byOwner.get(owner);
}

/** The 1-based git line of one offset, for a single lookup. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf("\n"); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) line++;
  return line;
}
