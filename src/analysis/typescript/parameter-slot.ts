// Which argument of a call fills a parameter of the function around a node: the key a finding
// carries when it rests on what callers pass (src/engine/caller-evidence.ts). Only a plain
// parameter of a named function or method that only code calls (not decorated, not a server
// action), never reassigned in it, has one: anything else has no key.
import { ts } from "ts-morph";
import type { UnlessCallers } from "../../engine/types.js";
import { enclosingFunction, isFunctionLike } from "./expressions.js";
import type { FileIndex } from "./file-index.js";
import { walk } from "./walk.js";

type Key = Omit<UnlessCallers<unknown>, "instead">;

/** The key of the parameter `id` refers to, when it is one of the function around `at`. */
export function parameterSlot(index: FileIndex, id: ts.Identifier, at: ts.Node): Key | undefined {
  return slotOf(index, id, at, false);
}

/**
 * The same for a call's argument, which may sit in closures inside the function
 * (`names.map((n) => this.load(n, type))`): never reassigned anywhere in its body, the captured
 * parameter still holds what the function's call passed.
 */
export function capturedParameterSlot(index: FileIndex, id: ts.Identifier, at: ts.Node): Key | undefined {
  return slotOf(index, id, at, true);
}

function slotOf(index: FileIndex, id: ts.Identifier, at: ts.Node, nested: boolean): Key | undefined {
  const decl = index.resolve(id);
  if (!decl || !ts.isParameter(decl) || !ts.isIdentifier(decl.name) || decl.dotDotDotToken) return undefined;
  const fn = decl.parent;
  const body = (fn as Partial<ts.FunctionLikeDeclarationBase>).body;
  if (!body || !(nested ? within(at, body) : enclosingFunction(at) === fn) || rebinds(body, decl.name.text)) return undefined;
  const named = nameOf(fn);
  if (!named || calledByFramework(fn)) return undefined;
  // A `this: T` parameter is no argument.
  const params = fn.parameters.filter((p) => !(ts.isIdentifier(p.name) && p.name.text === "this"));
  const position = params.indexOf(decl);
  return position < 0 || params.slice(0, position).some((p) => p.dotDotDotToken) ? undefined : { ...named, param: position };
}

function within(node: ts.Node, outer: ts.Node): boolean {
  for (let n: ts.Node | undefined = node; n; n = n.parent) if (n === outer) return true;
  return false;
}

/**
 * Decorated (a NestJS handler, a message pattern, `@Param()`) or a server action (`"use server"`):
 * the framework calls it with what the client sent, whatever calls in the code pass.
 */
function calledByFramework(fn: ts.SignatureDeclaration): boolean {
  const decorated = (n: ts.Node) => ts.canHaveDecorators(n) && (ts.getDecorators(n)?.length ?? 0) > 0;
  if (decorated(fn) || fn.parameters.some(decorated)) return true;
  for (let n: ts.Node | undefined = fn; n; n = n.parent) {
    const body = ts.isSourceFile(n) ? n.statements : ts.isFunctionLike(n) && "body" in n && n.body && ts.isBlock(n.body as ts.Node) ? (n.body as ts.Block).statements : undefined;
    if (body?.some((st) => ts.isExpressionStatement(st) && ts.isStringLiteral(st.expression) && st.expression.text === "use server")) return true;
  }
  return false;
}

/** How calls name the function: a method (`x.m(…)`) of a class or object, or a function (`f(…)`) declared or held by a const. */
function nameOf(fn: ts.SignatureDeclaration): { name: string; method: boolean } | undefined {
  if ((ts.isMethodDeclaration(fn) || ts.isFunctionDeclaration(fn)) && fn.name && ts.isIdentifier(fn.name)) return { name: fn.name.text, method: ts.isMethodDeclaration(fn) };
  if (!isFunctionLike(fn)) return undefined;
  const holder = fn.parent;
  if (ts.isVariableDeclaration(holder) && ts.isIdentifier(holder.name) && holder.initializer === fn) return { name: holder.name.text, method: false };
  if (ts.isPropertyDeclaration(holder) && ts.isIdentifier(holder.name) && holder.initializer === fn) return { name: holder.name.text, method: true };
  return undefined;
}

const ASSIGNMENT_TARGET_PARTS = new Set([
  ts.SyntaxKind.ParenthesizedExpression,
  ts.SyntaxKind.ArrayLiteralExpression,
  ts.SyntaxKind.ObjectLiteralExpression,
  ts.SyntaxKind.ShorthandPropertyAssignment,
  ts.SyntaxKind.PropertyAssignment,
  ts.SyntaxKind.SpreadElement,
  ts.SyntaxKind.SpreadAssignment,
]);

/** Whether the body assigns or declares `name` (`=`, `+=`, `++`, a destructuring, a `for … of` target, `var`) or touches `arguments`. */
function rebinds(body: ts.Node, name: string): boolean {
  let found = false;
  walk(body, (n) => {
    if (found || !ts.isIdentifier(n)) return;
    if (n.text === "arguments") found = true;
    if (n.text !== name) return;
    let top: ts.Node = n;
    while (ASSIGNMENT_TARGET_PARTS.has(top.parent.kind)) top = top.parent;
    const p = top.parent;
    const assigned = ts.isBinaryExpression(p) && p.left === top && p.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && p.operatorToken.kind <= ts.SyntaxKind.LastAssignment;
    const counted = (ts.isPrefixUnaryExpression(p) || ts.isPostfixUnaryExpression(p)) && (p.operator === ts.SyntaxKind.PlusPlusToken || p.operator === ts.SyntaxKind.MinusMinusToken);
    const looped = (ts.isForOfStatement(p) || ts.isForInStatement(p)) && p.initializer === top;
    // `var name = …` or `function name` anywhere in the body is hoisted onto the parameter itself.
    const declared = (ts.isVariableDeclaration(p) || ts.isBindingElement(p) || ts.isFunctionDeclaration(p)) && p.name === top;
    found = assigned || counted || looped || declared;
  });
  return found;
}
