// What the names bound by a file's import statements refer to, read from the index.
import type { Node } from "web-tree-sitter";
import type { PyIndex } from "./index.js";

/** `from a.b import c` → "a.b.c"; relative modules keep their dots (`from . import x` → ".x"). */
function joined(from: string, name: string): string {
  return `${from}${from.endsWith(".") ? "" : "."}${name}`;
}

function bindImport(statement: Node, out: Map<string, string>): void {
  const from = statement.type === "import_from_statement" ? statement.childForFieldName("module_name")?.text.replace(/\s+/g, "") : undefined;
  for (const item of statement.childrenForFieldName("name")) {
    const original = (item.type === "aliased_import" ? item.childForFieldName("name") : item)?.text.replace(/\s+/g, "");
    const alias = item.type === "aliased_import" ? item.childForFieldName("alias")?.text : undefined;
    if (!original) continue;
    const module = from === undefined ? original : joined(from, original);
    if (alias) out.set(alias, module);
    else if (from !== undefined) out.set(original, module);
    else out.set(original.split(".")[0] ?? original, original.split(".")[0] ?? original);
  }
}

/**
 * What each name bound by a real import statement refers to, anywhere in the file (also inside
 * functions and `try:`): `import a.b` binds a to "a", `import a.b as x` x to "a.b",
 * `from a.b import c as d` d to "a.b.c". An import written in a docstring or a comment binds nothing.
 */
export function importedNames(index: PyIndex): ReadonlyMap<string, string> {
  return index.once("imported names", () => {
    const out = new Map<string, string>();
    const statements = [...index.of("import_statement"), ...index.of("import_from_statement")].sort((a, b) => a.startIndex - b.startIndex);
    for (const statement of statements) bindImport(statement, out);
    return out;
  });
}

/** Modules the file imports (`import a.b`, `from a.b import c` both give "a.b"), without relative ones. */
export function importedModules(index: PyIndex): ReadonlySet<string> {
  return index.once("imported modules", () => {
    const out = new Set<string>();
    for (const s of index.of("import_statement")) {
      for (const item of s.childrenForFieldName("name")) {
        const name = (item.type === "aliased_import" ? item.childForFieldName("name") : item)?.text.replace(/\s+/g, "");
        if (name) out.add(name);
      }
    }
    for (const s of index.of("import_from_statement")) {
      const from = s.childForFieldName("module_name")?.text.replace(/\s+/g, "");
      if (from && !from.startsWith(".")) out.add(from);
    }
    return out;
  });
}
