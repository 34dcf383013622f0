// CORS opened to every origin without credentials, and origin patterns looser than meant:
// Starlette/FastAPI `allow_origins=["*"]`, Flask-CORS with no origin list, django-cors-headers
// `CORS_ALLOW_ALL_ORIGINS = True`, a hand-set `Access-Control-Allow-Origin: *`, and origin
// regexes with `.*`, unescaped dots or no end anchor. With credentials, see cors-credentials-wildcard.
import type { Node } from "web-tree-sitter";
import { defineVerifier, type VerifierContext } from "../types.js";
import {
  DEV_OR_TEST_CLASS,
  DEV_OR_TEST_PATH,
  calleeName,
  callsOf,
  elements,
  enclosingClassName,
  indexOf,
  isTruthyLiteral,
  keywordArg,
  lines,
  positionalArgs,
  settingsOf,
  stringValue,
} from "./ast.js";
import { anyOrigin, originHeaders } from "../../analysis/python/cors-headers.js";
import { looseOriginRegex } from "../../knowledge/cors-origins.js";
import { isTestOrFixturePath } from "../../knowledge/test-paths.js";

const MESSAGE_IDS = ["middleware", "flask", "django", "header", "looseRegex"] as const;
type MessageId = (typeof MESSAGE_IDS)[number];

const SITES = ["CORSMiddleware", "CORS", "cross_origin", "add_middleware", "Middleware"];

function credentials(call: Node, name: string): boolean {
  const v = keywordArg(call, name);
  return v !== undefined && isTruthyLiteral(v);
}

function looseRegexes(ctx: VerifierContext<MessageId>, value: Node | undefined, fullMatch: boolean, at: Node): void {
  for (const o of (value && (elements(value) ?? [value])) ?? []) {
    const pattern = stringValue(o);
    if (pattern === undefined || anyOrigin(o)) continue;
    const why = looseOriginRegex(pattern, fullMatch ? "full" : "start");
    if (why) ctx.report({ messageId: "looseRegex", data: { pattern, why }, ...lines(at) });
  }
}

function checkCall(ctx: VerifierContext<MessageId>, call: Node): void {
  const name = calleeName(call) ?? "";
  const last = name.slice(name.lastIndexOf(".") + 1);
  const first = positionalArgs(call)[0];
  if (last === "CORSMiddleware" || (/^(?:add_middleware|Middleware)$/.test(last) && /CORSMiddleware$/.test(first?.text ?? ""))) {
    const regex = keywordArg(call, "allow_origin_regex");
    if (credentials(call, "allow_credentials")) return;
    if (anyOrigin(keywordArg(call, "allow_origins")) || anyOrigin(regex)) ctx.report({ messageId: "middleware", ...lines(call) });
    // Starlette matches allow_origin_regex with re.fullmatch: the end is anchored already.
    else looseRegexes(ctx, regex, true, call);
  } else if ((last === "CORS" || last === "cross_origin") && !credentials(call, "supports_credentials")) {
    const origins = keywordArg(call, "origins");
    if (keywordArg(call, "resources")) return;
    if (!origins || anyOrigin(origins)) ctx.report({ messageId: "flask", data: { call: name }, ...lines(call) });
  }
}

function checkSettings(ctx: VerifierContext<MessageId>): void {
  if (!/CORS_(?:ORIGIN_)?ALLOW_ALL|CORS_ALLOWED_ORIGIN_REGEXES/.test(ctx.text) || DEV_OR_TEST_PATH.test(ctx.path)) return;
  const found = settingsOf(ctx, ["CORS_ALLOW_ALL_ORIGINS", "CORS_ORIGIN_ALLOW_ALL", "CORS_ALLOWED_ORIGIN_REGEXES", "CORS_ALLOW_CREDENTIALS"]).filter((s) => {
    const cls = enclosingClassName(s.at);
    return !(cls && DEV_OR_TEST_CLASS.test(cls));
  });
  const withCredentials = found.some((s) => s.name === "CORS_ALLOW_CREDENTIALS" && isTruthyLiteral(s.value));
  for (const s of found) {
    if (s.name === "CORS_ALLOWED_ORIGIN_REGEXES") {
      // django-cors-headers matches with re.match: only the start is anchored.
      if (!(withCredentials && anyOrigin(s.value))) looseRegexes(ctx, s.value, false, s.at);
    } else if (s.name !== "CORS_ALLOW_CREDENTIALS" && isTruthyLiteral(s.value) && !withCredentials) {
      ctx.report({ messageId: "django", data: { name: s.name }, ...lines(s.at) });
    }
  }
}

function check(ctx: VerifierContext<MessageId>): void {
  if (isTestOrFixturePath(ctx.path)) return;
  checkSettings(ctx);
  if (DEV_OR_TEST_PATH.test(ctx.path)) return;
  for (const call of callsOf(ctx, SITES)) checkCall(ctx, call);
  if (!/access-control-allow-origin/i.test(ctx.text)) return;
  for (const h of originHeaders(indexOf(ctx))) if (h.kind === "any") ctx.report({ messageId: "header", ...lines(h.at) });
}

export const verifier = defineVerifier({
  id: "python/cors-any-origin",
  languages: ["python"],
  messageIds: MESSAGE_IDS,
  gate: /CORS|cross_origin|access-control-allow-origin/i,
  check,
});
