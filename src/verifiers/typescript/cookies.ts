// Session and auth cookies without their protective attributes: `secure: false`,
// `httpOnly: false`, `sameSite: "none"` without `secure`, and token cookies set with no
// `httpOnly` or `secure` where the framework does not default to them (Express, Fastify, Hono).
// Warnings: other cookies without `secure`/`sameSite`, express-session without `cookie.secure`.
import { ts } from "ts-morph";
import { defineVerifier } from "../types.js";
import { allOf, wordGate } from "../../engine/rule-gate.js";
import { devOnly } from "../../analysis/typescript/dev-only.js";
import { calleeName, chainRoot, lastName, receiverOf, unwrap } from "../../analysis/typescript/expressions.js";
import { indexOf, type FileIndex } from "../../analysis/typescript/file-index.js";
import { inLineOrder } from "../../analysis/typescript/line-order.js";
import { hasSpread, isFalse, isTrue, objectLiteral, propertyValue, stringValue } from "../../analysis/typescript/literals.js";
import { lineOf, snippet } from "../../analysis/typescript/positions.js";
import { CSRF_COOKIE, isHarmlessCookie, isSessionCookie } from "../../knowledge/cookies.js";

const SESSION_CALL_NAMES = ["session", "expressSession", "cookieSession", "koaSession", "secureSession", "fastifySession", "fastifySecureSession", "ironSession", "sessionMiddleware"];
const SESSION_CALLS = new RegExp(`^(?:${SESSION_CALL_NAMES.join("|")})$`);
/** Options a session call is judged by; express-session is judged without them too. */
const SESSION_FLAGS = ["secure", "httpOnly", "sameSite"];

/**
 * What each report needs in the text: `cookie` in a setter's name (`res.cookie`, `setCookie`,
 * `ctx.cookies.set`) or in fastify's `cookie:` option; or a SESSION_CALLS call with one of
 * SESSION_FLAGS or express-session. `session` alone is everywhere in WebXR code.
 */
const GATE = new RegExp(`cookie|Cookie|${allOf(wordGate(SESSION_CALL_NAMES), wordGate([...SESSION_FLAGS, "express-session"])).source}`);

interface Target {
  options: ts.ObjectLiteralExpression | undefined;
  /** How the cookie is named in messages. */
  cookie: string;
  where: string;
  at: ts.Node;
  /** Whether the framework leaves httpOnly off unless asked (Express, Fastify, Hono). */
  httpOnlyDefaultOff: boolean;
  /** A session cookie or a cookie holding a token: secure/httpOnly matter. */
  sensitive: boolean;
  framework: string;
  /** express-session: its cookie is not `secure` unless told. */
  expressSession?: boolean;
  /** A cookie that holds nothing to protect (a preference, a CSRF token). */
  harmless?: boolean;
}

export const verifier = defineVerifier({
  id: "typescript/cookies",
  languages: ["typescript", "javascript"],
  messageIds: ["insecure", "httpOnly", "noHttpOnly", "sameSiteNone", "noSecure", "cookieFlags", "sessionDefaults"],
  gate: GATE,
  check: inLineOrder((ctx) => {
    const sf = ctx.typescript();
    const index = indexOf(sf);
    const targets: Target[] = [];
    let reported = 0;

    for (const call of index.of(ts.SyntaxKind.CallExpression)) {
      const name = calleeName(call) ?? "";
      const receiver = receiverOf(call);
      const where = `in \`${snippet(sf, call.expression, 40)}(…)\``;
      if (!receiver && SESSION_CALLS.test(name)) {
        const opts = objectLiteral(index, call.arguments[0]);
        const cookie = opts && objectLiteral(index, propertyValue(opts, "cookie"));
        const expressSession = index.imports.get(name) === "express-session" && !!opts && (!propertyValue(opts, "cookie") || !!cookie);
        targets.push({ options: cookie ?? opts, cookie: "session", where, at: call, httpOnlyDefaultOff: false, sensitive: true, framework: "", expressSession });
      } else if (name === "register" && receiver && /session|cookie/i.test(lastName(call.arguments[0] ?? receiver) ?? "")) {
        // fastify.register(fastifySession, { cookie: { secure: false } })
        const opts = objectLiteral(index, call.arguments[1]);
        const cookie = opts && objectLiteral(index, propertyValue(opts, "cookie") ?? propertyValue(opts, "cookieOptions"));
        if (cookie) targets.push({ options: cookie, cookie: "session", where, at: call, httpOnlyDefaultOff: false, sensitive: true, framework: "" });
      } else {
        const setter = cookieSetter(index, call, name, receiver);
        if (setter) targets.push({ ...setter, where, at: call });
      }
    }

    for (const t of targets) {
      if (devOnly(sf, t.at)) continue;
      const o = t.options;
      const secure = o && propertyValue(o, "secure");
      const httpOnly = o && propertyValue(o, "httpOnly");
      const sameSite = o && propertyValue(o, "sameSite");
      const data = { cookie: t.cookie, where: t.where, call: snippet(sf, t.at, 60), framework: t.framework };
      const at = (node: ts.Node | undefined) => lineOf(sf, node ?? t.at);
      const before = reported;
      const report = (r: Parameters<typeof ctx.report>[0]) => {
        reported++;
        ctx.report(r);
      };
      if (t.sensitive && secure && isFalse(secure)) report({ messageId: "insecure", line: at(secure.parent), data });
      if (t.sensitive && httpOnly && isFalse(httpOnly)) report({ messageId: "httpOnly", line: at(httpOnly.parent), data });
      else if (t.sensitive && t.httpOnlyDefaultOff && !httpOnly && (!o || !hasSpread(o))) report({ messageId: "noHttpOnly", line: at(t.at), data });
      const none = sameSite && (stringValue(sameSite)?.toLowerCase() === "none" || isFalse(sameSite));
      if (sameSite && none && !(secure && isTrue(secure)) && stringValue(sameSite) !== undefined) {
        report({ messageId: "sameSiteNone", line: at(sameSite.parent), data });
      }
      if (reported === before && !(o && hasSpread(o))) missingFlags(ctx.report.bind(ctx), t, { secure, sameSite }, data);
    }
  }),
});

