// Facts of a Python file, read from the file's index (src/analysis/python/index.ts) of the same
// parse the verifiers use: absolute and relative imports, importlib.import_module with a
// constant, the names it calls or reads, its strings (not docstrings), and its routes.
import type { Node, Tree } from "web-tree-sitter";
import { parsePython } from "../../verifiers/python/parser.js";
import { pyIndexOf, type PyIndex } from "../../analysis/python/index.js";
import { lines } from "../../analysis/python/lines.js";
import { routeFacts } from "../../analysis/python/route-facts.js";
import { bySource, chainOf, keyword, positional, rootOf, stringText } from "../../analysis/python/syntax.js";
import type { FileFacts, ImportFact, StringFact, UseFact } from "./facts.js";

interface Binding {
  dotted: string;
  index: number;
}

/** What import statements bind, in source order: the facts, each local name's latest binding, and where it was first bound. */
interface Imports {
  imports: ImportFact[];
  bindings: Map<string, Binding>;
  firstBound: Map<string, number>;
}

function isTypeChecking(ifNode: Node): boolean {
  const c = ifNode.childForFieldName("condition")?.text ?? "";
  return c === "TYPE_CHECKING" || c === "typing.TYPE_CHECKING";
}

/** Under `if TYPE_CHECKING:` (any branch of it): imported for type checkers only. */
function underTypeChecking(n: Node): boolean {
  for (let p = n.parent; p; p = p.parent) if (p.type === "if_statement" && isTypeChecking(p)) return true;
  return false;
}

function bind(state: Imports, local: string, dotted: string, index: number, at: number): void {
  state.bindings.set(local, { dotted, index });
  if (!state.firstBound.has(local)) state.firstBound.set(local, at);
}

function addImport(state: Imports, n: Node, fact: Omit<ImportFact, "targets" | "typeOnly" | "line" | "endLine">): number {
  state.imports.push({ ...fact, ...lines(n), typeOnly: underTypeChecking(n), targets: [] });
  return state.imports.length - 1;
}

function importStatement(state: Imports, n: Node): void {
  for (const item of n.childrenForFieldName("name")) {
    const dotted = item.type === "aliased_import" ? item.childForFieldName("name")?.text : item.text;
    if (!dotted) continue;
    const index = addImport(state, n, { specifier: dotted, module: dotted, level: 0, names: [] });
    const alias = item.type === "aliased_import" ? item.childForFieldName("alias")?.text : undefined;
    if (item.type !== "aliased_import") bind(state, dotted.split(".")[0]!, dotted.split(".")[0]!, index, n.startIndex);
    else if (alias) bind(state, alias, dotted, index, n.startIndex);
  }
}

function importFrom(state: Imports, n: Node): void {
  const mod = n.childForFieldName("module_name");
  if (!mod) return;
  let level = 0;
  let name = mod.text;
  if (mod.type === "relative_import") {
    level = mod.namedChildren.find((c) => c.type === "import_prefix")?.text.length ?? 0;
    name = mod.namedChildren.find((c) => c.type === "dotted_name")?.text ?? "";
  }
  const items = n.childrenForFieldName("name");
  const names = items.map((i) => (i.type === "aliased_import" ? i.childForFieldName("name")?.text ?? "" : i.text)).filter((x) => x !== "");
  const specifier = `${".".repeat(level)}${name}`;
  const index = addImport(state, n, { specifier, module: specifier, level, names });
  for (const i of items) {
    const imported = i.type === "aliased_import" ? i.childForFieldName("name")?.text : i.text;
    const local = i.type === "aliased_import" ? i.childForFieldName("alias")?.text : i.text;
    if (imported && local) bind(state, local, specifier.endsWith(".") ? `${specifier}${imported}` : `${specifier}.${imported}`, index, n.startIndex);
  }
}

/** importlib.import_module("app.models") and import_module(".models", package=__package__). */
function dynamicImport(state: Imports, call: Node): void {
  const chain = chainOf(call.childForFieldName("function"));
  if (!chain) return;
  const bound = state.bindings.get(rootOf(chain));
  const full = bound ? `${bound.dotted}${chain.slice(rootOf(chain).length)}` : chain;
  if (full !== "importlib.import_module" && chain !== "__import__") return;
  const spec = stringText(positional(call)[0]);
  if (spec === undefined) return;
  const level = /^\.*/.exec(spec)![0].length;
  const pkg = stringText(keyword(call, "package") ?? positional(call)[1]);
  if (level > 0 && pkg !== undefined) {
    const parts = pkg.split(".").slice(0, Math.max(0, pkg.split(".").length - (level - 1)));
    const rest = spec.slice(level);
    const absolute = [...parts, ...(rest ? [rest] : [])].join(".");
    addImport(state, call, { specifier: absolute, module: absolute, level: 0, names: [] });
    return;
  }
  addImport(state, call, { specifier: spec, module: spec, level, names: [] });
}

