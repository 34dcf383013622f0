// Parameter names that say they hold what a client sent (`body`, `dto`, `searchTerm`, `filters`,
// `order_by`): a function's callers are out of sight, so its parameter's name tells. One list for
// the TS and Python value flows.
import { nameWords } from "../verifiers/names.js";

const USER_WORDS = new Set([
  ...["body", "input", "payload", "dto", "form", "search", "term", "keyword", "filter", "criteria"],
  ...["query", "params", "param", "q", "args", "data", "sort", "order"],
]);

/** `searchTerm`, `filters`, `orderBy`/`order_by`; not `queryRunner` or `dataSource`. */
export function namesUserInput(name: string): boolean {
  const words = nameWords(name);
  const last = words.at(-1) ?? "";
  return words.join(" ").endsWith("order by") || [last, last.replace(/s$/, ""), last.replace(/es$/, "")].some((w) => USER_WORDS.has(w));
}
