// The routes of a Python file, for the contracts, read from the file's index with the one route
// vocabulary (src/knowledge/python/routes.ts): Flask, FastAPI, Starlette, Sanic and aiohttp
// decorators and registrations, Django and DRF class views, and Django function views.
import type { Node } from "web-tree-sitter";
import type { RouteFact } from "../../engine/contracts/facts.js";
import { REGISTRATION_METHODS, ROUTER_CONSTRUCTORS, routeDecorator } from "../../knowledge/python/routes.js";
import type { PyIndex } from "./index.js";
import { importedNames } from "./imports.js";
import { lines } from "./lines.js";
import { bySource, chainOf, decoratorNodes, keyword, positional, stringText } from "./syntax.js";

const STATE_METHODS = ["post", "put", "patch", "delete"];
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

/** What the file says about its routers: guards that cover all their routes, and path prefixes. */
interface Routers {
  guards: Map<string, string[]>;
  prefixes: Map<string, string>;
}

/** A definition's declaration, decorators through signature: where a route is declared and guarded. */
function declaration(def: Node): [number, number] {
  const from = def.parent?.type === "decorated_definition" ? def.parent : def;
  const to = def.childForFieldName("parameters") ?? def.childForFieldName("superclasses") ?? def.childForFieldName("name") ?? def;
  return [lines(from).line, lines(to).endLine];
}

function stringList(n: Node | undefined): string[] {
  if (!n) return [];
  const single = stringText(n);
  if (single !== undefined) return [single.toUpperCase()];
  return n.type === "list" || n.type === "tuple" || n.type === "set" ? n.namedChildren.flatMap((c) => stringText(c)?.toUpperCase() ?? []) : [];
}

function isBeforeRequest(n: Node | undefined): boolean {
  return n?.type === "attribute" && n.childForFieldName("attribute")?.text === "before_request";
}

/** Guards and prefixes, in source order: `X.before_request(f)`, `@X.before_request`, `r = APIRouter(dependencies=…, prefix=…)`. */
function routersOf(index: PyIndex): Routers {
  const guards = new Map<string, string[]>();
  const prefixes = new Map<string, string>();
  const add = (receiver: string, guard: string) => guards.set(receiver, [...(guards.get(receiver) ?? []), guard]);
  const hookCalls = index.callsNamed(["before_request"]).filter((c) => c.childForFieldName("function")?.type === "attribute" && positional(c)[0]);
  const hookDecorators = index.of("decorator").filter((d) => isBeforeRequest(d.namedChildren[0]) && d.parent?.type === "decorated_definition");
  for (const n of [...hookCalls, ...hookDecorators, ...index.of("assignment")].sort(bySource)) {
    if (n.type === "call") {
      add(chainOf(n.childForFieldName("function")!.childForFieldName("object")) ?? "", positional(n)[0]!.text);
    } else if (n.type === "decorator") {
      // The hook guards every route of its receiver: its name, decorators and body are the guard.
      add(chainOf(n.namedChildren[0]!.childForFieldName("object")) ?? "", n.parent!.text);
    } else {
      const left = n.childForFieldName("left");
      const right = n.childForFieldName("right");
      if (left?.type !== "identifier" || right?.type !== "call" || !ROUTER_CONSTRUCTORS.test(chainOf(right.childForFieldName("function")) ?? "")) continue;
      const deps = keyword(right, "dependencies");
      if (deps) add(left.text, deps.text);
      const prefix = stringText(keyword(right, "prefix") ?? keyword(right, "url_prefix"));
      if (prefix !== undefined) prefixes.set(left.text, prefix);
    }
  }
  return { guards, prefixes };
}

function withPrefix(routers: Routers, receiver: string, p: string | undefined): string | undefined {
  const prefix = routers.prefixes.get(receiver);
  return prefix === undefined || p === undefined ? p : `${prefix.replace(/\/$/, "")}${p.startsWith("/") ? "" : "/"}${p}`;
}

