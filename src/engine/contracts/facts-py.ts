// Facts of a Python file from tree-sitter (one pass): absolute and relative imports,
// importlib.import_module with a constant, the names it calls or reads, its strings (not
// docstrings), and the routes of Flask, FastAPI, Django, DRF and aiohttp.
import type { Node, Tree } from "web-tree-sitter";
import { lines, walk } from "../../verifiers/python/ast.js";
import type { FileFacts, ImportFact, RouteFact, StringFact, UseFact } from "./facts.js";

const VISITED = new Set([
  "import_statement",
  "import_from_statement",
  "call",
  "attribute",
  "subscript",
  "string",
  "concatenated_string",
  "class_definition",
  "function_definition",
  "if_statement",
  "assignment",
]);

const ROUTE_DECORATORS = new Set(["route", "api_route", "get", "post", "put", "patch", "delete", "head", "options", "view"]);
const STATE_METHODS = ["post", "put", "patch", "delete"];
const REGISTRATIONS: Record<string, string> = { add_get: "GET", add_post: "POST", add_put: "PUT", add_patch: "PATCH", add_delete: "DELETE" };
/** Django and DRF views whose base class alone makes them accept writes. */
const WRITE_BASES: Record<string, string[]> = {
  CreateView: ["POST"],
  UpdateView: ["POST"],
  DeleteView: ["POST"],
  FormView: ["POST"],
  CreateAPIView: ["POST"],
  ListCreateAPIView: ["POST"],
  UpdateAPIView: ["PUT", "PATCH"],
  RetrieveUpdateAPIView: ["PUT", "PATCH"],
  DestroyAPIView: ["DELETE"],
  RetrieveDestroyAPIView: ["DELETE"],
  RetrieveUpdateDestroyAPIView: ["PUT", "PATCH", "DELETE"],
  ModelViewSet: ["POST", "PUT", "PATCH", "DELETE"],
  CreateModelMixin: ["POST"],
  UpdateModelMixin: ["PUT", "PATCH"],
  DestroyModelMixin: ["DELETE"],
};
const VIEW_BASE = /\b\w*(?:View|ViewSet|APIView|Resource|Mixin)\b/;
const CLASS_GUARD_ATTRS = new Set(["permission_classes", "authentication_classes", "decorators", "method_decorators"]);

function lineOf(n: Node): number {
  return lines(n).line;
}
function endOf(n: Node): number {
  return lines(n).endLine;
}
/** A definition's declaration, decorators through signature: where a route is declared and guarded. */
function declaration(def: Node): [number, number] {
  const from = def.parent?.type === "decorated_definition" ? def.parent : def;
  const to = def.childForFieldName("parameters") ?? def.childForFieldName("superclasses") ?? def.childForFieldName("name") ?? def;
  return [lineOf(from), endOf(to)];
}

/** `a.b().c` for a callee or attribute chain; undefined when it does not start at a name. */
function chainOf(n: Node | null): string | undefined {
  if (!n) return undefined;
  switch (n.type) {
    case "identifier":
      return n.text;
    case "attribute": {
      const left = chainOf(n.childForFieldName("object"));
      const attr = n.childForFieldName("attribute");
      return left === undefined || !attr ? undefined : `${left}.${attr.text}`;
    }
    case "call": {
      const left = chainOf(n.childForFieldName("function"));
      return left === undefined ? undefined : `${left}()`;
    }
    case "subscript": {
      const left = chainOf(n.childForFieldName("value"));
      const key = stringValue(n.childForFieldName("subscript"));
      return left === undefined ? undefined : key !== undefined ? `${left}.${key}` : left;
    }
    case "await":
    case "parenthesized_expression":
      return chainOf(n.namedChildren[0] ?? null);
    default:
      return undefined;
  }
}

