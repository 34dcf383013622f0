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

/** Joined forms too, so `sign-up`, `log_in` and `signUp` read as one word. */
function publicByWords(text: string): boolean {
  const words = wordsOf(text);
  return words.some((w, i) => PUBLIC_WORD.test(w) || (i + 1 < words.length && PUBLIC_WORD.test(`${w}-${words[i + 1]}`)));
}

/** Whether a path or handler name is public by purpose (login, register, password reset, webhook, health…). */
export function isPublicEntry(pathOrName: string): boolean {
  return publicByWords(pathOrName);
}

/**
 * Whether a route is public by purpose: its path or handler name says so, or it is a POST to a
 * users collection (`POST /users`, `/api/v1/accounts`), which is how sign-up is often written.
 * `GET /users` and `DELETE /users/:id` are not.
 */
export function isPublicRoute(method: string, path: string, handler = ""): boolean {
  if (isPublicEntry(path) || (handler !== "" && isPublicEntry(handler))) return true;
  const segments = path.split("/").filter((s) => s !== "");
  const last = segments[segments.length - 1] ?? "";
  return method.toUpperCase() === "POST" && ACCOUNT_COLLECTION.test(last.toLowerCase());
}

/** isPublicEntry with a RegExp's face, for rules that test a name against a vocabulary. */
export const PUBLIC_ENTRY = { test: isPublicEntry };
