// Which of a fixed set of ASCII strings occur in a text, in one pass (Aho–Corasick): searching a
// scan's texts for each of the 69 token-format hints with `includes` cost ~1.1 s on Babylon.js's
// 72 MB, this one pass ~0.3 s.

const ASCII = 128;

export class LiteralSet {
  /** Next state for each state and character, failure links folded in: state * ASCII + code. */
  private readonly next: Int32Array;
  /** The words that end at each state (its own and its failure chain's). */
  private readonly ends: number[][];

  constructor(private readonly words: readonly string[]) {
    if (words.some((w) => w === "" || /[^\x00-\x7f]/.test(w))) throw new Error("a LiteralSet holds non-empty ASCII strings only");
    const goto: Int32Array[] = [new Int32Array(ASCII).fill(-1)];
    const ends: number[][] = [[]];
    for (const [index, word] of words.entries()) {
      let state = 0;
      for (let i = 0; i < word.length; i++) {
        const c = word.charCodeAt(i);
        if (goto[state]![c] === -1) {
          goto[state]![c] = goto.length;
          goto.push(new Int32Array(ASCII).fill(-1));
          ends.push([]);
        }
        state = goto[state]![c]!;
      }
      ends[state]!.push(index);
    }
    this.ends = ends;
    this.next = linked(goto, ends);
  }

  /** The words that occur in `text`. */
  presentIn(text: string): Set<string> {
    const found = new Set<string>();
    const { next, ends, words } = this;
    let state = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      // No word holds a non-ASCII character, so one restarts every match.
      state = c < ASCII ? next[state * ASCII + c]! : 0;
      const here = ends[state]!;
      for (let k = 0; k < here.length; k++) found.add(words[here[k]!]!);
    }
    return found;
  }
}

/** The trie with failure links folded into one table (breadth first); `ends` gains each state's failure chain. */
function linked(goto: Int32Array[], ends: number[][]): Int32Array {
  const fail = new Int32Array(goto.length);
  const queue: number[] = [];
  for (let c = 0; c < ASCII; c++) {
    const to = goto[0]![c]!;
    if (to === -1) goto[0]![c] = 0;
    else queue.push(to);
  }
  for (let head = 0; head < queue.length; head++) {
    const state = queue[head]!;
    for (let c = 0; c < ASCII; c++) {
      const to = goto[state]![c]!;
      const viaFail = goto[fail[state]!]![c]!;
      if (to === -1) {
        goto[state]![c] = viaFail;
        continue;
      }
      fail[to] = viaFail;
      ends[to] = [...ends[to]!, ...ends[viaFail]!];
      queue.push(to);
    }
  }
  const table = new Int32Array(goto.length * ASCII);
  goto.forEach((row, state) => table.set(row, state * ASCII));
  return table;
}
