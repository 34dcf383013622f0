// The file index: one walk per file, shared by every rule through a WeakMap on the SourceFile,
// so thirteen rules cost one traversal plus what each does with the nodes it asks for.
import { ts } from "ts-morph";
import { walk } from "./walk.js";

export type Decl = ts.VariableDeclaration | ts.ParameterDeclaration | ts.BindingElement;

interface KindNodes {
  [ts.SyntaxKind.CallExpression]: ts.CallExpression;
  [ts.SyntaxKind.NewExpression]: ts.NewExpression;
  [ts.SyntaxKind.PropertyAssignment]: ts.PropertyAssignment;
  [ts.SyntaxKind.ShorthandPropertyAssignment]: ts.ShorthandPropertyAssignment;
  [ts.SyntaxKind.BinaryExpression]: ts.BinaryExpression;
  [ts.SyntaxKind.ExpressionStatement]: ts.ExpressionStatement;
  [ts.SyntaxKind.ClassDeclaration]: ts.ClassDeclaration;
  [ts.SyntaxKind.DebuggerStatement]: ts.DebuggerStatement;
  [ts.SyntaxKind.StringLiteral]: ts.StringLiteral;
  [ts.SyntaxKind.NoSubstitutionTemplateLiteral]: ts.NoSubstitutionTemplateLiteral;
  [ts.SyntaxKind.ImportDeclaration]: ts.ImportDeclaration;
  [ts.SyntaxKind.ImportEqualsDeclaration]: ts.ImportEqualsDeclaration;
  [ts.SyntaxKind.VariableDeclaration]: ts.VariableDeclaration;
  [ts.SyntaxKind.Parameter]: ts.ParameterDeclaration;
  [ts.SyntaxKind.BindingElement]: ts.BindingElement;
  [ts.SyntaxKind.EnumDeclaration]: ts.EnumDeclaration;
  [ts.SyntaxKind.ExportDeclaration]: ts.ExportDeclaration;
  [ts.SyntaxKind.TemplateExpression]: ts.TemplateExpression;
  [ts.SyntaxKind.PropertyAccessExpression]: ts.PropertyAccessExpression;
  [ts.SyntaxKind.ElementAccessExpression]: ts.ElementAccessExpression;
  [ts.SyntaxKind.MetaProperty]: ts.MetaProperty;
  [ts.SyntaxKind.FunctionDeclaration]: ts.FunctionDeclaration;
}

export interface FileIndex {
  readonly sf: ts.SourceFile;
  /** Nodes of one kind, in source order. */
  of<K extends keyof KindNodes>(kind: K): readonly KindNodes[K][];
  /** Module specifiers the file imports or requires. */
  readonly modules: ReadonlySet<string>;
  /** Local name → the module it was imported or required from. */
  readonly imports: ReadonlyMap<string, string>;
  /** The innermost declaration of a variable or parameter that `id` refers to, if in this file. */
  resolve(id: ts.Identifier): Decl | undefined;
  /** A per-file fact computed once, on first use (e.g. "imports an ORM"). */
  once<T>(key: string, compute: () => T): T;
}

const INDEXES = new WeakMap<ts.SourceFile, FileIndex>();
/** Exactly the kinds of KindNodes (the compiler checks both ways); identifiers, most of a tree, are not kept. */
const KEPT: Record<keyof KindNodes, true> = {
  [ts.SyntaxKind.CallExpression]: true,
  [ts.SyntaxKind.NewExpression]: true,
  [ts.SyntaxKind.PropertyAssignment]: true,
  [ts.SyntaxKind.ShorthandPropertyAssignment]: true,
  [ts.SyntaxKind.BinaryExpression]: true,
  [ts.SyntaxKind.ExpressionStatement]: true,
  [ts.SyntaxKind.ClassDeclaration]: true,
  [ts.SyntaxKind.DebuggerStatement]: true,
  [ts.SyntaxKind.StringLiteral]: true,
  [ts.SyntaxKind.NoSubstitutionTemplateLiteral]: true,
  [ts.SyntaxKind.ImportDeclaration]: true,
  [ts.SyntaxKind.ImportEqualsDeclaration]: true,
  [ts.SyntaxKind.VariableDeclaration]: true,
  [ts.SyntaxKind.Parameter]: true,
  [ts.SyntaxKind.BindingElement]: true,
  [ts.SyntaxKind.EnumDeclaration]: true,
  [ts.SyntaxKind.ExportDeclaration]: true,
  [ts.SyntaxKind.TemplateExpression]: true,
  [ts.SyntaxKind.PropertyAccessExpression]: true,
  [ts.SyntaxKind.ElementAccessExpression]: true,
  [ts.SyntaxKind.MetaProperty]: true,
  [ts.SyntaxKind.FunctionDeclaration]: true,
};
const INDEXED = new Uint8Array(ts.SyntaxKind.Count);
for (const kind of Object.keys(KEPT)) INDEXED[Number(kind)] = 1;
const NONE: readonly never[] = [];

type Of = FileIndex["of"];

