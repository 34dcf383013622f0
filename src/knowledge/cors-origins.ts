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
