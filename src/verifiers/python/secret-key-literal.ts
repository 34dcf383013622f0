// Signing keys and database passwords fixed in Python code where the generic credential scan
// stays quiet: a SECRET_KEY that looks like a placeholder ("changeme", "dev") is still the key
// production signs sessions with, an environment read with a literal fallback ships the fallback,
// and `jwt.encode(payload, "secret")` signs with a constant. Lines the generic rule
// (any/hardcoded-credentials) already flags are left to it.
import type { Node } from "web-tree-sitter";
import { defineVerifier, type Report, type VerifierContext } from "../types.js";
import { verifier as generic } from "../any/hardcoded-credentials.js";
import {
  DEV_OR_TEST_CLASS,
  DEV_OR_TEST_PATH,
  callee,
  dotted,
  enclosingClassName,
  envDefault,
  keywordArg,
  lines,
  callsOf,
  positionalArgs,
  settingsOf,
  stringValue,
} from "./ast.js";
import { isTestOrFixturePath } from "../../knowledge/test-paths.js";

const MESSAGE_IDS = ["key", "keyFallback", "url", "urlFallback", "jwtKey"] as const;
type MessageId = (typeof MESSAGE_IDS)[number];

const KEYS = ["SECRET_KEY", "secret_key", "JWT_SECRET_KEY", "JWT_SECRET", "SIGNING_KEY", "WTF_CSRF_SECRET_KEY", "SECURITY_PASSWORD_SALT", "SESSION_SECRET"];
const URLS = ["SQLALCHEMY_DATABASE_URI", "DATABASE_URL", "database_url", "SQLALCHEMY_BINDS", "CELERY_BROKER_URL", "BROKER_URL", "REDIS_URL", "CACHE_REDIS_URL"];
const URL_WITH_PASSWORD = /^[a-z][\w+.-]*:\/\/[^\s:@/]*:([^\s@/]+)@/i;
const ENGINE = /(?:^|\.)(?:create_engine|create_async_engine|create_pool|connect)$/;

/** Whether the generic credential rule reports this line already. */
function genericFlags(path: string, line: string): boolean {
  let flagged = false;
  generic.check({
    path,
    language: "python",
    text: line,
    status: "added",
    baseText: () => undefined,
    python: () => {
      throw new Error("not needed");
    },
    typescript: () => {
      throw new Error("not needed");
    },
    report: () => {
      flagged = true;
    },
    incomplete: () => undefined,
  });
  return flagged;
}

function check(ctx: VerifierContext<MessageId>): void {
  if (isTestOrFixturePath(ctx.path) || DEV_OR_TEST_PATH.test(ctx.path)) return;
  if (!/secret|SECRET|SIGNING_KEY|SALT|:\/\/[^\s'"]*:[^\s'"]*@|encode/.test(ctx.text)) return;
  const textLines = ctx.text.split("\n");
  const reported = new Set<number>();
  const report = (r: Report<MessageId>): void => {
    const line = textLines[r.line - 1] ?? "";
    if (reported.has(r.line) || genericFlags(ctx.path, line)) return;
    reported.add(r.line);
    ctx.report(r);
  };

  for (const s of settingsOf(ctx, [...KEYS, ...URLS])) {
    const cls = enclosingClassName(s.at);
    if (cls && DEV_OR_TEST_CLASS.test(cls)) continue;
    const literal = stringValue(s.value);
    const fallback = literal === undefined ? stringValue(envDefault(s.value)) : undefined;
    const value = literal ?? fallback;
    if (!value) continue;
    const name = s.name;
    if (URLS.includes(name)) {
      if (URL_WITH_PASSWORD.test(value)) report({ messageId: fallback ? "urlFallback" : "url", data: { name }, ...lines(s.at) });
    } else {
      report({ messageId: fallback ? "keyFallback" : "key", data: { name: targetOf(s.at) ?? name }, ...lines(s.at) });
    }
  }

  if (/:\/\//.test(ctx.text)) {
    for (const call of callsOf(ctx, ["create_engine", "create_async_engine", "create_pool", "connect"])) {
      const name = dotted(call.childForFieldName("function")) ?? "";
      const url = positionalArgs(call)[0];
      if (!ENGINE.test(name) || !url) continue;
      const value = stringValue(url) ?? stringValue(envDefault(url));
      if (value && URL_WITH_PASSWORD.test(value)) report({ messageId: "url", data: { name: `${name}(...)` }, ...lines(call) });
    }
  }

  if (/jwt|jose/.test(ctx.text)) {
    for (const call of callsOf(ctx, ["encode"])) {
      const c = callee(call);
      if (c?.name !== "encode" || !/^(?:jwt|jose\.jwt|jws)$/.test(c.object?.text ?? "")) continue;
      const key = keywordArg(call, "key") ?? positionalArgs(call)[1];
      if (stringValue(key)) report({ messageId: "jwtKey", data: { call: `${c.object?.text}.encode` }, ...lines(call) });
    }
  }
}

/** `app.config["SECRET_KEY"]` or `app.secret_key` as written, for the message. */
function targetOf(at: Node): string | undefined {
  if (at.type !== "assignment") return undefined;
  return at.childForFieldName("left")?.text.replace(/\s+/g, "");
}

export const verifier = defineVerifier({
  id: "python/secret-key-literal",
  languages: ["python"],
  messageIds: MESSAGE_IDS,
  check,
});
