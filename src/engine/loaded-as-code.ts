// A file's language is not only its extension. Node runs whatever `require("./x.inc")` names as
// JavaScript, and `#!/usr/bin/env python` makes a script without extension Python. Such files
// are analysed in the language they run as, or an agent hides code behind a name no rule reads.
import { posix } from "node:path";
import { extension, isBinaryPath, languageOf } from "./language.js";
import type { ChangedFile, FileText } from "./types.js";
import type { Language } from "../verifiers/types.js";

/** Extensions of data, documents and assets: loaded as such by bundlers, never run as code here. */
const NOT_CODE = new Set(
  "json jsonc json5 md markdown mdx rst txt csv tsv yml yaml toml ini cfg conf lock xml html htm css scss sass less styl svg map graphql gql sql".split(" "),
);

/** Interpreters a shebang may name, by their name without version (`python3.12` → python). */
const INTERPRETERS: Record<string, Language> = {
  node: "javascript",
  nodejs: "javascript",
  bun: "javascript",
  deno: "typescript",
  "ts-node": "typescript",
  tsx: "typescript",
  python: "python",
  pypy: "python",
};

/** A file with no source extension that may still be code: worth reading to find out. */
export function mayBeCode(path: string, language: Language): boolean {
  return language === "text" && !isBinaryPath(path) && !NOT_CODE.has(extension(path));
}

/** `#!/usr/bin/env -S node --flag`, `#!/usr/local/bin/python3.12`. */
function shebangLanguage(text: string): Language | undefined {
  const line = /^#![ \t]*(\S+)([^\n]*)/.exec(text);
  if (!line) return undefined;
  const words = [line[1] ?? "", ...(line[2] ?? "").trim().split(/\s+/)];
  const program = posix.basename(words[0] ?? "") === "env" ? words.slice(1).find((w) => !w.startsWith("-")) : words[0];
  const name = posix.basename(program ?? "").replace(/[\d.]+$/, "");
  return INTERPRETERS[name];
}

/** CommonJS: Node runs whatever require() names as JavaScript, whatever its extension (but .json and .node). */
const JS_REQUIRE = /\brequire\s*\(\s*["'](\.{1,2}\/[^"'\n]+)["']/g;
/** ESM and bundlers: import … from, import(), export … from; data and asset extensions load as such. */
const JS_IMPORT = /(?:\bimport\s*\(\s*|\bfrom\s*|^[ \t]*import\s*)["'](\.{1,2}\/[^"'\n]+)["']/gm;
const REQUIRE_AS_DATA = new Set(["json", "node"]);
/** Paths Python runs: exec(open(…)), runpy.run_path(…), importlib's file loaders. */
const PY_LOADS = /(?:\bexec\s*\(\s*open\s*\(|\brun_path\s*\(|\bSourceFileLoader\s*\([^,()]*,|\bspec_from_file_location\s*\([^,()]*,)\s*[rbuRBU]?["']([^"'\n]+)["']/g;

interface Load {
  path: string;
  language: Language;
  /** The loader runs the file as code whatever its extension (require, exec): not only when it may be code. */
  anyExtension: boolean;
}

function loadedBy(importer: string, language: Language, text: string): Load[] {
  const dir = posix.dirname(importer);
  if (language === "python") {
    // A script's paths are relative to where it runs: the repository root, or its own folder.
    return [...text.matchAll(PY_LOADS)]
      .flatMap((m) => [posix.normalize(m[1] ?? ""), posix.join(dir, m[1] ?? "")])
      .map((path) => ({ path, language, anyExtension: true }));
  }
  if (language === "text") return [];
  // Specifiers with a source extension keep their language: skip them before resolving the path.
  const js = (re: RegExp, anyExtension: boolean): Load[] =>
    [...text.matchAll(re)].flatMap((m) => {
      const spec = m[1] ?? "";
      return languageOf(spec) === "text" ? [{ path: posix.join(dir, spec), language: "javascript" as const, anyExtension }] : [];
    });
  return [...js(JS_REQUIRE, true), ...js(JS_IMPORT, false)];
}

function runsAsCode(load: Load, file: ChangedFile | undefined, language: Language | undefined): boolean {
  if (!file || file.status === "removed" || language !== "text" || isBinaryPath(file.path)) return false;
  return load.anyExtension ? !REQUIRE_AS_DATA.has(extension(file.path)) : mayBeCode(file.path, language);
}

/**
 * Changed files that run as code in a language their extension does not say: a shebang names
 * the interpreter, or another changed file loads them. Files of a source extension keep theirs.
 */
export function codeLanguages(files: { file: ChangedFile; language: Language }[], texts: Map<string, FileText>): Map<string, Language> {
  const out = new Map<string, Language>();
  const byPath = new Map(files.map((f) => [f.file.path, f]));
  // Only a changed file without a source extension can be moved: most pull requests have none to look for.
  if (!files.some((f) => f.file.status !== "removed" && f.language === "text" && !isBinaryPath(f.file.path))) return out;
  for (const { file, language } of files) {
    if (file.status === "removed" || !mayBeCode(file.path, language)) continue;
    const byShebang = shebangLanguage(texts.get(file.path)?.text ?? "");
    if (byShebang) out.set(file.path, byShebang);
  }
  // A file found to be code may load another in turn: repeat until nothing moves.
  for (let moved = true; moved; ) {
    moved = false;
    for (const { file, language } of files) {
      const runsAs = out.get(file.path) ?? language;
      // A text file loads nothing: not read here (on disk, each get is a read).
      if (runsAs === "text" || file.status === "removed") continue;
      const text = texts.get(file.path)?.text;
      if (text === undefined) continue;
      for (const target of loadedBy(file.path, runsAs, text)) {
        const loaded = byPath.get(target.path);
        if (out.has(target.path) || !runsAsCode(target, loaded?.file, loaded?.language)) continue;
        out.set(target.path, target.language);
        moved = true;
      }
    }
  }
  return out;
}