/** Functions decorated as routes: `@app.post("/x")`, `@router.api_route("/x", methods=[…])`. */
function decoratedRoutes(index: PyIndex, routers: Routers, routed: Set<number>): RouteFact[] {
  const imports = importedNames(index);
  const out: RouteFact[] = [];
  for (const def of index.of("function_definition")) {
    for (const d of decoratorNodes(def)) {
      const route = routeDecorator(d, imports);
      const written = route && stringText(positional(route.call)[0]);
      if (!route || route.method === "view" || written === undefined) continue;
      const receiver = chainOf(route.call.childForFieldName("function")!.childForFieldName("object")) ?? "";
      const deps = keyword(route.call, "dependencies")?.text;
      const [line, endLine] = declaration(def);
      routed.add(def.id);
      out.push({
        methods: methodsOf(route.call, route.method),
        ...withPath(withPrefix(routers, receiver, written)),
        handler: def.childForFieldName("name")?.text ?? "",
        // FastAPI's guards are dependencies: in the decorator, the router, or the parameters.
        guards: [
          ...decoratorNodes(def).filter((x) => !x.equals(d)).map((x) => x.text),
          ...(deps ? [deps] : []),
          def.childForFieldName("parameters")?.text ?? "",
          ...(routers.guards.get(receiver) ?? []),
        ],
        line,
        endLine,
      });
    }
  }
  return out;
}

/** `route`/`api_route` take `methods=[…]` (GET without it); a verb decorator is its verb. */
function methodsOf(call: Node, method: string): string[] {
  if (method !== "route" && method !== "api_route") return [method.toUpperCase()];
  const listed = stringList(keyword(call, "methods"));
  return listed.length > 0 ? listed : ["GET"];
}

function withPath(path: string | undefined): { path?: string } {
  return path !== undefined ? { path } : {};
}

/** The routes of one Django/DRF/aiohttp class view: its own verb methods, and the writes its bases add. */
function classRoutes(cls: Node, path: string | undefined, extra: string[]): RouteFact[] {
  const out: RouteFact[] = [];
  const name = cls.childForFieldName("name")?.text ?? "View";
  const bases = cls.childForFieldName("superclasses")?.text ?? "";
  const body = cls.childForFieldName("body");
  const attrs = (body?.namedChildren ?? []).flatMap((s) => {
    const a = s.type === "expression_statement" ? s.namedChildren[0] : undefined;
    return a?.type === "assignment" && CLASS_GUARD_ATTRS.has(a.childForFieldName("left")?.text ?? "") ? [a] : [];
  });
  const classGuards = [bases, ...decoratorNodes(cls).map((d) => d.text), ...attrs.map((a) => a.text), ...extra];
  const inherited = [...new Set((bases.match(/\w+/g) ?? []).flatMap((b) => WRITE_BASES[b] ?? []))];
  const defined = new Set<string>();
  for (const s of body?.namedChildren ?? []) {
    const def = s.type === "decorated_definition" ? s.childForFieldName("definition") : s;
    const m = def?.type === "function_definition" ? def.childForFieldName("name")?.text ?? "" : "";
    if (!def || (!STATE_METHODS.includes(m) && !["get", "head", "options"].includes(m))) continue;
    defined.add(m.toUpperCase());
    const [line, endLine] = declaration(def);
    out.push({ methods: [m.toUpperCase()], ...withPath(path), handler: `${name}.${m}`, guards: [...classGuards, ...decoratorNodes(def).map((d) => d.text)], line, endLine });
  }
  const rest = inherited.filter((m) => !defined.has(m));
  if (rest.length > 0) {
    const [line, endLine] = declaration(cls);
    out.push({ methods: rest, ...withPath(path), handler: name, guards: classGuards, line, endLine });
  }
  return out;
}

/** Class views: by base class (Django, DRF) or by `@routes.view("/x")` (aiohttp). */
function classViewRoutes(index: PyIndex, routers: Routers): RouteFact[] {
  const imports = importedNames(index);
  return index.of("class_definition").flatMap((cls) => {
    const view = decoratorNodes(cls).map((d) => routeDecorator(d, imports)).find((r) => r?.method === "view");
    const bases = cls.childForFieldName("superclasses")?.text ?? "";
    if (!view && !VIEW_BASE.test(bases)) return [];
    const receiver = view ? chainOf(view.call.childForFieldName("function")!.childForFieldName("object")) ?? "" : "";
    return classRoutes(cls, view ? withPrefix(routers, receiver, stringText(positional(view.call)[0])) : undefined, view ? routers.guards.get(receiver) ?? [] : []);
  });
}

