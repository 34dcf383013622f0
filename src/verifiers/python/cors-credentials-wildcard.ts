// CORS that lets any origin make credentialed requests: Starlette/FastAPI CORSMiddleware with
// "*" (or a match-all regex) and allow_credentials=True, Flask-CORS with supports_credentials and
// no origin list, django-cors-headers allowing all origins with credentials, aiohttp_cors "*"
// defaults with allow_credentials; and handlers or middlewares that copy the request's Origin
// header into Access-Control-Allow-Origin without checking it against a list first.
import type { Node } from "web-tree-sitter";
import { defineVerifier, type VerifierContext } from "../types.js";
import {
  DEV_OR_TEST_CLASS,
  DEV_OR_TEST_PATH,
  calleeName,
  enclosingClassName,
  indexOf,
  isTruthyLiteral,
  keywordArg,
  lines,
  callsOf,
  positionalArgs,
  settingsOf,
  stringValue,
  unwrap,
} from "./ast.js";
import { isTestOrFixturePath } from "../../knowledge/test-paths.js";
import { anyOrigin, originHeaders } from "../../analysis/python/cors-headers.js";

const MESSAGE_IDS = ["starlette", "flask", "django", "aiohttp", "reflect"] as const;
type MessageId = (typeof MESSAGE_IDS)[number];

/** The calls that configure CORS, and those that add CORSMiddleware to an app. */
const SITES = ["CORSMiddleware", "CORS", "cross_origin", "ResourceOptions", "add_middleware", "Middleware"];

function credentials(call: Node, name: string): boolean {
  const v = keywordArg(call, name);
  return v !== undefined && isTruthyLiteral(v);
}

/** Flask-CORS: `origins=` on the call, or in every entry of `resources=`; absent means "*". */
function flaskOrigins(call: Node): boolean {
  const origins = keywordArg(call, "origins");
  if (origins) return anyOrigin(origins);
  const resources = keywordArg(call, "resources");
  const dict = resources && unwrap(resources);
  if (!dict) return true;
  if (dict.type !== "dictionary") return false;
  return dict.namedChildren.some((pair) => {
    const options = pair.childForFieldName("value");
    if (options?.type !== "dictionary") return false;
    const o = options.namedChildren.find((p) => stringValue(p.childForFieldName("key")) === "origins");
    return !o || anyOrigin(o.childForFieldName("value") ?? undefined);
  });
}

function checkCall(ctx: VerifierContext<MessageId>, call: Node): void {
  const name = calleeName(call) ?? "";
  const last = name.slice(name.lastIndexOf(".") + 1);
  const first = positionalArgs(call)[0];
  const middleware = last === "CORSMiddleware" || (/^(?:add_middleware|Middleware)$/.test(last) && /CORSMiddleware$/.test(first?.text ?? ""));
  if (middleware) {
    const origins = keywordArg(call, "allow_origins");
    const regex = keywordArg(call, "allow_origin_regex");
    if ((anyOrigin(origins) || anyOrigin(regex)) && credentials(call, "allow_credentials")) {
      ctx.report({ messageId: "starlette", ...lines(call) });
    }
  } else if ((last === "CORS" || last === "cross_origin") && credentials(call, "supports_credentials") && flaskOrigins(call)) {
    ctx.report({ messageId: "flask", data: { call: name }, ...lines(call) });
  } else if (last === "ResourceOptions" && credentials(call, "allow_credentials")) {
    const pair = call.parent;
    if (pair?.type === "pair" && stringValue(pair.childForFieldName("key")) === "*") ctx.report({ messageId: "aiohttp", ...lines(pair) });
  }
}

function check(ctx: VerifierContext<MessageId>): void {
  if (isTestOrFixturePath(ctx.path) || DEV_OR_TEST_PATH.test(ctx.path)) return;
  if (/access-control-allow-origin/i.test(ctx.text)) {
    for (const h of originHeaders(indexOf(ctx))) if (h.kind === "reflected") ctx.report({ messageId: "reflect", data: { value: h.value.text }, ...lines(h.at) });
  }
  if (!/CORS|cross_origin|ResourceOptions/.test(ctx.text)) return;
  for (const call of callsOf(ctx, SITES)) checkCall(ctx, call);
  if (!/CORS_(?:ORIGIN_)?ALLOW_ALL|CORS_ALLOWED_ORIGIN_REGEXES/.test(ctx.text)) return;
  const found = settingsOf(ctx, ["CORS_ALLOW_ALL_ORIGINS", "CORS_ORIGIN_ALLOW_ALL", "CORS_ALLOWED_ORIGIN_REGEXES", "CORS_ALLOW_CREDENTIALS"]);
  const live = found.filter((s) => {
    const cls = enclosingClassName(s.at);
    return !(cls && DEV_OR_TEST_CLASS.test(cls));
  });
  if (!live.some((s) => s.name === "CORS_ALLOW_CREDENTIALS" && isTruthyLiteral(s.value))) return;
  for (const s of live) {
    const all = s.name === "CORS_ALLOWED_ORIGIN_REGEXES" ? anyOrigin(s.value) : s.name !== "CORS_ALLOW_CREDENTIALS" && isTruthyLiteral(s.value);
    if (all) ctx.report({ messageId: "django", data: { name: s.name }, ...lines(s.at) });
  }
}

export const verifier = defineVerifier({
  id: "python/cors-credentials-wildcard",
  languages: ["python"],
  messageIds: MESSAGE_IDS,
  // The union of the check's own triggers.
  gate: /access-control-allow-origin|cors|cross_origin|ResourceOptions/i,
  check,
});
