// Origin patterns that allow more than their author meant, for every language: python/cors-any-origin
// and typescript/cors-any-origin read it.

/** How a library applies an origin regex: re.fullmatch (Starlette), re.match (django-cors-headers, Flask-CORS), RegExp.test (cors, @fastify/cors). */
export type Anchoring = "full" | "start" | "none";

/**
 * Why an origin regex matches more than meant, or undefined: `.*`/`.+` (any host part), a dot left
 * unescaped between names (`example.com` also matches `exampleXcom`), no `$` where the library
 * does not anchor the end, no `^` where it does not anchor the start.
 */
export function looseOriginRegex(pattern: string, anchoring: Anchoring): string | undefined {
  if (/\.[*+]/.test(pattern.replace(/\\\./g, ""))) return "`.*` matches any host";
  if (/[a-z0-9-]\.[a-z]/i.test(pattern.replace(/\\\./g, "__"))) return "an unescaped `.` matches any character";
  if (anchoring !== "full" && !pattern.endsWith("$")) return "without `$` it also matches `https://app.example.com.evil.net`";
  if (anchoring === "none" && !pattern.startsWith("^")) return "without `^` it also matches hosts that merely end the same way, such as `https://evil-example.com`";
  return undefined;
}

/** How a condition tests a request's origin before the code trusts it. */
export type OriginTest = "sound" | "loose";

/**
 * A suffix or prefix test of an origin: `endswith(".example.com")` trusts that domain's subdomains
 * (sound); `endswith("example.com")` also trusts `https://evilexample.com`, and any prefix test
 * (`startswith("https://app.example.com")`) also trusts `https://app.example.com.evil.net`.
 */
export function affixTest(method: "suffix" | "prefix", literal: string | undefined): OriginTest {
  return method === "suffix" && literal !== undefined && /^\.[a-z0-9-]+\.[a-z]/i.test(literal) ? "sound" : "loose";
}

/**
 * Validator names that say they decide whether an origin is allowed (`is_allowed_origin(o)`,
 * `isTrustedOrigin(o)`): trusted only for a validator the file cannot show (imported); one written
 * in the file is judged by its body.
 */
export const ORIGIN_VALIDATOR = /allow|valid|trust|permit|whitelist|safelist/i;
