// Why part of a pull request cannot be checked. Each answer becomes a "could not check" entry
// (Scan.incomplete) that blocks until a human approves: the gate never passes what it could
// not read. The reasons are worded for the reviewer and for the agent that has to fix them.
import { extension } from "./language.js";
import { lineAt } from "./lines.js";
import type { ChangedFile, FileText, PullMeta, Unchecked } from "./types.js";
import type { Language, Verifier } from "../verifiers/types.js";

/** Code in compiled or serialised form: it runs when loaded (pickles too), and no rule can read it as source. */
const BINARY_CODE = new Set("so dll dylib exe node wasm jar war class pyc pyo whl egg pkl pickle".split(" "));

/** First line of a Git LFS pointer file: the content lives on an LFS server, not in the repository. */
export const LFS_POINTER = "version https://git-lfs.github.com/spec/v1";

/** pulls.listCommits returns at most this many commits. */
export const COMMIT_LIMIT = 250;

const LANGUAGE_NAMES: Record<Language, string> = { python: "Python", typescript: "TypeScript", javascript: "JavaScript", text: "text" };

/** A language some active rule parses: its files must be read whole, or they are "could not check". */
export function isGatedLanguage(language: Language, active: Verifier[]): boolean {
  return language !== "text" && active.some((v) => v.languages.includes(language));
}

/** An added or changed file of executable or loadable code in binary form, wherever it is. */
export function binaryCode(file: ChangedFile): Unchecked | undefined {
  const ext = extension(file.path);
  if (file.status === "removed" || !BINARY_CODE.has(ext)) return undefined;
  return {
    file: file.path,
    reason: `This .${ext} file is executable or loadable code in binary form, which runs when it is loaded and which no rule can read as source. A human must check where it comes from and what it does.`,
  };
}

export interface HeadRead {
  language: Language;
  /** Some active rule parses files of this language. */
  gatedLanguage: boolean;
  /** A path scope put the file under the gate. */
  inScope: boolean;
  maxBytes: number;
}

/**
 * Why the head text of a changed file that the gate asked for cannot be checked; undefined
 * when it can (or when the file is neither of a gated language nor in a gated scope).
 */
export function unreadableAtHead(file: ChangedFile, fetched: FileText | undefined, at: HeadRead): string | undefined {
  if (file.status === "removed" || !(at.inScope || at.gatedLanguage)) return undefined;
  const lang = LANGUAGE_NAMES[at.language];
  const rules = at.gatedLanguage ? `the ${lang} rules` : "the rules";
  if (!fetched) {
    return `This path could not be read at the head commit: GitHub has no file there (a submodule or other gitlink whose commit is not in this repository), so ${rules} did not check it.`;
  }
  if (fetched.kind === "gitlink") {
    return "This path is a submodule (a gitlink): GitHub holds a commit of another repository at this path, not a file, so the code it brings in was not checked. Commit that code as files, or have a human review the submodule's commit.";
  }
  if (fetched.kind === "tree") return `This path is a directory at the head commit, not a file, so ${rules} did not check it.`;
  if (!at.gatedLanguage) return undefined;
  if (fetched.binary) {
    return `This file has a ${lang} extension but its content is binary (a NUL byte or bytes that are not text), so ${rules} could not read it. Commit it as text, or have a human review it.`;
  }
  if (fetched.text === undefined) {
    return fetched.byteSize > at.maxBytes
      ? `This ${lang} file is ${fetched.byteSize} bytes, over the ${at.maxBytes}-byte limit (limits.max_file_bytes), so ${rules} did not read it. Split the file, or have a human review it.`
      : `This file could not be read at the head commit, so ${rules} did not check it.`;
  }
  return unreadableText(fetched.text, lang, rules);
}

function unreadableText(text: string, lang: string, rules: string): string | undefined {
  if (text.startsWith(LFS_POINTER)) {
    return `This file is a Git LFS pointer, not ${lang} source: the real content is stored on an LFS server outside the repository, so ${rules} did not check it. Commit source as plain files, not through LFS.`;
  }
  const nul = text.indexOf("\0");
  if (nul >= 0) {
    return `This ${lang} file holds a NUL byte on line ${lineAt(text, nul)}, which source never does, and parsers and editors disagree on what follows it, so ${rules} could not be sure they read what runs. Remove the NUL byte.`;
  }
  return undefined;
}

/** The commits GitHub's listing left out: their authors and messages were never seen. */
export function commitsUnseen(pull: PullMeta, seen: number): Unchecked | undefined {
  const missed = pull.commits - Math.min(seen, COMMIT_LIMIT);
  if (missed <= 0) return undefined;
  return {
    reason: `GitHub lists at most ${COMMIT_LIMIT} commits of a pull request; this one has ${pull.commits}, so the authors, co-authors and messages of ${missed} commits were not checked. Squash the branch, or have a human review it.`,
  };
}
