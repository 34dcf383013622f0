// Facts of a TypeScript or JavaScript file, read from the file index the rules share (the same
// parse, one walk): ESM imports and re-exports, require(), dynamic import(), the names it calls
// or reads, its strings, and its routes (facts-ts-routes.ts).
import { ts } from "ts-morph";
import { chainText } from "../../analysis/typescript/expressions.js";
import { indexOf, type FileIndex } from "../../analysis/typescript/file-index.js";
import { parseTypeScript } from "../../verifiers/typescript/parser.js";
import { gitLinesFor } from "../lines.js";
import type { FileFacts, ImportFact, StringFact, UseFact } from "./facts.js";
import { routeFacts, type Span } from "./facts-ts-routes.js";

interface Binding {
  module: string;
  /** "*" for a namespace or CommonJS module object, "default", or the imported name. */
  imported: string;
  index: number;
}

interface Imports {
  imports: ImportFact[];
  bindings: Map<string, Binding>;
  /** The module specifiers' string nodes, which are not the file's strings. */
  specifiers: Set<ts.Node>;
}

/** Source order of a walk: parents before children, siblings left to right. */
const bySourceOrder = (a: ts.Node, b: ts.Node): number => a.pos - b.pos || b.end - a.end;

/**
 * The facts of one file. Given the parse the rules use, reads its index; given text (a file only
 * the contracts read), parses it with the same nesting guard as the rules.
 */
export function typescriptFacts(path: string, text: string, withRoutes: boolean, parsed?: ts.SourceFile): FileFacts {
  const sf = parsed ?? parseTypeScript(path, text).sourceFile;
  const index = indexOf(sf);
  const lines = gitLinesFor(sf, text);
  const span: Span = { start: (n) => lines.lineOf(n.getStart(sf)), end: (n) => lines.lineOf(n.getEnd()), text: (n) => n.getText(sf) };
  const { imports, bindings, specifiers } = importFacts(index, span);
  return {
    path,
    imports,
    uses: useFacts(index, bindings, span),
    strings: stringFacts(index, specifiers, span),
    routes: withRoutes ? routeFacts(index, span) : [],
    lines: text.split("\n"),
  };
}

/** `require("m")` or `import("m")` with a literal module name. */
function isModuleCall(c: ts.CallExpression): c is ts.CallExpression & { arguments: [ts.StringLiteralLike] } {
  const spec = c.arguments[0];
  const named = (ts.isIdentifier(c.expression) && c.expression.text === "require") || c.expression.kind === ts.SyntaxKind.ImportKeyword;
  return named && !!spec && ts.isStringLiteralLike(spec);
}

function importFacts(index: FileIndex, span: Span): Imports {
  const out: Imports = { imports: [], bindings: new Map(), specifiers: new Set() };
  const add = (spec: ts.StringLiteralLike, node: ts.Node, typeOnly: boolean): number => {
    out.specifiers.add(spec);
    out.imports.push({ specifier: spec.text, module: spec.text, level: 0, names: [], line: span.start(node), endLine: span.end(node), typeOnly, targets: [] });
    return out.imports.length - 1;
  };
  const bind = (name: string, module: string, imported: string, at: number) => out.bindings.set(name, { module, imported, index: at });
  const nodes: ts.Node[] = [
    ...index.of(ts.SyntaxKind.ImportDeclaration),
    ...index.of(ts.SyntaxKind.ExportDeclaration),
    ...index.of(ts.SyntaxKind.ImportEqualsDeclaration),
    ...index.of(ts.SyntaxKind.CallExpression).filter(isModuleCall),
  ].sort(bySourceOrder);
  for (const node of nodes) {
    if (ts.isImportDeclaration(node) && ts.isStringLiteralLike(node.moduleSpecifier)) {
      const clause = node.importClause;
      const named = clause?.namedBindings && ts.isNamedImports(clause.namedBindings) ? clause.namedBindings.elements : [];
      const typeOnly = clause !== undefined && (clause.isTypeOnly || (!clause.name && named.length > 0 && named.every((e) => e.isTypeOnly)));
      const at = add(node.moduleSpecifier, node, typeOnly);
      const module = node.moduleSpecifier.text;
      if (clause?.name) bind(clause.name.text, module, "default", at);
      if (clause?.namedBindings && ts.isNamespaceImport(clause.namedBindings)) bind(clause.namedBindings.name.text, module, "*", at);
      for (const e of named) bind(e.name.text, module, (e.propertyName ?? e.name).text, at);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteralLike(node.moduleSpecifier)) {
      add(node.moduleSpecifier, node, node.isTypeOnly);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference) && ts.isStringLiteralLike(node.moduleReference.expression)) {
      bind(node.name.text, node.moduleReference.expression.text, "*", add(node.moduleReference.expression, node, node.isTypeOnly));
    } else if (ts.isCallExpression(node) && isModuleCall(node)) {
      const spec = node.arguments[0];
      const at = add(spec, node, false);
      bindRequire(node, (name, imported) => bind(name, spec.text, imported, at));
    }
  }
  return out;
}