export function indexOf(sf: ts.SourceFile): FileIndex {
  const known = INDEXES.get(sf);
  if (known) return known;
  const byKind: (ts.Node[] | undefined)[] = [];
  walk(sf, (node) => {
    if (!INDEXED[node.kind]) return;
    const list = byKind[node.kind];
    if (list) list.push(node);
    else byKind[node.kind] = [node];
  });
  const of = <K extends keyof KindNodes>(kind: K): readonly KindNodes[K][] =>
    (byKind[kind] as KindNodes[K][] | undefined) ?? NONE;
  const { modules, imports } = importsOf(of);
  const facts = new Map<string, unknown>();
  const once = <T>(key: string, compute: () => T): T => {
    if (!facts.has(key)) facts.set(key, compute());
    return facts.get(key) as T;
  };
  const index: FileIndex = { sf, of, modules, imports, resolve: resolver(of), once };
  INDEXES.set(sf, index);
  return index;
}

function importsOf(of: Of): { modules: Set<string>; imports: Map<string, string> } {
  const modules = new Set<string>();
  const imports = new Map<string, string>();
  for (const d of of(ts.SyntaxKind.ImportDeclaration)) {
    if (!ts.isStringLiteral(d.moduleSpecifier)) continue;
    const from = d.moduleSpecifier.text;
    modules.add(from);
    const clause = d.importClause;
    if (clause?.name) imports.set(clause.name.text, from);
    const bindings = clause?.namedBindings;
    if (bindings && ts.isNamespaceImport(bindings)) imports.set(bindings.name.text, from);
    else if (bindings) for (const el of bindings.elements) imports.set(el.name.text, from);
  }
  for (const d of of(ts.SyntaxKind.ImportEqualsDeclaration)) {
    const ref = d.moduleReference;
    if (ts.isExternalModuleReference(ref) && ts.isStringLiteral(ref.expression)) {
      modules.add(ref.expression.text);
      imports.set(d.name.text, ref.expression.text);
    }
  }
  for (const c of of(ts.SyntaxKind.CallExpression)) {
    const first = c.arguments[0];
    const isRequire = ts.isIdentifier(c.expression) && c.expression.text === "require";
    const isImport = c.expression.kind === ts.SyntaxKind.ImportKeyword;
    if (!(isRequire || isImport) || !first || !ts.isStringLiteral(first)) continue;
    modules.add(first.text);
    // `const x = require("m")`, `const { a } = require("m")`, `const x = require("m").y`.
    let holder: ts.Node = c.parent;
    while (ts.isPropertyAccessExpression(holder) || ts.isAwaitExpression(holder)) holder = holder.parent;
    if (!ts.isVariableDeclaration(holder)) continue;
    if (ts.isIdentifier(holder.name)) imports.set(holder.name.text, first.text);
    else if (ts.isObjectBindingPattern(holder.name)) {
      for (const el of holder.name.elements) if (ts.isIdentifier(el.name)) imports.set(el.name.text, first.text);
    }
  }
  return { modules, imports };
}

/**
 * Name resolution over declarations grouped by the scope they are visible in, so that resolving a
 * name climbs the (shallow) scope chain instead of scanning every declaration of that name.
 */
function resolver(of: Of): (id: ts.Identifier) => Decl | undefined {
  let byScope: Map<ts.Node, Map<string, Decl[]>> | undefined;
  const resolved = new Map<ts.Identifier, Decl | undefined>();
  return (id) => {
    if (resolved.has(id)) return resolved.get(id);
    byScope ??= declarationsByScope(of);
    let best: Decl | undefined;
    for (let n: ts.Node | undefined = id; n && !best; n = n.parent) {
      const list = byScope.get(n)?.get(id.text);
      if (!list) continue;
      // The last declaration before the use; a use before every declaration (hoisting) takes the first.
      best = list[0];
      for (const d of list) if (d.pos < id.pos) best = d;
    }
    resolved.set(id, best);
    return best;
  };
}

function declarationsByScope(of: Of): Map<ts.Node, Map<string, Decl[]>> {
  const scopes = new Map<ts.Node, Map<string, Decl[]>>();
  const add = (d: Decl) => {
    if (!ts.isIdentifier(d.name)) return;
    const scope = scopeOf(d);
    let names = scopes.get(scope);
    if (!names) scopes.set(scope, (names = new Map()));
    const list = names.get(d.name.text);
    if (list) list.push(d);
    else names.set(d.name.text, [d]);
  };
  of(ts.SyntaxKind.VariableDeclaration).forEach(add);
  of(ts.SyntaxKind.Parameter).forEach(add);
  of(ts.SyntaxKind.BindingElement).forEach(add);
  return scopes;
}

/** The node a declaration is visible in: its block for let/const, its function for var and parameters. */
function scopeOf(decl: Decl): ts.Node {
  let n: ts.Node = decl;
  while (ts.isBindingElement(n) || ts.isObjectBindingPattern(n) || ts.isArrayBindingPattern(n)) n = n.parent;
  if (ts.isParameter(n) || ts.isCatchClause(n.parent)) return n.parent;
  const blockScoped = (n.parent.flags & ts.NodeFlags.BlockScoped) !== 0;
  let scope: ts.Node = n.parent.parent;
  while (!ts.isSourceFile(scope) && !ts.isFunctionLike(scope) && !(blockScoped && isBlockBoundary(scope))) scope = scope.parent;
  return scope;
}

function isBlockBoundary(node: ts.Node): boolean {
  return (
    ts.isBlock(node) ||
    ts.isModuleBlock(node) ||
    ts.isCaseBlock(node) ||
    ts.isForStatement(node) ||
    ts.isForInStatement(node) ||
    ts.isForOfStatement(node)
  );
}
