// CSRF protection taken away: `@csrf_exempt` (Django) or `@csrf.exempt` (Flask-WTF) on views
// that do not verify a signature themselves, CsrfViewMiddleware missing from or removed out of
// a full MIDDLEWARE list, and `WTF_CSRF_ENABLED = False` outside test configuration.
import type { Node } from "web-tree-sitter";
import { defineVerifier, type VerifierContext } from "../types.js";
import {
  DEV_OR_TEST_CLASS,
  VERIFIES_SIGNATURE,
  ancestor,
  callee,
  enclosingClassName,
  lines,
  literalStrings,
  callsOf,
  indexOf,
  limited,
  positionalArgs,
  settingsOf,
  stringValue,
  unwrap,
} from "./ast.js";
import { isTestOrFixturePath } from "../../knowledge/test-paths.js";
import { isNonCookieAuthDecorator } from "../../knowledge/python/auth.js";

const MESSAGE_IDS = ["exempt", "exemptKeyAuth", "middleware", "flaskWtf"] as const;
type MessageId = (typeof MESSAGE_IDS)[number];

const DECORATOR = new Set(["decorator"]);

/** Decorators that mention an exemption, and `csrf_exempt(view)` calls outside decorators, in source order. */
function exemptSites(ctx: VerifierContext<MessageId>): readonly Node[] {
  const decorators = indexOf(ctx).of("decorator").filter((d) => d.text.includes("exempt"));
  const calls = indexOf(ctx).callsNamed(["csrf_exempt", "exempt"]).filter((c) => !ancestor(c.parent, DECORATOR, 1));
  return limited(ctx, [...decorators, ...calls].sort((a, b) => a.startIndex - b.startIndex));
}

function exemptedDefinition(site: Node): Node | undefined {
  if (site.type === "decorator") {
    const def = site.parent?.namedChildren.find((c) => c.type === "function_definition" || c.type === "class_definition");
    return def ?? undefined;
  }
  return undefined;
}

function isExemptExpression(node: Node | undefined): boolean {
  const text = node ? unwrap(node).text : "";
  return /^(?:\w+\.)*csrf_exempt$/.test(text) || /^csrf(?:_protect)?\.exempt$/.test(text);
}

function checkExempt(ctx: VerifierContext<MessageId>, site: Node): void {
  if (site.type === "decorator") {
    const expr = site.namedChildren.find((c) => c.type !== "comment");
    const call = expr?.type === "call" ? expr : undefined;
    // @method_decorator(csrf_exempt, name="dispatch")
    const target = call && callee(call)?.name === "method_decorator" ? positionalArgs(call)[0] : expr;
    if (!isExemptExpression(target)) return;
    const def = exemptedDefinition(site);
    if (def && VERIFIES_SIGNATURE.test(def.text)) return;
    const name = def?.childForFieldName("name")?.text ?? "this view";
    const how = `@${expr?.text.replace(/\s+/g, " ") ?? "csrf_exempt"}`;
    // By the decorator's name, not its arguments: `@ratelimit(key="ip")` authenticates nothing.
    const keyAuth = site.parent?.namedChildren.find((d) => d.type === "decorator" && d.id !== site.id && isNonCookieAuthDecorator(d.text));
    if (keyAuth) ctx.report({ messageId: "exemptKeyAuth", data: { view: name, how, auth: keyAuth.text.replace(/\s+/g, " ") }, ...lines(site) });
    else ctx.report({ messageId: "exempt", data: { view: name, how }, ...lines(site) });
    return;
  }
  // csrf_exempt(view) in urls.py.
  const c = callee(site);
  if (!c || !isExemptExpression(site.childForFieldName("function") ?? undefined)) return;
  const view = positionalArgs(site)[0];
  if (!view) return;
  ctx.report({ messageId: "exempt", data: { view: view.text.replace(/\s+/g, " "), how: "csrf_exempt(...)" }, ...lines(site) });
}

function check(ctx: VerifierContext<MessageId>): void {
  if (isTestOrFixturePath(ctx.path)) return;
  for (const site of /exempt/.test(ctx.text) ? exemptSites(ctx) : []) checkExempt(ctx, site);
  for (const s of settingsOf(ctx, ["MIDDLEWARE", "MIDDLEWARE_CLASSES", "WTF_CSRF_ENABLED", "CSRF_ENABLED"])) {
    const cls = enclosingClassName(s.at);
    if (s.name.endsWith("CSRF_ENABLED")) {
      if (unwrap(s.value).type === "false" && !(cls && DEV_OR_TEST_CLASS.test(cls))) {
        ctx.report({ messageId: "flaskWtf", data: { name: s.name }, ...lines(s.at) });
      }
      continue;
    }
    if (s.at.type !== "assignment") continue;
    const entries = literalStrings(s.value);
    const django = entries?.filter((e) => e.value.startsWith("django."));
    if (!entries || !django || django.length < 3 || !entries.some((e) => e.value.endsWith("SessionMiddleware"))) continue;
    if (!entries.some((e) => e.value.endsWith(".CsrfViewMiddleware"))) ctx.report({ messageId: "middleware", data: { setting: s.name }, ...lines(s.at) });
  }
  for (const call of callsOf(ctx, ["remove"])) {
    const c = callee(call);
    if (c?.name === "remove" && /MIDDLEWARE/.test(c.object?.text ?? "") && /CsrfViewMiddleware$/.test(stringValue(positionalArgs(call)[0]) ?? "")) {
      ctx.report({ messageId: "middleware", data: { setting: c.object?.text ?? "MIDDLEWARE" }, ...lines(call) });
    }
  }
}

export const verifier = defineVerifier({
  id: "python/csrf-disabled",
  languages: ["python"],
  messageIds: MESSAGE_IDS,
  gate: /exempt|MIDDLEWARE|WTF_CSRF_ENABLED|CSRF_ENABLED/,
  check,
});