/** `const x = require("m")` and `const { a, b: c } = require("m")` (also for `await import("m")`). */
function bindRequire(call: ts.CallExpression, bind: (name: string, imported: string) => void): void {
  let decl = call.parent;
  while (decl && (ts.isAwaitExpression(decl) || ts.isParenthesizedExpression(decl))) decl = decl.parent;
  if (!decl || !ts.isVariableDeclaration(decl)) return;
  if (ts.isIdentifier(decl.name)) bind(decl.name.text, "*");
  else if (ts.isObjectBindingPattern(decl.name)) {
    for (const el of decl.name.elements) {
      if (!ts.isIdentifier(el.name)) continue;
      bind(el.name.text, el.propertyName && ts.isIdentifier(el.propertyName) ? el.propertyName.text : el.name.text);
    }
  }
}

/** Part of a longer chain, or a callee: the outer node records it. */
function isInnerChain(node: ts.Node): boolean {
  const p = node.parent;
  if (!p) return false;
  if ((ts.isPropertyAccessExpression(p) || ts.isElementAccessExpression(p)) && p.expression === node) return true;
  return (ts.isCallExpression(p) || ts.isNewExpression(p)) && p.expression === node;
}

const rootOf = (chain: string): string => chain.split(/[.(]/, 1)[0] ?? chain;

/** Every call and `new`, and every read of an imported name or of process/Bun/Deno/import.meta. */
function useFacts(index: FileIndex, bindings: ReadonlyMap<string, Binding>, span: Span): UseFact[] {
  const found: { node: ts.Node; chain: string; call: boolean }[] = [];
  const calls = [...index.of(ts.SyntaxKind.CallExpression).filter((c) => !isModuleCall(c)), ...index.of(ts.SyntaxKind.NewExpression)];
  for (const node of calls) {
    const chain = chainText(node.expression);
    if (chain) found.push({ node, chain, call: true });
  }
  const reads = [...index.of(ts.SyntaxKind.PropertyAccessExpression), ...index.of(ts.SyntaxKind.ElementAccessExpression), ...index.of(ts.SyntaxKind.MetaProperty)];
  for (const node of reads) {
    if (isInnerChain(node)) continue;
    const chain = chainText(node);
    const root = chain ? rootOf(chain) : undefined;
    if (chain && root && (bindings.has(root) || /^(?:process|Bun|Deno|import)$/.test(root))) found.push({ node, chain, call: false });
  }
  return found
    .sort((a, b) => bySourceOrder(a.node, b.node))
    .map(({ node, chain, call }) => ({ written: chain, call, line: span.start(node), endLine: span.end(node), ...canonical(bindings, chain) }));
}

function canonical(bindings: ReadonlyMap<string, Binding>, chain: string): { canonical?: string; via?: number } {
  const root = rootOf(chain);
  const b = bindings.get(root);
  if (!b) return {};
  const base = b.imported === "*" || b.imported === "default" ? b.module : `${b.module}.${b.imported}`;
  return { canonical: `${base}${chain.slice(root.length)}`, via: b.index };
}

function stringFacts(index: FileIndex, specifiers: ReadonlySet<ts.Node>, span: Span): StringFact[] {
  const nodes: (ts.StringLiteralLike | ts.TemplateExpression)[] = [
    ...index.of(ts.SyntaxKind.StringLiteral),
    ...index.of(ts.SyntaxKind.NoSubstitutionTemplateLiteral),
    ...index.of(ts.SyntaxKind.TemplateExpression),
  ];
  return nodes
    .filter((n) => !specifiers.has(n) && !isNameOrModule(n))
    .sort(bySourceOrder)
    .map((node) => stringFact(node, span));
}

/** A type, a property's name or a module specifier: not a value the program uses. */
function isNameOrModule(node: ts.Node): boolean {
  const p = node.parent;
  if (!p) return false;
  if (ts.isLiteralTypeNode(p) || ts.isImportTypeNode(p) || ts.isExternalModuleReference(p)) return true;
  if ((ts.isPropertyAssignment(p) || ts.isPropertyDeclaration(p) || ts.isPropertySignature(p) || ts.isMethodDeclaration(p) || ts.isEnumMember(p)) && p.name === node) return true;
  return ts.isCallExpression(p) && (p.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(p.expression) && p.expression.text === "require"));
}

function stringFact(node: ts.StringLiteralLike | ts.TemplateExpression, span: Span): StringFact {
  const p = node.parent;
  const text = ts.isTemplateExpression(node) ? node.head.text + node.templateSpans.map((s) => `?${s.literal.text}`).join("") : node.text;
  const fact: StringFact = { text, line: span.start(node), endLine: span.end(node) };
  if (p && ts.isPropertyAssignment(p) && p.initializer === node) {
    const unquote = (n: ts.Node) => span.text(n).replace(/^["']|["']$/g, "");
    fact.key = unquote(p.name);
    if (ts.isObjectLiteralExpression(p.parent)) fact.siblings = p.parent.properties.flatMap((x) => (x.name && x !== p ? [unquote(x.name)] : []));
  }
  return fact;
}
