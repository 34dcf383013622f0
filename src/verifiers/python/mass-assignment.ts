// Request data written wholesale into a model: `Model(**request.json)`,
// `Model.objects.create(**request.data)`, `query.update(request.POST)`, setattr loops over
// request data, and Pydantic `.dict()` / `.model_dump()` splatted into ORM writes without a
// field list. Values are followed through one local variable of the same function.
import type { Node } from "web-tree-sitter";
import { defineVerifier, type VerifierContext } from "../types.js";
import { callee, calleeName, dotted, enclosingFunction, indexOf, keywordArg, limited, lines, parameterNames, positionalArgs, unwrap, type SiteContext } from "./ast.js";
import { isRequestAttribute, isRequestCopy, isRequestMethod } from "../../knowledge/python/request-sources.js";
import { isTestOrFixturePath } from "../../knowledge/test-paths.js";

const MESSAGE_IDS = ["splat", "pydantic", "setattr"] as const;
type MessageId = (typeof MESSAGE_IDS)[number];

const SCHEMA_NAME = /(?:Schema|Serializer|Form|In|Out|Create|Update|Request|Response|Payload|Params|Query|Body|Dto|DTO|Input|Data|Event|Message|Config|Settings|Filter|Model)$/;
const ORM_BASE = /(?:^|\.)(?:Model|Base|DeclarativeBase|SQLModel|Document|AbstractUser|AbstractBaseUser)\b/;
const MODEL_MODULE = /(?:^|\.)(?:models?|entities|orm|tables|db)(?:\.|$)/;
const WRITE_METHODS = /^(?:create|get_or_create|update_or_create|update|bulk_update)$/;
const QUERY_CHAIN = /\bobjects\b|_default_manager|\.query\b|\bquery\(|\.filter(?:_by)?\(|\.where\(|\b(?:insert|update)\(/;
/** `**kwargs`-style pass-through of a function's own keyword arguments is not request data. */
const PASS_THROUGH = /^(?:kwargs|kw|kwds|options|extra|defaults|params|attrs|context|settings)$/;

/** `f(**value)` splats (not of a pass-through name), `setattr(…)` and `x.update(…)`/`x.values(…)` calls, in source order. */
function sitesOf(ctx: SiteContext): readonly Node[] {
  const index = indexOf(ctx);
  const splats = index.of("dictionary_splat").filter((d) => !PASS_THROUGH.test(d.firstNamedChild?.text ?? ""));
  const calls = index.callsNamed(["setattr", "update", "values"]).filter((c) => callee(c)?.object || callee(c)?.name === "setattr");
  return limited(ctx, [...splats, ...calls].sort((a, b) => a.startIndex - b.startIndex));
}

/** Classes the file declares at module level: schemas (Pydantic, DRF, forms) and ORM models; and model names imported from model modules. */
function classesOf(ctx: SiteContext): Classes {
  const ormClasses = new Set<string>();
  const schemaClasses = new Set<string>();
  const index = indexOf(ctx);
  for (const cls of index.of("class_definition")) {
    const statement = cls.parent?.type === "decorated_definition" ? cls.parent : cls;
    const bases = cls.childForFieldName("superclasses")?.text ?? "";
    const name = cls.childForFieldName("name")?.text ?? "";
    if (statement.parent?.type !== "module" || !bases) continue;
    if (/BaseModel|Schema|Serializer|Form\b/.test(bases)) schemaClasses.add(name);
    else if (ORM_BASE.test(bases)) ormClasses.add(name);
  }
  for (const from of index.of("import_from_statement")) {
    if (!MODEL_MODULE.test(from.childForFieldName("module_name")?.text ?? "")) continue;
    for (const item of from.childrenForFieldName("name")) {
      for (const name of item.text.split(/[\s,()]+/)) if (/^[A-Z]/.test(name)) ormClasses.add(name);
    }
  }
  return { ormClasses, schemaClasses };
}

interface Source {
  text: string;
  pydantic: boolean;
}

/** Whether a node is request data or a Pydantic dump, directly or through one local variable. */
function sourceOf(node: Node, at: Node, follow = true): Source | undefined {
  const n = unwrap(node);
  const text = n.text.replace(/\s+/g, "");
  if (n.type === "await" && n.firstNamedChild) return sourceOf(n.firstNamedChild, at, follow);
  if (n.type === "attribute" && isRequestAttribute(dotted(n.childForFieldName("object")) ?? "", n.childForFieldName("attribute")?.text ?? "")) {
    return { text, pydantic: false };
  }
  if (n.type === "call") return callSource(n, at, text);
  if (n.type !== "identifier" || !follow) return undefined;
  const fn = enclosingFunction(at);
  if (!fn) return undefined;
  let last: Node | undefined;
  for (const a of fn.descendantsOfType("assignment")) {
    if (!a || a.startIndex >= at.startIndex) break;
    if (a.childForFieldName("left")?.text === n.text) last = a;
  }
  const right = last?.childForFieldName("right");
  const found = right ? sourceOf(right, at, false) : undefined;
  return found && { text: `${n.text}`, pydantic: found.pydantic };
}

/** `request.get_json()`, `json.loads(request.body)`, `dict(request.POST)`, `body.dict()` / `body.model_dump()` of a Pydantic parameter. */
function callSource(n: Node, at: Node, text: string): Source | undefined {
  const name = calleeName(n) ?? "";
  const c = callee(n);
  const receiver = c?.object ? dotted(c.object) ?? "" : "";
  if (c && (isRequestMethod(receiver, c.name) || isRequestCopy(receiver, c.name))) return { text, pydantic: false };
  const first = positionalArgs(n)[0];
  if (/^(?:json\.loads|dict)$/.test(name) && first) return sourceOf(first, at, false) && { text, pydantic: false };
  if (!c?.object || !/^(?:dict|model_dump)$/.test(c.name) || keywordArg(n, "include")) return undefined;
  const fn = enclosingFunction(at);
  const owner = unwrap(c.object);
  const param = owner.type === "identifier" && fn && parameterNames(fn).includes(owner.text) && annotated(fn, owner.text);
  return c.name === "model_dump" || param ? { text, pydantic: true } : undefined;
}

interface Classes {
  ormClasses: Set<string>;
  schemaClasses: Set<string>;
}

/** The model a call writes request data into, as written; undefined when it is no ORM write. */
function ormTarget(call: Node, source: Source, { ormClasses, schemaClasses }: Classes): string | undefined {
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
}

function reportWrite(ctx: VerifierContext<MessageId>, classes: Classes, call: Node, source: Source, splat: boolean): void {
  const target = ormTarget(call, source, classes);
  if (!target) return;
  const shown = splat ? `${target}(**${source.text})` : `${target}(${source.text})`;
  ctx.report({ messageId: source.pydantic ? "pydantic" : "splat", data: { call: shown, target }, ...lines(call) });
}

/** `for k, v in request.data.items(): setattr(obj, k, v)`. */
function checkSetattrLoop(ctx: VerifierContext<MessageId>, call: Node): void {
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

function check(ctx: VerifierContext<MessageId>): void {
  if (isTestOrFixturePath(ctx.path)) return;
  const classes = classesOf(ctx);
  const seen = new Set<number>();
  for (const site of sitesOf(ctx)) {
    if (site.type === "dictionary_splat") {
      const call = site.parent?.parent;
      const value = site.firstNamedChild;
      if (call?.type !== "call" || !value || seen.has(call.id)) continue;
      const source = sourceOf(value, call);
      if (!source) continue;
      seen.add(call.id);
      reportWrite(ctx, classes, call, source, true);
      continue;
    }
    const c = callee(site);
    if (c?.name === "setattr" && !c.object) {
      checkSetattrLoop(ctx, site);
    } else if (c && /^(?:update|values)$/.test(c.name) && !seen.has(site.id)) {
      const arg = positionalArgs(site)[0];
      const source = arg && positionalArgs(site).length === 1 ? sourceOf(arg, site) : undefined;
      if (!source) continue;
      seen.add(site.id);
      reportWrite(ctx, classes, site, source, false);
    }
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

export const verifier = defineVerifier({
  id: "python/mass-assignment",
  languages: ["python"],
  messageIds: MESSAGE_IDS,
  gate: /request|\.dict\b|model_dump/,
  check,
});