/** What a registering call says: methods, path and handler. */
function registration(n: Node, method: string, receiver: string): { methods: string[]; pathNode?: Node; handler?: Node } {
  const ps = positional(n);
  if (method === "add_route" || (receiver === "web" && method === "route")) return { methods: stringList(ps[0]), pathNode: ps[1]!, handler: ps[2]! };
  if (method === "add_url_rule") {
    const methods = stringList(keyword(n, "methods"));
    return { methods: methods.length > 0 ? methods : ["GET"], pathNode: ps[0]!, handler: (keyword(n, "view_func") ?? ps[2])! };
  }
  return { methods: [REGISTRATION_METHODS[method] ?? method.toUpperCase()], pathNode: ps[0]!, handler: ps[1]! };
}

const WEB_HELPERS = new Set(["route", "api_route", "get", "post", "put", "patch", "delete", "head", "options", "view"]);

/** `app.add_url_rule(…)`, `router.add_post(…)`, `router.add_route(…)` and aiohttp's `web.post(…)` in route lists. */
function registeredRoutes(index: PyIndex, routers: Routers): RouteFact[] {
  const classes = new Set(index.of("class_definition").map((c) => c.childForFieldName("name")?.text));
  const functions = new Map(index.of("function_definition").map((f) => [f.childForFieldName("name")?.text ?? "", decoratorNodes(f).map((d) => d.text)]));
  const out: RouteFact[] = [];
  for (const n of index.of("call")) {
    const fn = n.childForFieldName("function");
    if (fn?.type !== "attribute") continue;
    const method = fn.childForFieldName("attribute")?.text ?? "";
    const receiver = chainOf(fn.childForFieldName("object")) ?? "";
    if (!(method in REGISTRATION_METHODS) && method !== "add_route" && method !== "add_url_rule" && !(receiver === "web" && WEB_HELPERS.has(method))) continue;
    const { methods, pathNode, handler } = registration(n, method, receiver);
    const path = stringText(pathNode);
    if (path === undefined || !handler) continue;
    // Class views are judged with their class; a wrapped handler counts its wrapper.
    const name = handler.type === "call" ? chainOf(positional(handler)[0] ?? null) : chainOf(handler);
    if (name && classes.has(name.split(".")[0])) continue;
    out.push({
      methods,
      path: withPrefix(routers, receiver, path) ?? path,
      ...(name ? { handler: name } : {}),
      guards: [...(handler.type === "call" ? [handler.text] : []), ...((name ? functions.get(name) : undefined) ?? []), ...(routers.guards.get(receiver) ?? [])],
      ...lines(n),
    });
  }
  return out;
}

/** Module-level functions taking `request` first that no decorator routes: Django views (urls.py routes them). */
function djangoViewRoutes(index: PyIndex, routed: Set<number>): RouteFact[] {
  return index.of("function_definition").flatMap((fn) => {
    const first = fn.childForFieldName("parameters")?.namedChildren[0];
    const firstName = first?.type === "identifier" ? first.text : first?.childForFieldName("name")?.text ?? first?.namedChildren[0]?.text;
    const topLevel = (fn.parent?.type === "decorated_definition" ? fn.parent.parent : fn.parent)?.type === "module";
    if (routed.has(fn.id) || !topLevel || firstName !== "request") return [];
    const decorators = decoratorNodes(fn).map((d) => d.text);
    const methods = djangoMethods(decorators, fn.childForFieldName("body")?.text ?? "");
    if (methods.length === 0) return [];
    const [line, endLine] = declaration(fn);
    return [{ methods, handler: fn.childForFieldName("name")?.text ?? "", guards: decorators, line, endLine }];
  });
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

/** Every route the file declares. */
export function routeFacts(index: PyIndex): RouteFact[] {
  const routers = routersOf(index);
  const routed = new Set<number>();
  const decorated = decoratedRoutes(index, routers, routed);
  return [...decorated, ...classViewRoutes(index, routers), ...registeredRoutes(index, routers), ...djangoViewRoutes(index, routed)];
}
