// Endpoints that must be reachable before logging in (sign-up, login, token, password reset,
// OAuth and webhook callbacks, health checks), for every language: typescript/missing-auth,
// typescript/csrf, python/route-missing-auth and python/drf-allow-any read it.

/**
 * Words of a path or handler name that make the endpoint public by purpose. Matched as whole
 * words of the name split at `/`, `_`, `-`, `.`, `:` and camelCase, so `/authors` is not `auth`
 * and `/api-tokens/:id` (managing a user's tokens) is not `/token`.
 */
const PUBLIC_WORD =
  /^(?:log-?in|log-?out|sign-?in|sign-?up|sign-?out|signin|signup|signout|regist[a-z]*|auth|authenticat[a-z]*|authori[sz]e|token|refresh|password|forgot|reset|verif[a-z]*|confirm[a-z]*|activat[a-z]*|callbacks?|webhooks?|hooks?|health[a-z]*|status|ping|readyz?|livez?|public|oauth2?|sso|saml|session|csrf|metrics|invite|invitations?|accept|subscribe|unsubscribe|contact|feedback|newsletter|otp|magic|recover[a-z]*)$/;

/** Collections whose POST creates the caller's own account: `POST /users` is sign-up. */
const ACCOUNT_COLLECTION = /^(?:users?|accounts?|members?|customers?)$/;

/** The words of a path or name, lower-case: "/api/v1/passwordReset" → api v1 password reset. */
function wordsOf(text: string): string[] {
  return text
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== "");
}

/** Public only to read: a POST to `/orders/:id/status` or `/metrics/reset` changes state and needs auth. */
const READ_ONLY_WORD = /^(?:health[a-z]*|status|ping|readyz?|livez?|metrics|public)$/;

/** In a handler's name `password` alone is `change_password`, which needs a login; `forgot`/`reset` mark the public one. */
const NOT_IN_HANDLER = /^password$/;

/** Joined forms too, so `sign-up`, `log_in` and `signUp` read as one word. */
function publicByWords(text: string, write = false, handler = false): boolean {
  const words = wordsOf(text);
  const counts = (w: string): boolean => PUBLIC_WORD.test(w) && !(write && READ_ONLY_WORD.test(w)) && !(handler && NOT_IN_HANDLER.test(w));
  return words.some((w, i) => counts(w) || (i + 1 < words.length && counts(`${w}-${words[i + 1]}`)));
}

/** Whether a path or handler name is public by purpose (login, register, password reset, webhook, health…). */
export function isPublicEntry(pathOrName: string): boolean {
  return publicByWords(pathOrName);
}

/** Prefixes whose every route is called by another service or an identity provider, never by a logged-in user. */
const CALLBACK_PREFIX = /^(?:webhooks?|hooks?|callbacks?|oauth2?|sso|saml)$/;

/** `:id`, `{id}`, `<int:id>`, `[id]`: a segment that names one record. */
const PARAMETER = /^(?::|\{|<|\[)/;

/**
 * Whether a route is public by purpose: its path or handler name says so, or it is a POST to a
 * users collection (`POST /users`, `/api/v1/accounts`), which is how sign-up is often written.
 * `GET /users` and `DELETE /users/:id` are not. Only the path before its first parameter counts:
 * `/password/reset` is public, `/users/:id/password` acts on one user and needs auth.
 */
export function isPublicRoute(method: string, path: string, handler = ""): boolean {
  const write = !/^(?:GET|HEAD|OPTIONS)$/i.test(method);
  const segments = path.split("/").filter((s) => s !== "");
  const firstParameter = segments.findIndex((s) => PARAMETER.test(s));
  const fixed = firstParameter < 0 ? segments : segments.slice(0, firstParameter);
  // The purpose is the last fixed segment (`/auth/login`, `/password/reset`): `/auth/promote`
  // under a public-sounding prefix is not public, except under callback and webhook prefixes.
  const purpose = fixed.slice(-1).join("/");
  const prefix = fixed.slice(0, -1).some((s) => CALLBACK_PREFIX.test(s.toLowerCase()));
  // The handler's name speaks only for a route whose path is unknown: the agent names both, and a
  // known path such as `/admin/users` is not made public by a handler called `login_as`.
  const byName = fixed.length === 0 && handler !== "" && publicByWords(handler, write, true);
  if (publicByWords(purpose, write) || prefix || byName) return true;
  const last = segments[segments.length - 1] ?? "";
  return method.toUpperCase() === "POST" && ACCOUNT_COLLECTION.test(last.toLowerCase());
}

/** isPublicEntry with a RegExp's face, for rules that test a name against a vocabulary. */
export const PUBLIC_ENTRY = { test: isPublicEntry };
