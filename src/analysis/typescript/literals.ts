// Literal values: strings, booleans, and object literals' properties.
import { ts } from "ts-morph";
import type { FileIndex } from "./file-index.js";
import { unwrap } from "./expressions.js";

/** A property of an object literal by name (`name: …`, `"name": …`, or shorthand `name`). */
export function property(obj: ts.ObjectLiteralExpression, name: string): ts.ObjectLiteralElementLike | undefined {
  // The last one: a later key of the same name (allowed in JavaScript) is the one the object holds.
  return [...obj.properties].reverse().find((p) => propertyName(p) === name);
}

export function propertyName(p: ts.ObjectLiteralElementLike): string | undefined {
  if (ts.isSpreadAssignment(p) || !p.name) return undefined;
  const n = p.name;
  if (ts.isIdentifier(n) || ts.isStringLiteral(n) || ts.isNumericLiteral(n) || ts.isPrivateIdentifier(n)) return n.text;
  if (ts.isComputedPropertyName(n) && ts.isStringLiteralLike(n.expression)) return n.expression.text;
  return undefined;
}

/** The value a property gives, for `name: value` and shorthand `name`. */
export function propertyValue(obj: ts.ObjectLiteralExpression, name: string): ts.Expression | undefined {
  const p = property(obj, name);
  if (!p) return undefined;
  if (ts.isPropertyAssignment(p)) return p.initializer;
  return ts.isShorthandPropertyAssignment(p) ? p.name : undefined;
}

export function hasSpread(obj: ts.ObjectLiteralExpression): boolean {
  return obj.properties.some((p) => ts.isSpreadAssignment(p));
}

/** An object literal, seen through a `const` initialised with one. */
export function objectLiteral(index: FileIndex, e: ts.Expression | undefined): ts.ObjectLiteralExpression | undefined {
  if (!e) return undefined;
  const x = unwrap(e);
  if (ts.isObjectLiteralExpression(x)) return x;
  if (!ts.isIdentifier(x)) return undefined;
  const decl = index.resolve(x);
  const init = decl && ts.isVariableDeclaration(decl) && decl.initializer ? unwrap(decl.initializer) : undefined;
  return init && ts.isObjectLiteralExpression(init) ? init : undefined;
}

/** How many declarations `declaredValue` follows: `const A = B; const B = …`. */
const MAX_DECLARATION_HOPS = 8;

/**
 * `e` seen through variable declarations to what they are initialised with (`ALGS` → `["none"]`);
 * `e` itself otherwise. A later assignment is not seen: for a rule's must-flag reading, not a proof.
 */
export function declaredValue(index: FileIndex, e: ts.Expression): ts.Expression {
  let x = unwrap(e);
  for (let hop = 0; hop < MAX_DECLARATION_HOPS && ts.isIdentifier(x); hop++) {
    const decl = index.resolve(x);
    if (!decl || !ts.isVariableDeclaration(decl) || !decl.initializer) break;
    x = unwrap(decl.initializer);
  }
  return x;
}

export const isTrue = (e: ts.Expression | undefined): boolean => !!e && unwrap(e).kind === ts.SyntaxKind.TrueKeyword;
export const isFalse = (e: ts.Expression | undefined): boolean => !!e && unwrap(e).kind === ts.SyntaxKind.FalseKeyword;

/** The text of a string literal or a template without substitutions. */
export function stringValue(e: ts.Expression | undefined): string | undefined {
  if (!e) return undefined;
  const x = unwrap(e);
  return ts.isStringLiteral(x) || ts.isNoSubstitutionTemplateLiteral(x) ? x.text : undefined;
}

export function templateHead(e: ts.Expression | undefined): string | undefined {
  const x = e && unwrap(e);
  return x && ts.isTemplateExpression(x) ? x.head.text : undefined;
}
