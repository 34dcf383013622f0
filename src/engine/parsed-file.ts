// One file of one evaluation, parsed at most once: every rule of its language and the contracts'
// facts read the same tree, and every format reader (YAML, HCL, Dockerfile) caches its result
// here rather than in a module. The parsers' guards (bracket nesting, syntax errors) apply once,
// so a file is "could not check" in the same way whichever pipeline reads it.
import type { ts } from "ts-morph";
import type { Tree } from "web-tree-sitter";
import type { Unchecked } from "./types.js";
import type { Language } from "../verifiers/types.js";
import { firstSyntaxErrorLine, parsePython } from "../verifiers/python/parser.js";
import { normaliseIdentifiers } from "../verifiers/python/source.js";
import { firstParseErrorLine, parseTypeScript } from "../verifiers/typescript/parser.js";

/**
 * A parser that stops understanding a file may hide code in what it could not read (syntax newer
 * than the grammar, or text crafted to derail it): the rest is checked, the file is not passed.
 */
function unparsed(language: string, line: number): string {
  return `The ${language} parser found a syntax error on line ${line}, so code from there on may not have been read as it runs; the parts that parsed were checked. Fix the syntax, or have a human review the file.`;
}

export class ParsedFile {
  /** Python rules read identifiers as CPython does (NFKC); lines stay where they are. */
  readonly text: string;
  private pyTree: Tree | undefined;
  private tsFile: ts.SourceFile | undefined;
  private parseNoticed = false;
  private readonly memos = new Map<string, unknown>();

  constructor(
    readonly path: string,
    readonly language: Language,
    text: string,
    /** Where "could not check" goes: the run's list. */
    private readonly incomplete: Unchecked[],
  ) {
    this.text = language === "python" ? normaliseIdentifiers(text) : text;
  }

  private syntaxError(language: string, line: number | undefined): void {
    if (line === undefined || this.parseNoticed) return;
    this.parseNoticed = true;
    this.incomplete.push({ file: this.path, reason: unparsed(language, line) });
  }

  python(): Tree {
    if (!this.pyTree) {
      this.pyTree = parsePython(this.text);
      this.syntaxError("Python", firstSyntaxErrorLine(this.pyTree));
    }
    return this.pyTree;
  }

  typescript(): ts.SourceFile {
    if (!this.tsFile) {
      const parsed = parseTypeScript(this.path, this.text);
      this.tsFile = parsed.sourceFile;
      // Nesting too deep to parse: the rest is checked, but the deep part could not be.
      if (parsed.skipped) this.incomplete.push({ file: this.path, reason: parsed.skipped });
      else this.syntaxError("TypeScript/JavaScript", firstParseErrorLine(this.tsFile));
    }
    return this.tsFile;
  }

  /** Computed once per file under `key` (a format's name), shared by every rule that asks. */
  memo<T>(key: string, compute: () => T): T {
    if (!this.memos.has(key)) this.memos.set(key, compute());
    return this.memos.get(key) as T;
  }

  /** Frees the tree-sitter tree (wasm memory is not garbage-collected). */
  dispose(): void {
    this.pyTree?.delete();
    this.pyTree = undefined;
    this.tsFile = undefined;
    this.memos.clear();
  }
}
