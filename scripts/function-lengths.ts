// The length in lines of every function in a set of TypeScript files, for the build's "five
// longest" report and the architecture test that keeps functions in src/ under 80 lines.
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { ts } from "ts-morph";

export interface FunctionLength {
  /** `path: name`, stable across edits that only move the function. */
  key: string;
  file: string;
  name: string;
  line: number;
  lines: number;
}

export const MAX_FUNCTION_LINES = 80;

export function tsFilesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return tsFilesUnder(full);
    return full.endsWith(".ts") && !full.endsWith(".d.ts") ? [full] : [];
  });
}

function ownName(node: ts.Node, sf: ts.SourceFile): string | undefined {
  const named = node as ts.Node & { name?: ts.Node };
  if (named.name && !ts.isComputedPropertyName(named.name)) return named.name.getText(sf);
  if (ts.isConstructorDeclaration(node)) return "constructor";
  const parent = node.parent;
  if (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) return parent.name.getText(sf);
  return undefined;
}

function isFunction(node: ts.Node): node is ts.FunctionLikeDeclaration {
  return (
    ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node) || ts.isArrowFunction(node) || ts.isFunctionExpression(node) ||
    ts.isConstructorDeclaration(node) || ts.isGetAccessorDeclaration(node) || ts.isSetAccessorDeclaration(node)
  );
}

/** Every function with a body in one file, named by its enclosing classes and functions. */
export function functionLengths(file: string, text = readFileSync(file, "utf8")): FunctionLength[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const out: FunctionLength[] = [];
  const visit = (node: ts.Node, scope: string[]): void => {
    let inner = scope;
    if (ts.isClassDeclaration(node) && node.name) inner = [...scope, node.name.text];
    if (isFunction(node) && node.body) {
      const name = [...scope, ownName(node, sf) ?? "(anonymous)"].join(".");
      const line = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
      const end = sf.getLineAndCharacterOfPosition(node.getEnd()).line + 1;
      out.push({ key: `${file}: ${name}`, file, name, line, lines: end - line + 1 });
      inner = [...scope, ownName(node, sf) ?? "(anonymous)"];
    }
    ts.forEachChild(node, (child) => visit(child, inner));
  };
  visit(sf, []);
  return out;
}

/** Every function under a directory, longest first. */
export function longestFunctions(dir: string): FunctionLength[] {
  return tsFilesUnder(dir)
    .flatMap((f) => functionLengths(f.split("\\").join("/")))
    .sort((a, b) => b.lines - a.lines || a.key.localeCompare(b.key));
}