function rootOf(chain: string): string {
  return chain.split(/[.(]/, 1)[0] ?? chain;
}

/** A string's text, interpolations as "?"; concatenated strings joined. */
function stringValue(n: Node | null | undefined): string | undefined {
  if (!n) return undefined;
  if (n.type === "concatenated_string") return n.namedChildren.map((c) => stringValue(c) ?? "").join("");
  if (n.type !== "string") return undefined;
  return n.namedChildren
    .map((c) => (c.type === "string_content" || c.type === "escape_sequence" ? c.text : c.type === "interpolation" ? "?" : ""))
    .join("");
}

function args(call: Node): Node[] {
  return call.childForFieldName("arguments")?.namedChildren.filter((c) => c.type !== "comment") ?? [];
}
function positional(call: Node): Node[] {
  return args(call).filter((c) => c.type !== "keyword_argument" && c.type !== "list_splat" && c.type !== "dictionary_splat");
}
function keyword(call: Node, name: string): Node | undefined {
  const kw = args(call).find((c) => c.type === "keyword_argument" && c.childForFieldName("name")?.text === name);
  return kw?.childForFieldName("value") ?? undefined;
}
function stringList(n: Node | undefined): string[] {
  if (!n) return [];
  const single = stringValue(n);
  if (single !== undefined) return [single.toUpperCase()];
  return n.type === "list" || n.type === "tuple" || n.type === "set" ? n.namedChildren.flatMap((c) => stringValue(c)?.toUpperCase() ?? []) : [];
}

function decoratorsOf(def: Node): Node[] {
  return def.parent?.type === "decorated_definition" ? def.parent.namedChildren.filter((c) => c.type === "decorator") : [];
}
function decoratorCall(d: Node): Node | undefined {
  const e = d.namedChildren[0];
  return e?.type === "call" ? e : undefined;
}

function isTypeChecking(ifNode: Node): boolean {
  const c = ifNode.childForFieldName("condition")?.text ?? "";
  return c === "TYPE_CHECKING" || c === "typing.TYPE_CHECKING";
}

/** Reads the tree the verifiers parsed (the caller owns it and frees it). */
export function pythonFacts(path: string, text: string, withRoutes: boolean, tree: Tree): FileFacts {
  const imports: ImportFact[] = [];
  const uses: UseFact[] = [];
  const strings: StringFact[] = [];
  const routes: RouteFact[] = [];
  const bindings = new Map<string, { dotted: string; index: number }>();
  /** Decorators of each function, for handlers registered by name (aiohttp's add_post). */
  const functions = new Map<string, string[]>();
  const classes: Node[] = [];
  const routeDefs: { def: Node; decorator: Node; call: Node; receiver: string; method: string }[] = [];
  const registrations: Node[] = [];
  const requestViews: Node[] = [];
  const receiverGuards = new Map<string, string[]>();
  const prefixes = new Map<string, string>();
  let typeChecking = 0;

  const addImport = (fact: Omit<ImportFact, "targets" | "typeOnly">): number => {
    imports.push({ ...fact, typeOnly: typeChecking > 0, targets: [] });
    return imports.length - 1;
  };
  const addGuard = (receiver: string, guard: string) => receiverGuards.set(receiver, [...(receiverGuards.get(receiver) ?? []), guard]);

  const importStatement = (n: Node) => {
    for (const item of n.childrenForFieldName("name")) {
      const dotted = item.type === "aliased_import" ? item.childForFieldName("name")?.text : item.text;
      if (!dotted) continue;
      const index = addImport({ specifier: dotted, module: dotted, level: 0, names: [], line: lineOf(n), endLine: endOf(n) });
      if (item.type === "aliased_import") {
        const alias = item.childForFieldName("alias")?.text;
        if (alias) bindings.set(alias, { dotted, index });
      } else {
        const root = dotted.split(".")[0]!;
        bindings.set(root, { dotted: root, index });
      }
    }
  };

  const importFrom = (n: Node) => {
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
    const index = addImport({ specifier, module: specifier, level, names, line: lineOf(n), endLine: endOf(n) });
    for (const i of items) {
      const imported = i.type === "aliased_import" ? i.childForFieldName("name")?.text : i.text;
      const local = i.type === "aliased_import" ? i.childForFieldName("alias")?.text : i.text;
      if (imported && local) bindings.set(local, { dotted: specifier.endsWith(".") ? `${specifier}${imported}` : `${specifier}.${imported}`, index });
    }
  };

  /** importlib.import_module("app.models") and import_module(".models", package=__package__). */
  const dynamicImport = (call: Node, chain: string) => {
    const bound = bindings.get(rootOf(chain));
    const full = bound ? `${bound.dotted}${chain.slice(rootOf(chain).length)}` : chain;
    if (full !== "importlib.import_module" && chain !== "__import__") return;
    const spec = stringValue(positional(call)[0]);
    if (spec === undefined) return;
    const level = /^\.*/.exec(spec)![0].length;
    const pkg = stringValue(keyword(call, "package") ?? positional(call)[1]);
    if (level > 0 && pkg !== undefined) {
      const parts = pkg.split(".").slice(0, Math.max(0, pkg.split(".").length - (level - 1)));
      const rest = spec.slice(level);
      const absolute = [...parts, ...(rest ? [rest] : [])].join(".");
      addImport({ specifier: absolute, module: absolute, level: 0, names: [], line: lineOf(call), endLine: endOf(call) });
      return;
    }
    addImport({ specifier: spec, module: spec, level, names: [], line: lineOf(call), endLine: endOf(call) });
  };

  const isInner = (n: Node): boolean => {
    const p = n.parent;
    if (!p) return false;
    if (p.type === "attribute" && p.childForFieldName("object")?.equals(n)) return true;
    if (p.type === "subscript" && p.childForFieldName("value")?.equals(n)) return true;
    return p.type === "call" && (p.childForFieldName("function")?.equals(n) ?? false);
  };

  const stringFact = (n: Node) => {
    const p = n.parent;
    if (!p || p.type === "concatenated_string") return;
    // A docstring, or a string statement nobody reads.
    if (p.type === "expression_statement") return;
    if (p.type === "pair" && p.childForFieldName("key")?.equals(n)) return;
    const text = stringValue(n);
    if (text === undefined) return;
    const fact: StringFact = { text, line: lineOf(n), endLine: endOf(n) };
    if (p.type === "pair") {
      const key = stringValue(p.childForFieldName("key"));
      if (key !== undefined) fact.key = key;
      fact.siblings = (p.parent?.namedChildren ?? []).flatMap((x) => (x.type === "pair" && !x.equals(p) ? [stringValue(x.childForFieldName("key")) ?? x.childForFieldName("key")?.text ?? ""] : []));
    } else if (p.type === "keyword_argument") {
      const key = p.childForFieldName("name")?.text;
      if (key) fact.key = key;
    }
    strings.push(fact);
  };

  const call = (n: Node) => {
    const fn = n.childForFieldName("function");
    const chain = chainOf(fn);
    if (!chain) return;
    uses.push({ written: chain, call: true, line: lineOf(n), endLine: endOf(n) });
    dynamicImport(n, chain);
    // FastAPI calls what Depends names: Depends(get_db) opens a session for the handler.
    if (chain === "Depends" || chain === "Security" || chain.endsWith(".Depends")) {
      const dep = chainOf(positional(n)[0] ?? null);
      if (dep) uses.push({ written: dep, call: true, line: lineOf(n), endLine: endOf(n) });
    }
    if (!withRoutes || fn?.type !== "attribute") return;
    const method = fn.childForFieldName("attribute")?.text ?? "";
    const receiver = chainOf(fn.childForFieldName("object")) ?? "";
    if (method === "before_request" && positional(n)[0]) addGuard(receiver, positional(n)[0]!.text);
    if (method in REGISTRATIONS || method === "add_route" || method === "add_url_rule" || (receiver === "web" && (ROUTE_DECORATORS.has(method) || method === "route"))) {
      registrations.push(n);
    }
  };

  const assignment = (n: Node) => {
    if (!withRoutes) return;
    const left = n.childForFieldName("left");
    const right = n.childForFieldName("right");
    if (left?.type !== "identifier" || right?.type !== "call") return;
    const ctor = chainOf(right.childForFieldName("function")) ?? "";
    if (!/(?:^|\.)(?:APIRouter|FastAPI|Blueprint)$/.test(ctor)) return;
    const deps = keyword(right, "dependencies");
    if (deps) addGuard(left.text, deps.text);
    const prefix = stringValue(keyword(right, "prefix") ?? keyword(right, "url_prefix"));
    if (prefix !== undefined) prefixes.set(left.text, prefix);
  };

  const definition = (n: Node) => {
    if (!withRoutes) return;
    if (n.type === "class_definition") {
      classes.push(n);
      return;
    }
    const name = n.childForFieldName("name")?.text ?? "";
    const decorators = decoratorsOf(n);
    functions.set(name, decorators.map((d) => d.text));
    let routed = false;
    for (const d of decorators) {
      const c = decoratorCall(d);
      const fn = c?.childForFieldName("function");
      if (!c || fn?.type !== "attribute") {
        if (d.namedChildren[0]?.type === "attribute" && d.namedChildren[0].childForFieldName("attribute")?.text === "before_request") {
          // The hook guards every route of its receiver: its name, decorators and body are the guard.
          addGuard(chainOf(d.namedChildren[0].childForFieldName("object")) ?? "", (n.parent ?? n).text);
        }
        continue;
      }
      const method = fn.childForFieldName("attribute")?.text ?? "";
      if (!ROUTE_DECORATORS.has(method) || stringValue(positional(c)[0]) === undefined) continue;
      routeDefs.push({ def: n, decorator: d, call: c, receiver: chainOf(fn.childForFieldName("object")) ?? "", method });
      routed = true;
    }
    // A module-level function taking `request` first is a Django view (urls.py routes it).
    const first = n.childForFieldName("parameters")?.namedChildren[0];
    const firstName = first?.type === "identifier" ? first.text : first?.childForFieldName("name")?.text ?? first?.namedChildren[0]?.text;
    const topLevel = (n.parent?.type === "decorated_definition" ? n.parent.parent : n.parent)?.type === "module";
    if (!routed && topLevel && firstName === "request") requestViews.push(n);
  };

  walk(tree, {
    types: VISITED,
    enter(n) {
      switch (n.type) {
        case "import_statement":
          importStatement(n);
          break;
        case "import_from_statement":
          importFrom(n);
          break;
        case "call":
          call(n);
          break;
        case "attribute":
        case "subscript": {
          if (isInner(n)) break;
          const chain = chainOf(n);
          if (chain && bindings.has(rootOf(chain))) uses.push({ written: chain, call: false, line: lineOf(n), endLine: endOf(n) });
          break;
        }
        case "string":
        case "concatenated_string":
          stringFact(n);
          break;
        case "if_statement":
          if (isTypeChecking(n)) typeChecking++;
          break;
        case "assignment":
          assignment(n);
          break;
        case "function_definition":
        case "class_definition":
          definition(n);
          break;
      }
    },
    exit(n) {
      if (n.type === "if_statement" && isTypeChecking(n)) typeChecking--;
    },
  });

  for (const u of uses) {
    const root = rootOf(u.written);
    const b = bindings.get(root);
    if (b) Object.assign(u, { canonical: `${b.dotted}${u.written.slice(root.length)}`, via: b.index });
  }

  if (withRoutes) {
    const guardsOf = (receiver: string) => receiverGuards.get(receiver) ?? [];
    const withPrefix = (receiver: string, p: string | undefined) => {
      const prefix = prefixes.get(receiver);
      return prefix === undefined || p === undefined ? p : `${prefix.replace(/\/$/, "")}${p.startsWith("/") ? "" : "/"}${p}`;
    };
    const classRoutes = (cls: Node, path: string | undefined, extra: string[]) => {
      const name = cls.childForFieldName("name")?.text ?? "View";
      const bases = cls.childForFieldName("superclasses")?.text ?? "";
      const body = cls.childForFieldName("body");
      const attrs = (body?.namedChildren ?? []).flatMap((s) => {
        const a = s.type === "expression_statement" ? s.namedChildren[0] : undefined;
        return a?.type === "assignment" && CLASS_GUARD_ATTRS.has(a.childForFieldName("left")?.text ?? "") ? [a] : [];
      });
      const classGuards = [bases, ...decoratorsOf(cls).map((d) => d.text), ...attrs.map((a) => a.text), ...extra];
      const baseNames = bases.match(/\w+/g) ?? [];
      const inherited = [...new Set(baseNames.flatMap((b) => WRITE_BASES[b] ?? []))];
      const defined = new Set<string>();
      for (const s of body?.namedChildren ?? []) {
        const def = s.type === "decorated_definition" ? s.childForFieldName("definition") : s;
        const m = def?.type === "function_definition" ? def.childForFieldName("name")?.text ?? "" : "";
        if (!STATE_METHODS.includes(m) && !["get", "head", "options"].includes(m)) continue;
        defined.add(m.toUpperCase());
        const [line, endLine] = declaration(def!);
        routes.push({
          methods: [m.toUpperCase()],
          ...(path !== undefined ? { path } : {}),
          handler: `${name}.${m}`,
          guards: [...classGuards, ...decoratorsOf(def!).map((d) => d.text)],
          line,
          endLine,
        });
      }
      const rest = inherited.filter((m) => !defined.has(m));
      if (rest.length > 0) {
        const [line, endLine] = declaration(cls);
        routes.push({ methods: rest, ...(path !== undefined ? { path } : {}), handler: name, guards: classGuards, line, endLine });
      }
    };

    for (const r of routeDefs) {
      const path = withPrefix(r.receiver, stringValue(positional(r.call)[0]));
      const methods =
        r.method === "route" || r.method === "api_route"
          ? (stringList(keyword(r.call, "methods")).length > 0 ? stringList(keyword(r.call, "methods")) : ["GET"])
          : [r.method.toUpperCase()];
      const others = decoratorsOf(r.def).filter((d) => !d.equals(r.decorator)).map((d) => d.text);
      const deps = keyword(r.call, "dependencies")?.text;
      const [line, endLine] = declaration(r.def);
      routes.push({
        methods,
        ...(path !== undefined ? { path } : {}),
        handler: r.def.childForFieldName("name")?.text ?? "",
        // FastAPI's guards are dependencies: in the decorator, the router, or the parameters.
        guards: [...others, ...(deps ? [deps] : []), r.def.childForFieldName("parameters")?.text ?? "", ...guardsOf(r.receiver)],
        line,
        endLine,
      });
    }
    for (const cls of classes) {
      const decorators = decoratorsOf(cls);
      const viewDecorator = decorators.find((d) => {
        const fn = decoratorCall(d)?.childForFieldName("function");
        return fn?.type === "attribute" && fn.childForFieldName("attribute")?.text === "view";
      });
      const bases = cls.childForFieldName("superclasses")?.text ?? "";
      if (!viewDecorator && !VIEW_BASE.test(bases)) continue;
      const c = viewDecorator ? decoratorCall(viewDecorator) : undefined;
      const receiver = chainOf(c?.childForFieldName("function")?.childForFieldName("object") ?? null) ?? "";
      classRoutes(cls, c ? withPrefix(receiver, stringValue(positional(c)[0])) : undefined, c ? guardsOf(receiver) : []);
    }
    for (const n of registrations) {
      const fn = n.childForFieldName("function")!;
      const method = fn.childForFieldName("attribute")?.text ?? "";
      const receiver = chainOf(fn.childForFieldName("object")) ?? "";
      const ps = positional(n);
      let methods: string[];
      let pathNode: Node | undefined;
      let handler: Node | undefined;
      if (method === "add_route" || (receiver === "web" && method === "route")) {
        methods = stringList(ps[0]);
        pathNode = ps[1];
        handler = ps[2];
      } else if (method === "add_url_rule") {
        methods = stringList(keyword(n, "methods"));
        if (methods.length === 0) methods = ["GET"];
        pathNode = ps[0];
        handler = keyword(n, "view_func") ?? ps[2];
      } else {
        methods = [REGISTRATIONS[method] ?? method.toUpperCase()];
        pathNode = ps[0];
        handler = ps[1];
      }
      const path = stringValue(pathNode);
      if (path === undefined || !handler) continue;
      // Class views are judged with their class; a wrapped handler counts its wrapper.
      const name = handler.type === "call" ? chainOf(positional(handler)[0] ?? null) : chainOf(handler);
      if (name && classes.some((c) => c.childForFieldName("name")?.text === name.split(".")[0])) continue;
      const target = name ? functions.get(name) : undefined;
      routes.push({
        methods,
        path: withPrefix(receiver, path) ?? path,
        ...(name ? { handler: name } : {}),
        guards: [...(handler.type === "call" ? [handler.text] : []), ...(target ?? []), ...guardsOf(receiver)],
        line: lineOf(n),
        endLine: endOf(n),
      });
    }
    for (const fn of requestViews) {
      const decorators = decoratorsOf(fn).map((d) => d.text);
      const methods = djangoMethods(decorators, fn.childForFieldName("body")?.text ?? "");
      if (methods.length === 0) continue;
      const [line, endLine] = declaration(fn);
      routes.push({ methods, handler: fn.childForFieldName("name")?.text ?? "", guards: decorators, line, endLine });
    }
  }
  return { path, imports, uses, strings, routes, lines: text.split("\n") };
}

/** The methods a Django function view accepts, from its decorators or its own request.method checks. */
function djangoMethods(decorators: string[], body: string): string[] {
  const all = decorators.join("\n");
  if (/\brequire_POST\b/.test(all)) return ["POST"];
  if (/\brequire_(?:GET|safe)\b/.test(all)) return ["GET"];
  const listed = /\b(?:require_http_methods|api_view)\s*\(\s*\[([^\]]*)\]/.exec(all);
  if (listed) return [...listed[1]!.matchAll(/["'](\w+)["']/g)].map((m) => m[1]!.toUpperCase());
  const checked = [...body.matchAll(/request\.method\s*(?:==|!=|in)\s*(?:\(|\[)?\s*((?:["']\w+["']\s*,?\s*)+)/g)].flatMap((m) => [...m[1]!.matchAll(/["'](\w+)["']/g)].map((x) => x[1]!.toUpperCase()));
  if (checked.length > 0) return [...new Set(checked)];
  return /\brequest\.(?:POST|FILES)\b/.test(body) ? ["POST"] : [];
}
