// In a FastAPI router, Flask blueprint or aiohttp route table where other routes require
// authentication (a dependency, a decorator, an explicit check), a POST/PUT/PATCH/DELETE route
// that has none. The siblings show the convention; the state-changing route that breaks it is
// the one an agent added or copied without its guard.
import type { Node } from "web-tree-sitter";
import { defineVerifier, type VerifierContext } from "../types.js";
import { VERIFIES_SIGNATURE, callee, codeOnly, decoratorsOf, importedNames, indexOf, keywordArg, limited, lines, positionalArgs, settingsOf, unwrap } from "./ast.js";
import { routeDecorator } from "../../knowledge/python/routes.js";
import { AUTH_DECORATOR } from "../../knowledge/python/auth.js";
import { isPublicRoute } from "../../knowledge/public-routes.js";

const MESSAGE_IDS = ["missing"] as const;
type MessageId = (typeof MESSAGE_IDS)[number];

const WRITES = new Set(["POST", "PUT", "PATCH", "DELETE"]);
const AUTHISH = /user|auth|token|login|admin|permission|principal|api_?key|jwt|scope|credential|verif|require|staff|superuser|role|oauth|bearer|current|guard|protect/i;
const AUTH_ALIAS = /^(?:Current|Authenticated|Auth|Active|Admin|Verified|LoggedIn|Superuser|Staff)[A-Z]\w*$|^\w*(?:User|Principal|Auth|Admin|Token)Dep(?:endency)?$/;
const BODY_CHECK =
  /\b(?:check_authorized|check_permission|authorized_userid|get_current_user|require_\w+|verify_\w*(?:token|jwt|auth|session)\w*|authenticate\w*)\s*\(|HTTPUnauthorized|HTTPForbidden|status_code\s*=\s*(?:40[13]|status\.HTTP_40[13])|abort\(\s*40[13]|is_authenticated/;

interface Route {
  router: string;
  verbs: string[];
  fn: Node;
  decorator: Node;
  path: string;
  authed: boolean;
}

function dependsOnAuth(text: string): boolean {
  for (const m of text.matchAll(/\b(?:Depends|Security)\s*\(([^()]*(?:\([^()]*\))?[^()]*)\)/g)) {
    if (AUTHISH.test(m[1] ?? "")) return true;
  }
  return false;
}

function hasAuth(fn: Node, routeCall: Node): boolean {
  const decorators = decoratorsOf(fn).filter((d) => d.id !== routeCall.id);
  if (decorators.some((d) => AUTH_DECORATOR.test(codeOnly(d)))) return true;
  const dependencies = keywordArg(routeCall, "dependencies");
  if (dependencies && dependsOnAuth(dependencies.text)) return true;
  for (const p of fn.childForFieldName("parameters")?.namedChildren ?? []) {
    if (dependsOnAuth(p.text)) return true;
    const type = p.childForFieldName("type")?.text ?? "";
    if (AUTH_ALIAS.test(type)) return true;
  }
  const body = fn.childForFieldName("body");
  return body ? BODY_CHECK.test(codeOnly(body)) : false;
}

function check(ctx: VerifierContext<MessageId>): void {
  const routes: Route[] = [];
  const imports = importedNames(ctx);
  for (const decorator of limited(ctx, indexOf(ctx).of("decorator"))) {
    const route = routeDecorator(decorator, imports);
    const fn = decorator.parent?.namedChildren.find((n) => n.type === "function_definition");
    if (!route || !fn) continue;
    routes.push({ router: route.receiver, verbs: route.verbs, fn, decorator, path: route.path ?? "", authed: hasAuth(fn, route.call) });
  }
  const guarded = routersGuardedAsAWhole(ctx);
  const byRouter = new Map<string, Route[]>();
  for (const r of routes) byRouter.set(r.router, [...(byRouter.get(r.router) ?? []), r]);
  for (const [router, group] of byRouter) {
    if (guarded.has(router)) continue;
    const example = group.find((r) => r.authed);
    if (!example) continue;
    for (const r of group) {
      const writes = r.verbs.filter((v) => WRITES.has(v));
      const name = r.fn.childForFieldName("name")?.text ?? "";
      if (r.authed || writes.length === 0 || VERIFIES_SIGNATURE.test(codeOnly(r.fn))) continue;
      if (writes.every((v) => isPublicRoute(v, r.path, name))) continue;
      ctx.report({
        messageId: "missing",
        data: {
          route: `${writes.join("/")} ${r.path || name}`,
          fn: name,
          router,
          example: example.fn.childForFieldName("name")?.text ?? "",
          guard: guardOf(example),
        },
        ...lines(r.decorator),
      });
    }
  }
}

/** How the sibling route is protected, in words the message can reuse. */
function guardOf(r: Route): string {
  const decorators = decoratorsOf(r.fn);
  const d = decorators.find((x) => AUTH_DECORATOR.test(x.text) && x.id !== r.decorator.firstNamedChild?.id);
  if (d) return `@${d.text.replace(/\s+/g, " ")}`;
  for (const p of r.fn.childForFieldName("parameters")?.namedChildren ?? []) {
    if (dependsOnAuth(p.text) || AUTH_ALIAS.test(p.childForFieldName("type")?.text ?? "")) return `\`${p.text.replace(/\s+/g, " ")}\``;
  }
  return "its authentication check";
}

/** Routers with auth for every route: `APIRouter(dependencies=[Depends(auth)])`, `include_router(r, dependencies=...)`, `@bp.before_request`. */
function routersGuardedAsAWhole(ctx: VerifierContext<MessageId>): Set<string> {
  const out = new Set<string>();
  if (!/dependencies|before_request/.test(ctx.text)) return out;
  for (const s of settingsOf(ctx, ["dependencies"])) {
    if (s.at.type !== "keyword_argument" || !dependsOnAuth(s.value.text)) continue;
    const call = s.at.parent?.parent;
    if (call?.type !== "call") continue;
    const c = callee(call);
    if (c?.name === "include_router") {
      const first = positionalArgs(call)[0];
      if (first) out.add(unwrap(first).text);
    } else {
      const assigned = call.parent?.type === "assignment" ? call.parent.childForFieldName("left")?.text : undefined;
      if (assigned) out.add(assigned);
    }
  }
  for (const d of indexOf(ctx).of("decorator")) {
    const hook = unwrap(d.namedChildren.find((c) => c.type !== "comment") ?? d);
    const router = hook.type === "attribute" ? hook.childForFieldName("object") : null;
    if (router && /^before_(?:app_)?request$/.test(hook.childForFieldName("attribute")?.text ?? "")) out.add(router.text);
  }
  return out;
}

export const verifier = defineVerifier({
  id: "python/route-missing-auth",
  languages: ["python"],
  messageIds: MESSAGE_IDS,
  // No route verb anywhere in the file, no route (the tree decides the rest).
  gate: /\b(?:post|put|patch|delete|route|api_route)\b/,
  check,
});
