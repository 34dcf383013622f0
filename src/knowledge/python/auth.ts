// How Python code says a route needs a logged-in user, and which endpoints are public by
// purpose, in one place: python/route-missing-auth, python/drf-allow-any and any/deleted-guard read it.

/** Decorator names that guard a view: `@login_required`, `@jwt_required()`, `@permission_required(…)`, `@roles_accepted(…)`. */
export const AUTH_DECORATOR =
  /login_required|jwt_required|auth|permission|roles?_(?:required|accepted)|admin_required|token_required|require|protected|verif|authenticated|staff_member|superuser|fresh_login|has_role/i;

/**
 * Names that may be a guard, for judging a deletion: wider than AUTH_DECORATOR on purpose, since
 * a name wrongly taken for a guard here only blocks, while there it would let a route pass.
 */
export const MAYBE_GUARD_NAME = new RegExp(`${AUTH_DECORATOR.source}|protect|staff|guard`, "i");

/** Endpoints public by purpose (sign-up, login, password reset, webhooks, health), shared with TypeScript. */
export { PUBLIC_ENTRY } from "../public-routes.js";

/**
 * Decorators that authenticate a request by something other than the session cookie (an API
 * key, a token, a signature, the caller's IP, basic auth): a CSRF exemption beside one of them is
 * how server-to-server endpoints are written (`@key_and_ip_auth`, `@api_key_required`). The name
 * must say both what authenticates and that it is checked, by whole words: `@monkey_patch` or
 * `@cache_key` says neither.
 */
const CREDENTIAL_WORDS = new Set(["key", "apikey", "token", "signature", "signed", "hmac", "ip", "basic", "webhook"]);
const CHECK_WORDS = new Set(["auth", "authenticated", "required", "require", "verify", "verified", "check", "only", "protected"]);

/** Whether a decorator (`@key_and_ip_auth`, `@api.api_key_required(...)`) authenticates by something other than the cookie. */
export function isNonCookieAuthDecorator(decorator: string): boolean {
  const name = decorator.replace(/^@/, "").split("(")[0]?.split(".").at(-1) ?? "";
  const words = name.toLowerCase().split("_");
  return words.some((w) => CREDENTIAL_WORDS.has(w)) && words.some((w) => CHECK_WORDS.has(w));
}
