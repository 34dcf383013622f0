// Request data written wholesale into a model: `Model(**request.json)`,
// `Model.objects.create(**request.data)`, `query.update(request.POST)`, setattr loops over
// request data, and Pydantic `.dict()` / `.model_dump()` splatted into ORM writes without a
// field list. Values are followed through one local variable of the same function.
import type { Node } from "web-tree-sitter";
import type { VerifierContext, VerifierModule } from "../types.js";
import { callee, calleeName, dotted, enclosingFunction, keywordArg, lines, nodesAt, parameterNames, positionalArgs, unwrap, searchText } from "./ast.js";
import { isTestOrFixturePath } from "../test-paths.js";

const REQUEST_ATTR = /^(?:self\.)?request\.(?:data|POST|GET|json|form|args|values|query_params|DATA|REQUEST|body)$/;
const REQUEST_CALL = /^(?:self\.)?request\.(?:get_json|json|post|form|data\.dict|POST\.dict|GET\.dict|data\.copy|POST\.copy|form\.to_dict|args\.to_dict|json\.copy)$/;
const SCHEMA_NAME = /(?:Schema|Serializer|Form|In|Out|Create|Update|Request|Response|Payload|Params|Query|Body|Dto|DTO|Input|Data|Event|Message|Config|Settings|Filter|Model)$/;
const ORM_BASE = /(?:^|\.)(?:Model|Base|DeclarativeBase|SQLModel|Document|AbstractUser|AbstractBaseUser)\b/;
const MODEL_MODULE = /(?:^|\.)(?:models?|entities|orm|tables|db)(?:\.|$)/;
const WRITE_METHODS = /^(?:create|get_or_create|update_or_create|update|bulk_update)$/;
const QUERY_CHAIN = /\bobjects\b|_default_manager|\.query\b|\bquery\(|\.filter(?:_by)?\(|\.where\(|\b(?:insert|update)\(/;
/** `**kwargs`-style pass-through of a function's own keyword arguments is not request data. */
const SPLAT = /\*\*(?!\s*(?:kwargs|kw|kwds|options|extra|defaults|params|attrs|context|settings)\b)|setattr\s*\(|\.(?:update|values)\s*\(/g;
const SITES = new Set(["dictionary_splat", "call"]);

interface Source {
  text: string;
  pydantic: boolean;
}

function check(ctx: VerifierContext): void {
  if (isTestOrFixturePath(ctx.path) || !/request|\.dict\(|model_dump/.test(searchText(ctx.text))) return;
  const ormClasses = new Set<string>();
  const schemaClasses = new Set<string>();
  for (const m of ctx.text.matchAll(/^class\s+(\w+)\s*\(([^)]*)\)/gm)) {
    const [, name = "", bases = ""] = m;
    if (/BaseModel|Schema|Serializer|Form\b/.test(bases)) schemaClasses.add(name);
    else if (ORM_BASE.test(bases)) ormClasses.add(name);
  }
  for (const m of ctx.text.matchAll(/^from\s+([\w.]+)\s+import\s+(\([^)]*\)|[^\n]+)/gm)) {
    if (!MODEL_MODULE.test(m[1] ?? "")) continue;
    for (const name of (m[2] ?? "").split(/[\s,()]+/)) if (/^[A-Z]/.test(name)) ormClasses.add(name);
  }

  /** Whether a node is request data or a Pydantic dump, directly or through one local variable. */
  const sourceOf = (node: Node, at: Node, follow = true): Source | undefined => {
    const n = unwrap(node);
    const text = n.text.replace(/\s+/g, "");
    if (n.type === "await" && n.firstNamedChild) return sourceOf(n.firstNamedChild, at, follow);
    if (n.type === "attribute" && REQUEST_ATTR.test(dotted(n) ?? "")) return { text, pydantic: false };
    if (n.type === "call") {
      const name = calleeName(n) ?? "";
      if (REQUEST_CALL.test(name)) return { text, pydantic: false };
      const first = positionalArgs(n)[0];
      if (/^(?:json\.loads|dict)$/.test(name) && first) return sourceOf(first, at, false) && { text, pydantic: false };
      const c = callee(n);
      if (c?.object && /^(?:dict|model_dump)$/.test(c.name) && !keywordArg(n, "include")) {
        const fn = enclosingFunction(at);
        const owner = unwrap(c.object);
        const param = owner.type === "identifier" && fn && parameterNames(fn).includes(owner.text) && annotated(fn, owner.text);
        if (c.name === "model_dump" || param) return { text, pydantic: true };
      }
      return undefined;
    }
    if (n.type === "identifier" && follow) {
      const fn = enclosingFunction(at);
      if (!fn) return undefined;
      let last: Node | undefined;
      for (const a of fn.descendantsOfType("assignment")) {
        if (a.startIndex >= at.startIndex) break;
        if (a.childForFieldName("left")?.text === n.text) last = a;
      }
      const right = last?.childForFieldName("right");
      const found = right ? sourceOf(right, at, false) : undefined;
      return found && { text: `${n.text}`, pydantic: found.pydantic };
    }
    return undefined;
  };

  const ormTarget = (call: Node, source: Source): string | undefined => {
    const fn = call.childForFieldName("function");
    const name = calleeName(call) ?? fn?.text.replace(/\s+/g, "") ?? "";
    const c = callee(call);
    if (fn?.type === "identifier") {
      if (schemaClasses.has(name)) return undefined;
      if (ormClasses.has(name) || (!source.pydantic && /^[A-Z]/.test(name) && !SCHEMA_NAME.test(name))) return name;
      return undefined;
    }
    if (c && WRITE_METHODS.test(c.name) && c.object && QUERY_CHAIN.test(c.object.text)) return fn?.text.replace(/\s+/g, "") ?? name;
    if (c?.name === "values" && c.object && /\b(?:insert|update)\(/.test(c.object.text)) return fn?.text.replace(/\s+/g, "") ?? name;
    if (c && ormClasses.has(c.object?.text ?? "") && /^(?:create|objects)$/.test(c.name)) return name;
    return undefined;
  };

  const report = (call: Node, source: Source, splat: boolean): void => {
    const target = ormTarget(call, source);
    if (!target) return;
    const shown = splat ? `${target}(**${source.text})` : `${target}(${source.text})`;
    ctx.report({ messageId: source.pydantic ? "pydantic" : "splat", data: { call: shown, target }, ...lines(call) });
  };

  const seen = new Set<number>();
  for (const site of nodesAt(ctx, SPLAT, SITES, 3)) {
    if (site.type === "dictionary_splat") {
      const call = site.parent?.parent;
      const value = site.firstNamedChild;
      if (call?.type !== "call" || !value || seen.has(call.id)) continue;
      const source = sourceOf(value, call);
      if (source) {
        seen.add(call.id);
        report(call, source, true);
      }
      continue;
    }
    const c = callee(site);
    if (c?.name === "setattr" && !c.object) {
      checkSetattrLoop(site);
    } else if (c && /^(?:update|values)$/.test(c.name) && !seen.has(site.id)) {
      const arg = positionalArgs(site)[0];
      const source = arg && positionalArgs(site).length === 1 ? sourceOf(arg, site) : undefined;
      if (source) {
        seen.add(site.id);
        report(site, source, false);
      }
    }
  }

  function checkSetattrLoop(call: Node): void {
    const [target, key] = positionalArgs(call);
    let loop = call.parent;
    for (let i = 0; loop && loop.type !== "for_statement" && i < 6; i++) loop = loop.parent;
    if (!loop || loop.type !== "for_statement" || !target || !key) return;
    const left = loop.childForFieldName("left");
    const right = loop.childForFieldName("right");
    const keyVar = left?.type === "pattern_list" ? left.firstNamedChild?.text : left?.text;
    if (!right || keyVar !== key.text) return;
    const r = unwrap(right);
    const c = r.type === "call" ? callee(r) : undefined;
    const iterated = c?.name === "items" && c.object ? c.object : r;
    const source = sourceOf(iterated, loop);
    if (!source) return;
    ctx.report({ messageId: "setattr", data: { source: source.text, target: target.text }, ...lines(loop) });
  }
}

/** Whether a parameter has a type annotation naming a class (a FastAPI body model). */
function annotated(fn: Node, name: string): boolean {
  const params = fn.childForFieldName("parameters")?.namedChildren ?? [];
  return params.some((p) => {
    if (!/typed/.test(p.type)) return false;
    const id = p.namedChildren.find((c) => c.type === "identifier");
    const type = p.childForFieldName("type")?.text ?? "";
    return id?.text === name && /^[A-Z]/.test(type) && !/^(?:Dict|Mapping|Any)\b/.test(type);
  });
}

export const verifier: VerifierModule = {
  id: "python/mass-assignment",
  languages: ["python"],
  messageIds: ["splat", "pydantic", "setattr"],
  check,
};
