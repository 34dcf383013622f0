// How Python web frameworks register routes, in one place: the route-missing-auth rule and the
// contracts' route facts both read it. A route decorator is `@<router>.<method>(<path>, …)` on
// an app, router, blueprint or route table (Flask, Quart, FastAPI, Starlette, Sanic, aiohttp);
// test doubles are never routes: `@mock.patch("app.views.send")`, `@patch.object(Client, "post")`
// and `@mocker.patch(...)` have the same shape but patch a Python name, not an HTTP verb.
import type { Node } from "web-tree-sitter";

/** Decorator methods that register a route, and the HTTP methods each accepts without `methods=`. */
const DECORATOR_METHODS: Readonly<Record<string, readonly string[]>> = {
  get: ["GET"],
  post: ["POST"],
  put: ["PUT"],
  patch: ["PATCH"],
  delete: ["DELETE"],
  head: ["HEAD"],
  options: ["OPTIONS"],
  // Flask's route and FastAPI's api_route default to GET alone.
  route: ["GET"],
  api_route: ["GET"],
  // aiohttp's class-based view: the class's own methods say which verbs it takes.
  view: [],
};

/** aiohttp's `router.add_post("/x", handler)`: the method decides the verb. */
export const REGISTRATION_METHODS: Readonly<Record<string, string>> = {
  add_get: "GET",
  add_post: "POST",
  add_put: "PUT",
  add_patch: "PATCH",
  add_delete: "DELETE",
};

/**
 * Methods a framework calls with the request's values (Django and aiohttp class-based views, DRF
 * viewsets): no call in the project shows what they are given.
 */
export const FRAMEWORK_CALLED_METHODS: ReadonlySet<string> = new Set([
  ...Object.keys(DECORATOR_METHODS),
  "dispatch",
  "list",
  "retrieve",
  "create",
  "update",
  "partial_update",
  "destroy",
]);

/** Constructors of objects that routes hang on (what `router = APIRouter(…)` makes). */
export const ROUTER_CONSTRUCTORS = /(?:^|\.)(?:APIRouter|FastAPI|Blueprint|Flask|Quart|Sanic|Starlette|RouteTableDef)$/;

/** Names and modules of test doubles: a receiver chain through one of them patches, it does not route. */
const TEST_DOUBLE_SEGMENTS = new Set(["mock", "patch", "mocker", "monkeypatch", "mock_patch"]);
const TEST_DOUBLE_MODULE = /^(?:unittest\.mock|mock|pytest_mock|asynctest|aioresponses|responses|respx|requests_mock|httpretty)(?:\.|$)/;

export interface RouteDecorator {
  /** The decorator's call: `app.post("/x")`. */
  call: Node;
  /** The router as written: `app`, `self.router`. */
  receiver: string;
  method: string;
  /** The path when written as a string literal; undefined when computed. */
  path?: string;
  /** HTTP methods: from `methods=[…]` when given, else the method's own. */
  verbs: string[];
}

function text(node: Node | null | undefined): string | undefined {
  if (node?.type !== "string" || node.namedChildren.some((c) => c.type === "interpolation")) return undefined;
  return node.namedChildren.filter((c) => c.type === "string_content" || c.type === "escape_sequence").map((c) => c.text).join("");
}

function argumentsOf(call: Node): Node[] {
  return call.childForFieldName("arguments")?.namedChildren.filter((c) => c.type !== "comment") ?? [];
}

function keyword(call: Node, name: string): Node | undefined {
  const kw = argumentsOf(call).find((a) => a.type === "keyword_argument" && a.childForFieldName("name")?.text === name);
  return kw?.childForFieldName("value") ?? undefined;
}

/** Whether a receiver chain is, or comes from, a test double: `mock`, `patch.object`, `m.patch` with `from unittest import mock as m`. */
export function isTestDouble(receiver: string, imports: ReadonlyMap<string, string>): boolean {
  const segments = receiver.split(".");
  if (segments.some((s) => TEST_DOUBLE_SEGMENTS.has(s))) return true;
  const bound = imports.get(segments[0] ?? "");
  return bound !== undefined && TEST_DOUBLE_MODULE.test(bound);
}

/**
 * A URL path as frameworks take it: "" (FastAPI, under a prefix) or starting with "/"
 * (Werkzeug and Starlette refuse anything else). A dotted name ("app.views.send") never is one.
 */
export function isUrlPath(path: string): boolean {
  return path === "" || path.startsWith("/");
}

/** The HTTP methods a `methods=[…]` argument lists, upper-cased; undefined when absent or computed. */
export function listedMethods(call: Node): string[] | undefined {
  const value = keyword(call, "methods");
  if (!value) return undefined;
  const single = text(value);
  if (single !== undefined) return [single.toUpperCase()];
  if (!/^(?:list|tuple|set)$/.test(value.type)) return [];
  return value.namedChildren.flatMap((c) => text(c)?.toUpperCase() ?? []);
}

/** The route a decorator registers, or undefined when it registers none (a test double, a non-route method, a non-URL path). */
export function routeDecorator(decorator: Node, imports: ReadonlyMap<string, string>): RouteDecorator | undefined {
  const call = decorator.namedChildren.find((c) => c.type !== "comment");
  const fn = call?.type === "call" ? call.childForFieldName("function") : null;
  const object = fn?.type === "attribute" ? fn.childForFieldName("object") : null;
  const method = fn?.childForFieldName("attribute")?.text ?? "";
  if (!call || !object || !(method in DECORATOR_METHODS)) return undefined;
  const receiver = object.text.replace(/\s+/g, "");
  if (isTestDouble(receiver, imports)) return undefined;
  const first = argumentsOf(call).find((a) => a.type !== "keyword_argument") ?? keyword(call, "path") ?? keyword(call, "rule");
  const path = text(first);
  if (path !== undefined && !isUrlPath(path)) return undefined;
  const verbs = listedMethods(call) ?? [...(DECORATOR_METHODS[method] ?? [])];
  return { call, receiver, method, ...(path !== undefined ? { path } : {}), verbs };
}