function importsOf(index: PyIndex): Imports {
  const state: Imports = { imports: [], bindings: new Map(), firstBound: new Map() };
  const dynamic = index.callsNamed(["import_module", "__import__"]);
  for (const n of [...index.of("import_statement"), ...index.of("import_from_statement"), ...dynamic].sort(bySource)) {
    if (n.type === "import_statement") importStatement(state, n);
    else if (n.type === "import_from_statement") importFrom(state, n);
    else dynamicImport(state, n);
  }
  return state;
}

/** An attribute or subscript that is only part of a longer chain or of a call's callee. */
function isInner(n: Node): boolean {
  const p = n.parent;
  if (!p) return false;
  if (p.type === "attribute" && p.childForFieldName("object")?.equals(n)) return true;
  if (p.type === "subscript" && p.childForFieldName("value")?.equals(n)) return true;
  return p.type === "call" && (p.childForFieldName("function")?.equals(n) ?? false);
}

/** The names the file calls (all of them) and reads (chains rooted at an import bound before them), in source order. */
function usesOf(index: PyIndex, state: Imports): UseFact[] {
  const uses: { at: Node; use: UseFact }[] = [];
  for (const n of index.of("call")) {
    const chain = chainOf(n.childForFieldName("function"));
    if (!chain) continue;
    uses.push({ at: n, use: { written: chain, call: true, ...lines(n) } });
    // FastAPI calls what Depends names: Depends(get_db) opens a session for the handler.
    if (chain === "Depends" || chain === "Security" || chain.endsWith(".Depends")) {
      const dep = chainOf(positional(n)[0] ?? null);
      if (dep) uses.push({ at: n, use: { written: dep, call: true, ...lines(n) } });
    }
  }
  for (const n of [...index.of("attribute"), ...index.of("subscript")]) {
    if (isInner(n)) continue;
    const chain = chainOf(n);
    const bound = chain === undefined ? undefined : state.firstBound.get(rootOf(chain));
    if (chain && bound !== undefined && bound < n.startIndex) uses.push({ at: n, use: { written: chain, call: false, ...lines(n) } });
  }
  const sorted = uses.sort((a, b) => bySource(a.at, b.at)).map((u) => u.use);
  for (const u of sorted) {
    const root = rootOf(u.written);
    const b = state.bindings.get(root);
    if (b) Object.assign(u, { canonical: `${b.dotted}${u.written.slice(root.length)}`, via: b.index });
  }
  return sorted;
}

/** A string literal's fact, with the key it is the value of; none for docstrings, dictionary keys and parts of a concatenation. */
function stringFact(n: Node): StringFact | undefined {
  const p = n.parent;
  if (!p || p.type === "concatenated_string" || p.type === "expression_statement") return undefined;
  if (p.type === "pair" && p.childForFieldName("key")?.equals(n)) return undefined;
  const text = stringText(n);
  if (text === undefined) return undefined;
  const fact: StringFact = { text, ...lines(n) };
  if (p.type === "pair") {
    const key = stringText(p.childForFieldName("key"));
    if (key !== undefined) fact.key = key;
    fact.siblings = (p.parent?.namedChildren ?? []).flatMap((x) => (x.type === "pair" && !x.equals(p) ? [stringText(x.childForFieldName("key")) ?? x.childForFieldName("key")?.text ?? ""] : []));
  } else if (p.type === "keyword_argument") {
    const key = p.childForFieldName("name")?.text;
    if (key) fact.key = key;
  }
  return fact;
}

/**
 * The facts of a Python file. Give the tree the verifiers parsed (`tree`) so the file is parsed
 * and walked once; without it the text is parsed here.
 */
export function pythonFacts(path: string, text: string, withRoutes: boolean, tree?: Tree): FileFacts {
  const own = tree ? undefined : parsePython(text);
  try {
    const index = pyIndexOf((tree ?? own)!);
    const state = importsOf(index);
    const uses = usesOf(index, state);
    const strings = [...index.of("string"), ...index.of("concatenated_string")].sort(bySource).flatMap((n) => stringFact(n) ?? []);
    const routes = withRoutes ? routeFacts(index) : [];
    return { path, imports: state.imports, uses, strings, routes, lines: text.split("\n") };
  } finally {
    own?.delete();
  }
}
