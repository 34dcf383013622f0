// A pull request that deletes a file holding a guard: file-convention middleware (Next.js
// `middleware.ts`/`proxy.ts`, SvelteKit `hooks.server.ts`), or code that defines or registers
// authentication: TS/JS auth middleware and NestJS guards, Python auth decorators, Django
// middleware and DRF permission classes, Flask `before_request` checks. Deleting the file removes
// the protection from every route that relied on it, without touching a single route line.
import type { Node } from "web-tree-sitter";
import { ts } from "ts-morph";
import { defineVerifier, type VerifierContext } from "../types.js";
import { lines, walk as walkPy } from "../python/ast.js";
import { parsePython } from "../python/parser.js";
import { MAYBE_GUARD_NAME } from "../../knowledge/python/auth.js";
import { isAuthMiddleware } from "../../knowledge/typescript/auth-guards.js";
import { isFunctionLike } from "../../analysis/typescript/expressions.js";
import { lineOf } from "../../analysis/typescript/positions.js";
import { walk as walkTs } from "../../analysis/typescript/walk.js";
import { parseTypeScript } from "../typescript/parser.js";

/** Files the framework runs before requests because of their name and place alone. */
const CONVENTION = /^(?:src\/)?(?:middleware|proxy|_middleware)\.[cm]?[jt]s$|(?:^|\/)hooks\.server\.[jt]s$|(?:^|\/)server\/middleware\/[^/]+\.[jt]s$/;
const PY = /\.py$/;
const TS = /\.(?:[cm]?[jt]s|[jt]sx)$/;
/** What a guard's body does to a request it refuses. */
const REFUSES =
  /\b40[13]\b|[Uu]nauthori[sz]ed|[Ff]orbidden|jwtVerify|\.verify\w*\(|authenticate|redirect\([^)\n]{0,80}log_?in|PermissionDenied|NotAuthenticated|AuthenticationFailed|login_url|is_authenticated|isAuthenticated/;
const PY_GUARD_BASE = /\b(?:BasePermission|MiddlewareMixin|AuthenticationMiddleware|BaseAuthentication|AccessMixin|LoginRequiredMixin|PermissionRequiredMixin|BaseHTTPMiddleware)\b/;
const PY_GUARD_METHOD = /\bdef\s+(?:has_permission|has_object_permission|process_request|process_view|authenticate|dispatch|__call__)\s*\(/;

interface Guard {
  what: string;
  line: number;
}

function nameOf(node: ts.Node): ts.Identifier | undefined {
  if ((ts.isFunctionDeclaration(node) || ts.isClassDeclaration(node)) && node.name) return node.name;
  if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name)) return node.name;
  return undefined;
}

function tsGuard(path: string, text: string): Guard | undefined {
  const sf = parseTypeScript(path, text).sourceFile;
  let found: Guard | undefined;
  walkTs(sf, (node) => {
    if (found) return;
    const name = nameOf(node);
    if (name) {
      const body = ts.isVariableDeclaration(node) ? node.initializer : node;
      const definesCode = !!body && (ts.isClassDeclaration(body) || ts.isFunctionDeclaration(body) || isFunctionLike(body) || ts.isCallExpression(body));
      const nestGuard = ts.isClassDeclaration(node) && /\bcanActivate\s*\(/.test(node.getText(sf));
      if (nestGuard || (definesCode && isAuthMiddleware(sf, name) && REFUSES.test(body!.getText(sf)))) {
        found = { what: `the guard \`${name.text}\``, line: lineOf(sf, node) };
      }
    } else if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === "use" && node.arguments.some((a) => isAuthMiddleware(sf, a))) {
      found = { what: "the registration of auth middleware", line: lineOf(sf, node) };
    }
  });
  return found;
}

const PY_DEFS = new Set(["function_definition", "class_definition", "decorated_definition"]);

function pyGuardAt(node: Node): Guard | undefined {
  if (node.type === "decorated_definition") {
    const hook = node.namedChildren.find((c) => c.type === "decorator" && /\.before_(?:app_)?request\b/.test(c.text));
    const def = node.childForFieldName("definition");
    if (hook && def && REFUSES.test(def.text)) return { what: "a `before_request` check", line: lines(node).line };
    return undefined;
  }
  const name = node.childForFieldName("name")?.text ?? "";
  const line = lines(node).line;
  if (node.type === "class_definition") {
    const bases = node.childForFieldName("superclasses")?.text ?? "";
    const guardish = PY_GUARD_BASE.test(bases) || (MAYBE_GUARD_NAME.test(name) && PY_GUARD_METHOD.test(node.text));
    return guardish ? { what: `the guard class \`${name}\``, line } : undefined;
  }
  // A decorator or check function: its name says so and it refuses requests.
  return MAYBE_GUARD_NAME.test(name) && REFUSES.test(node.childForFieldName("body")?.text ?? "") ? { what: `the guard \`${name}\``, line } : undefined;
}

function pyGuard(text: string): Guard | undefined {
  const tree = parsePython(text);
  try {
    let found: Guard | undefined;
    walkPy(tree, {
      types: PY_DEFS,
      enter(node) {
        found ??= pyGuardAt(node);
      },
      // Top-level and class-level definitions only: nested helpers are part of their parent.
      descend: (cursor) => cursor.nodeType === "decorated_definition",
    });
    return found;
  } finally {
    tree.delete();
  }
}

function check(ctx: VerifierContext): void {
  // Renaming file-convention middleware away from its place switches it off as surely as deleting it.
  if (ctx.status === "renamed" && ctx.previousPath && CONVENTION.test(ctx.previousPath) && !CONVENTION.test(ctx.path)) {
    ctx.report({ messageId: "moved", data: { path: ctx.previousPath, to: ctx.path }, line: 1, wholeFile: true });
    return;
  }
  if (ctx.status !== "removed") return;
  const report = (what: string) => ctx.report({ messageId: "deleted", data: { path: ctx.path, what }, line: 1, wholeFile: true });
  if (CONVENTION.test(ctx.path)) return report("file-convention middleware that runs before matching requests");
  if (!PY.test(ctx.path) && !TS.test(ctx.path)) return;
  const text = ctx.baseText();
  if (text === undefined) {
    ctx.incomplete("the deleted file could not be read at the base, so whether it held a guard is unknown");
    return;
  }
  const guard = PY.test(ctx.path) ? pyGuard(text) : tsGuard(ctx.path, text);
  if (guard) report(`${guard.what} (line ${guard.line} at the base)`);
}

export const verifier = defineVerifier({
  id: "any/deleted-guard",
  languages: ["path"],
  messageIds: ["moved", "deleted"],
  wantsBase: (path) => PY.test(path) || TS.test(path),
  check,
});
