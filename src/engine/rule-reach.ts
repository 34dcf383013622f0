// Which rules look at every changed file of their language, whatever the scopes say. Scopes
// decide what the summary lists and which policy applies; they must not decide whether the
// SQL, ORM and auth rules look, or an agent puts its query where no scope does.
import type { Category } from "./types.js";
import type { Language, Verifier } from "../verifiers/types.js";

/** Rule families (by their metadata's category) that read every changed file of their language. */
const EVERY_FILE_CATEGORIES: ReadonlySet<Category> = new Set<Category>([
  "sql-injection",
  "nosql-injection",
  "orm-misuse",
  "missing-auth",
  "auth",
  "mass-assignment",
]);

/** A finding's scope when no scope of the file is one of the rule's: the rule looked because it reads every file of the language. */
export const EVERY_FILE_SCOPE = "every-file";

export function readsEveryFileOf(v: Verifier, language: Language): boolean {
  return language !== "text" && v.languages.includes(language) && EVERY_FILE_CATEGORIES.has(v.meta.category);
}
