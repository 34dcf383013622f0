// Session and auth cookies that travel over plain HTTP or can be read by scripts: Django/Flask
// `*_COOKIE_SECURE = False` / `*_COOKIE_HTTPONLY = False`, and `set_cookie(...)` of a
// session-like cookie without `secure=True` and `httponly=True` (blocking); other cookies set
// without `secure`/`httponly`/`samesite`, and session cookies without `samesite` (warnings).
import type { Node } from "web-tree-sitter";
import { defineVerifier, type VerifierContext } from "../types.js";
import {
  DEV_OR_TEST_CLASS,
  DEV_OR_TEST_PATH,
  ancestor,
  callee,
  dotted,
  enclosingClassName,
  keywordArg,
  lines,
  callsOf,
  positionalArgs,
  settingsOf,
  stringValue,
  unwrap,
  indexOf,
} from "./ast.js";
import { importedModules } from "../../analysis/python/imports.js";
import { isHarmlessCookie, isSessionCookie } from "../../knowledge/cookies.js";
import { isTestOrFixturePath } from "../../knowledge/test-paths.js";

const MESSAGE_IDS = ["settingSecure", "settingHttpOnly", "setCookie", "setCookieSameSite", "setCookieFlags"] as const;
type MessageId = (typeof MESSAGE_IDS)[number];

const SETTINGS = [
  "SESSION_COOKIE_SECURE",
  "CSRF_COOKIE_SECURE",
  "SESSION_COOKIE_HTTPONLY",
  "REMEMBER_COOKIE_SECURE",
  "REMEMBER_COOKIE_HTTPONLY",
  "JWT_COOKIE_SECURE",
];
const FLAGS = ["secure", "httponly", "samesite"];
const LITERAL = new Set(["true", "false", "none", "string"]);
/** A framework's own table of defaults (Django's global_settings.py, Flask's default_config) restates them, it does not choose them. */
const DEFAULTS_FILE = /(?:^|\/)(?:global_settings|default_settings|defaults)\.py$/;
const ASSIGNMENT = new Set(["assignment"]);

function inDefaultsTable(at: Node): boolean {
  if (at.type === "assignment") return false;
  const holder = ancestor(at.parent, ASSIGNMENT, 5);
  return /default/i.test(holder?.childForFieldName("left")?.text ?? "");
}

/** Whether a flag is left off: absent, or literally False/None. */
function off(call: Node, name: string): boolean {
  const value = keywordArg(call, name);
  return !value || /^(false|none)$/.test(unwrap(value).type);
}

function hasSplat(call: Node): boolean {
  return call.childForFieldName("arguments")?.namedChildren.some((a) => a.type === "dictionary_splat") ?? false;
}

function check(ctx: VerifierContext<MessageId>): void {
  if (isTestOrFixturePath(ctx.path)) return;
  if (!DEV_OR_TEST_PATH.test(ctx.path) && !DEFAULTS_FILE.test(ctx.path) && /_COOKIE_/.test(ctx.text)) {
    for (const s of settingsOf(ctx, SETTINGS)) {
      const className = enclosingClassName(s.at);
      if ((className && DEV_OR_TEST_CLASS.test(className)) || unwrap(s.value).type !== "false" || inDefaultsTable(s.at)) continue;
      const flag = s.name.endsWith("HTTPONLY") ? "HTTPONLY" : "SECURE";
      ctx.report({ messageId: flag === "SECURE" ? "settingSecure" : "settingHttpOnly", data: { name: s.name }, ...lines(s.at) });
    }
  }
  const samesiteDefault = [...importedModules(indexOf(ctx))].some((m) => /^(?:starlette|fastapi)(?:\.|$)/.test(m));
  for (const call of callsOf(ctx, ["set_cookie"])) checkSetCookie(ctx, call, samesiteDefault);
}

/** Flags written out as literals, or left out: flags taken from settings follow the deployment. */
function literalFlags(call: Node): boolean {
  return FLAGS.every((f) => {
    const v = keywordArg(call, f);
    return !v || LITERAL.has(unwrap(v).type);
  });
}

/** `response.set_cookie(name, value, …)`; Starlette (and FastAPI) default `samesite` to "lax". */
function checkSetCookie(ctx: VerifierContext<MessageId>, call: Node, samesiteDefault: boolean): void {
  const c = callee(call);
  if (c?.name !== "set_cookie" || hasSplat(call)) return;
  const nameNode = keywordArg(call, "key") ?? positionalArgs(call)[0];
  if (!nameNode) return;
  const cookie = stringValue(nameNode) ?? dotted(nameNode) ?? nameNode.text;
  const receiver = c.object ? dotted(c.object) ?? "response" : "";
  const data = { call: receiver ? `${receiver}.set_cookie` : "set_cookie", cookie };
  const session = isSessionCookie(cookie);
  if (!session && isHarmlessCookie(cookie)) return;
  const missing = [off(call, "secure") ? "`secure=True`" : "", off(call, "httponly") ? "`httponly=True`" : ""].filter((m) => m);
  if (session && missing.length > 0) {
    ctx.report({ messageId: "setCookie", data: { ...data, missing: missing.join(" and ") }, ...lines(call) });
    return;
  }
  if (!literalFlags(call)) return;
  if (off(call, "samesite") && !(samesiteDefault && !keywordArg(call, "samesite"))) missing.push('`samesite="Lax"`');
  if (missing.length === 0) return;
  ctx.report({ messageId: session ? "setCookieSameSite" : "setCookieFlags", data: { ...data, missing: missing.join(", ") }, ...lines(call) });
}

export const verifier = defineVerifier({
  id: "python/insecure-cookie",
  languages: ["python"],
  messageIds: MESSAGE_IDS,
  gate: /COOKIE|set_cookie/,
  check,
});
