// What a file's calls of one function pass at one parameter, each judged with the value flow:
// the program's own (a constant, `this.x`, settings, a database read: isOwnValue) or not. Any
// other mention of the name (`fn.call(…)`, `.then(this.m)`, `obj["m"]`) may call it with
// anything: not own. An argument that is a parameter of the function around the call is left to
// that function's callers (the key in `via`).
import { ts } from "ts-morph";
import type { CallKey, CallVerdict } from "../../engine/types.js";
import { unwrap } from "./expressions.js";
import { indexOf, type FileIndex } from "./file-index.js";
import { callersPassInput, isOwnValue } from "./own-values.js";
import { capturedParameterSlot } from "./parameter-slot.js";
import { lineOf } from "./positions.js";
import { PLAIN, valueFlow, type ValueFlow } from "./value-flow.js";
import { walk } from "./walk.js";

/** Every mention of `key.name` in the file: a call in the expected shape with its verdict, anything else not own. */
export function typescriptCalls(sf: ts.SourceFile, key: CallKey): CallVerdict[] {
  const index = indexOf(sf);
  let flow: ValueFlow | undefined;
  const out: CallVerdict[] = [];
  walk(sf, (n) => {
    const named = ts.isIdentifier(n) && n.text === key.name;
    const quoted = (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) && n.text === key.name;
    if (!(named || quoted) || (named && declares(n))) return;
    const call = named ? calledAs(n, key) : undefined;
    if (!call) return void out.push({ line: lineOf(sf, n), own: false });
    flow ??= valueFlow(index, PLAIN);
    const arg = argumentAt(call, key.param);
    out.push({ line: lineOf(sf, call), ...(arg ? verdict(flow, index, arg, call) : { own: false }) });
  });
  return out;
}

/** `id` names what a declaration declares (a function, method, field, import), not a use of it. */
function declares(id: ts.Identifier): boolean {
  const p = id.parent;
  // Imported or exported under another name (`{ name as q }`), `q(…)` calls it unseen: a use.
  if (ts.isImportSpecifier(p) || ts.isExportSpecifier(p)) return p.name === id && p.propertyName === undefined;
  if (ts.isImportClause(p) || ts.isNamespaceImport(p)) return true;
  // `const { name } = require(…)` binds the name itself; `{ name: q }` is a use, as an import under another name.
  if (ts.isBindingElement(p)) return p.name === id && p.propertyName === undefined;
  const declaration =
    ts.isFunctionDeclaration(p) || ts.isMethodDeclaration(p) || ts.isMethodSignature(p) || ts.isPropertyDeclaration(p) ||
    ts.isPropertySignature(p) || ts.isPropertyAssignment(p) || ts.isVariableDeclaration(p) || ts.isParameter(p) ||
    ts.isClassDeclaration(p) || ts.isFunctionExpression(p) || ts.isGetAccessor(p) || ts.isSetAccessor(p);
  return declaration && p.name === id;
}

/** The call `name(…)` (a function) or `x.name(…)` (a method) that `id` is the callee of, in the shape the key expects. */
function calledAs(id: ts.Identifier, key: CallKey): ts.CallExpression | undefined {
  const p = id.parent;
  if (ts.isCallExpression(p) && p.expression === id) return key.method ? undefined : p;
  if (!ts.isPropertyAccessExpression(p) || p.name !== id || !ts.isCallExpression(p.parent) || p.parent.expression !== p) return undefined;
  // A function called on `this` is some method of that name, not the function.
  if (!key.method && unwrap(p.expression).kind === ts.SyntaxKind.ThisKeyword) return undefined;
  return p.parent;
}

/** The argument at `param`; undefined when missing or when a spread before it hides where it is. */
function argumentAt(call: ts.CallExpression, param: number): ts.Expression | undefined {
  if (param < 0 || call.arguments.slice(0, param + 1).some(ts.isSpreadElement)) return undefined;
  return call.arguments[param];
}

/**
 * The same notion the SQL rule uses for `unproven`: no request data, and a constant or the
 * program's own. Else, the parameter itself (not a value built from it) of the function around
 * the call hands the question to that function's callers.
 */
function verdict(flow: ValueFlow, index: FileIndex, arg: ts.Expression, call: ts.CallExpression): Omit<CallVerdict, "line"> {
  if (flow.readsInput(arg) || callersPassInput(flow, index, arg)) return { own: false };
  if (flow.valueOf(arg).kind === "const" || isOwnValue(flow, index, arg)) return { own: true };
  const id = unwrap(arg);
  const via = ts.isIdentifier(id) ? capturedParameterSlot(index, id, call) : undefined;
  return via ? { own: false, via } : { own: false };
}