type ReportFn = Parameters<typeof verifier.check>[0]["report"];

/**
 * What a cookie leaves out, where nothing worse was reported on it: a token cookie without
 * `secure` (blocking), another cookie without `secure` or `sameSite`, and express-session
 * without `cookie.secure` (warnings). Koa sets `secure` itself on HTTPS requests.
 */
function missingFlags(report: ReportFn, t: Target, flags: { secure?: ts.Expression | undefined; sameSite?: ts.Expression | undefined }, data: Record<string, string>): void {
  const line = lineOf(t.at.getSourceFile(), t.at);
  if (t.expressSession) {
    if (!flags.secure) report({ messageId: "sessionDefaults", line, data });
    return;
  }
  if (!t.httpOnlyDefaultOff || t.harmless) return;
  if (t.sensitive && !flags.secure) report({ messageId: "noSecure", line, data });
  else if (!t.sensitive && (!flags.secure || !flags.sameSite)) {
    const missing = [flags.secure ? "" : "`secure: true`", flags.sameSite ? "" : "`sameSite: \"lax\"`"].filter((m) => m);
    report({ messageId: "cookieFlags", line, data: { ...data, missing: missing.join(" and ") } });
  }
}

/**
 * `res.cookie(name, value, opts)` (Express, NestJS), `reply.setCookie(…)` (Fastify),
 * `ctx.cookies.set(…)` (Koa, httpOnly by default), Hono `setCookie(c, name, value, opts)`.
 */
function cookieSetter(index: FileIndex, call: ts.CallExpression, name: string, receiver: ts.Expression | undefined): Omit<Target, "where" | "at"> | undefined {
  let args: ts.Expression[];
  let httpOnlyDefaultOff = true;
  let framework: string;
  if (receiver && name === "cookie" && /^(?:res|response|resp|reply)$/.test(chainRoot(receiver) ?? "")) {
    args = [...call.arguments];
    framework = "Express";
  } else if (receiver && name === "setCookie") {
    args = [...call.arguments];
    framework = "Fastify";
  } else if (receiver && name === "set" && lastName(receiver) === "cookies") {
    args = [...call.arguments];
    httpOnlyDefaultOff = false;
    framework = "Koa";
  } else if (!receiver && (name === "setCookie" || name === "setSignedCookie") && /hono/.test(index.imports.get(name) ?? "")) {
    args = call.arguments.slice(1);
    if (name === "setSignedCookie") args.splice(2, 1);
    framework = "Hono";
  } else return undefined;
  const [cookieName, value, opts] = args;
  if (!cookieName) return undefined;
  const label = stringValue(cookieName) ?? cookieName.getText(index.sf);
  const valueName = value ? lastName(unwrap(value)) ?? "" : "";
  // A CSRF cookie (Angular's XSRF-TOKEN) must be readable by scripts, whatever it holds.
  const sensitive = !CSRF_COOKIE.test(label) && (isSessionCookie(label) || /token|jwt|session|sid/i.test(valueName));
  const options = opts ? objectLiteral(index, opts) : undefined;
  // Options the file does not show (a shared constant, a helper) cannot be judged.
  if (opts && !options) return undefined;
  return { options, cookie: `\`${label}\``, httpOnlyDefaultOff, sensitive, framework, harmless: !sensitive && isHarmlessCookie(label) };
}
