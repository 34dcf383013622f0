// Authentication and authorisation guards, by their names, and paths that are public by design.
import { ts } from "ts-morph";
import { calleeName, isFunctionLike, lastName, unwrap } from "../../analysis/typescript/expressions.js";

/**
 * Middleware or a guard that authenticates or authorises, by its name: `requireAuth`,
 * `passport.authenticate("jwt")`, `fastify.authenticate`, `jwt({ secret })`, `bearerAuth(…)`,
 * `checkRole("admin")`, `isLoggedIn`. Routers mounted with an auth-ish name are not middleware.
 */
const AUTH_WORDS =
  /auth|jwt|login|logged|protect|guard|verif(?:y|ied)|admin|role|permission|perms?\b|acl|rbac|bearer|apikey|api_key|session|owner|signed|token|can[A-Z]|isUser|requireUser|ensureUser|currentUser|clerk|keycloak/i;
const NOT_MIDDLEWARE = /(?:Router|Routes|Controller|Module|Service|router|routes|controller)$/;
/** `optionalAuth`, `maybeAuthenticate`: they let anonymous requests through, so they protect nothing. */
const OPTIONAL = /optional|maybe|soft/i;

export function isAuthMiddleware(sf: ts.SourceFile, e: ts.Expression): boolean {
  const x = unwrap(e);
  if (ts.isArrayLiteralExpression(x)) return x.elements.some((el) => isAuthMiddleware(sf, el));
  // An inline hook that verifies: `async (request) => { await request.jwtVerify(); }`.
  if (isFunctionLike(x)) return /jwtVerify|authenticate|\.verify\w*\(|[Uu]nauthori[sz]ed|\b401\b/.test(sf.text.slice(x.body.pos, x.body.end));
  if (ts.isCallExpression(x)) {
    const name = calleeName(x) ?? "";
    // `fastify.auth([fastify.verifyJWT])`, `requireRole("admin")`, `passport.authenticate("jwt")`.
    if (/csrf|xsrf|rateLimit|limiter|validate|cors|helmet/i.test(name) || OPTIONAL.test(name)) return false;
    return AUTH_WORDS.test(name) || x.arguments.some((a) => !ts.isStringLiteralLike(a) && isAuthMiddleware(sf, a));
  }
  if (ts.isIdentifier(x) || ts.isPropertyAccessExpression(x)) {
    const name = lastName(x) ?? "";
    if (NOT_MIDDLEWARE.test(name) || /csrf|xsrf/i.test(name) || OPTIONAL.test(name)) return false;
    return AUTH_WORDS.test(name);
  }
  return false;
}

/** Paths that are public by design (signing in, signing up, webhooks, health), shared with Python. */
export { PUBLIC_ENTRY as PUBLIC_PATH } from "../public-routes.js";

/** NestJS decorators that put a guard on a controller or handler. */
export const NEST_GUARDS = /^(?:UseGuards|Auth|Authenticated|RequireAuth|Authorize|Authorized|Roles|Role|Protected|JwtAuth|UseAuth|Permissions|RequirePermissions|RequireRoles|Scopes|AuthGuard|Admin|AdminOnly)$/;
/** NestJS decorators that take a handler out of its controller's or the global guard. */
export const NEST_BYPASS = /^(?:Public|SkipAuth|AllowAnonymous|Anonymous|NoAuth|IsPublic|Unprotected|PublicRoute|SkipJwt|SkipGuard|SkipGuards|AllowUnauthenticated|Unauthenticated|OptionalAuth)$/;
/** `SetMetadata` keys that mark a handler public. */
export const PUBLIC_METADATA = /public|skip_?auth|anonymous|no_?auth/i;
