// What a file's calls of one function pass at one parameter, each judged with the value flow:
// the program's own (a constant, `self.x`, settings, a database read) or not. Any other mention
// of the name (`callback=self.m`, `getattr(self, "m")`) may call it with anything: not own. An
// argument that is a parameter of the def around the call (or of a def a lambda in it sits in) is
// left to that def's callers (`via`).
import type { Node, Tree } from "web-tree-sitter";
import type { CallKey, CallVerdict } from "../../engine/types.js";
import { OWN_ORIGINS, type FlowState, flowValues } from "./value-flow.js";
import { lines } from "./lines.js";
import { capturedParameterSlot } from "./parameter-slot.js";
import { named, unwrap } from "./syntax.js";
import { SELF_NAME } from "../../knowledge/python/value-origins.js";

/** Where a name stands for itself rather than for the function: its definitions, parameters, imports, keywords. */
const DECLARING = /^(?:function_definition|class_definition|parameters|default_parameter|typed_parameter|typed_default_parameter|keyword_argument|dotted_name|aliased_import)$/;

/** A receiver that calls the function unbound, or bound to something else than the positions assume. */
const UNBOUND = /^(?:[A-Z]|cls$)/;

/** Every mention of `key.name` in the file: a call in the expected shape with its verdict, anything else not own. */
export function pythonCalls(tree: Tree, key: CallKey): CallVerdict[] {
  const calls = new Map<number, Node>();
  const out: CallVerdict[] = [];
  for (const id of tree.rootNode.descendantsOfType("identifier")) {
    if (!id || id.text !== key.name) continue;
    const parent = id.parent;
    if (!parent || (DECLARING.test(parent.type) && declares(parent, id))) continue;
    const call = calledAs(id, key);
    if (call) calls.set(call.id, call);
    else out.push({ line: lines(id).line, own: false });
  }
  for (const s of tree.rootNode.descendantsOfType("string_content")) {
    if (s?.text === key.name) out.push({ line: lines(s).line, own: false });
  }
  if (calls.size === 0) return out;
  const judged = new Set<number>();
  flowValues(tree, {
    onCall: (call, _c, state) => {
      if (!calls.has(call.id) || judged.has(call.id)) return;
      judged.add(call.id);
      const arg = argumentAt(call, key);
      // Without a required argument Python raises before the body runs: another function of that name.
      if (arg === MISSING && key.required) return;
      out.push({ line: lines(call).line, ...(arg !== undefined && arg !== MISSING ? verdict(arg, state) : { own: false }) });
    },
  });
  // A call the walk did not reach was not judged: not own.
  for (const [id, call] of calls) if (!judged.has(id)) out.push({ line: lines(call).line, own: false });
  return out;
}

/**
 * The declaration names `id` itself (`def name`, `name=` keyword, `import name`), not a use inside
 * it. An import under another name (`import name as q`) is a use: `q(…)` calls it unseen.
 */
function declares(parent: Node, id: Node): boolean {
  if (parent.type === "dotted_name") return parent.parent?.type !== "aliased_import";
  if (parent.type === "parameters") return true;
  return parent.type !== "aliased_import" && parent.childForFieldName("name")?.id === id.id;
}

/** Whether `call` calls the key's function in the shape the key expects (`name(…)`, or `x.name(…)` for a method). */
export function callsKey(call: Node, key: CallKey): boolean {
  const fn = call.childForFieldName("function");
  const id = fn?.type === "attribute" ? fn.childForFieldName("attribute") : fn;
  return id?.type === "identifier" && id.text === key.name && calledAs(id, key)?.id === call.id;
}

/** The call `name(…)` (a function) or `x.name(…)` (a method) that `id` is the callee of, in the shape the key expects. */
function calledAs(id: Node, key: CallKey): Node | undefined {
  const parent = id.parent;
  if (!parent) return undefined;
  if (parent.type === "call" && parent.childForFieldName("function")?.id === id.id) return key.method ? undefined : parent;
  if (parent.type !== "attribute" || parent.childForFieldName("attribute")?.id !== id.id) return undefined;
  const call = parent.parent;
  if (call?.type !== "call" || call.childForFieldName("function")?.id !== parent.id) return undefined;
  const receiver = unwrap(parent.childForFieldName("object") ?? parent).text;
  // A method called unbound (`Dialect.m(obj, …)`, `cls.m`) shifts the positions; a function on `self` is another function.
  if (key.method) return UNBOUND.test(receiver) ? undefined : call;
  return SELF_NAME.test(receiver) ? undefined : call;
}

export const MISSING = "missing";

/** The argument at the key's parameter: by keyword, else by position; undefined when a splat hides it, MISSING when there is none. */
export function argumentAt(call: Node, key: CallKey): Node | typeof MISSING | undefined {
  const args = named(call.childForFieldName("arguments") ?? call);
  if (key.paramName !== undefined) {
    const kw = args.find((a) => a.type === "keyword_argument" && a.childForFieldName("name")?.text === key.paramName);
    if (kw) return kw.childForFieldName("value") ?? undefined;
  }
  let at = 0;
  for (const a of args) {
    if (a.type === "list_splat" || a.type === "dictionary_splat") return undefined;
    if (a.type === "keyword_argument") continue;
    if (at++ === key.param) return a;
  }
  return MISSING;
}

/**
 * The same notion the SQL rule uses for `unproven`: no request data, and every origin the
 * program's own. Else, the parameter itself (not a value built from it) of the def around the
 * call hands the question to that def's callers.
 */
function verdict(arg: Node, state: FlowState): Omit<CallVerdict, "line"> {
  if (state.isRequest(arg)) return { own: false };
  if (state.isSafe(arg)) return { own: true };
  const known = state.valueOf(arg);
  if (known ? known.parts.every((p) => !p.request && OWN_ORIGINS.has(p.origin)) : OWN_ORIGINS.has(state.originOf(arg))) return { own: true };
  // A parameter whose name says the client sent it (`search_term`) is not handed on, as in the rule.
  const id = unwrap(arg);
  const via = id.type === "identifier" && state.originOf(id) === "parameter" ? capturedParameterSlot(id, id.text) : undefined;
  return via ? { own: false, via } : { own: false };
}
