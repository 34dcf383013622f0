import { ruleTester } from "../../support/rule-tester.js";

const removed = (path: string, base: string) => ({ path, status: "removed", code: "", base });

ruleTester("any/deleted-guard", {
  invalid: [
    {
      name: "Next.js middleware.ts at the root, whatever it held",
      ...removed("middleware.ts", 'export { default } from "next-auth/middleware";\nexport const config = { matcher: ["/dashboard/:path*"] };\n'),
      errors: [{ messageId: "deleted", line: 1 }],
      messageIncludes: ["deletes middleware.ts", "file-convention middleware"],
    },
    { name: "Next.js src/middleware.js", ...removed("src/middleware.js", "export function middleware(req) { return NextResponse.next(); }\n"), errors: [{ messageId: "deleted", line: 1 }] },
    { name: "SvelteKit hooks.server.ts", ...removed("src/hooks.server.ts", "export const handle = async ({ event, resolve }) => resolve(event);\n"), errors: [{ messageId: "deleted", line: 1 }] },
    {
      name: "an Express auth middleware file",
      ...removed(
        "src/lib/require-auth.ts",
        [
          'import type { Request, Response, NextFunction } from "express";',
          "export function requireAuth(req: Request, res: Response, next: NextFunction) {",
          "  if (!req.user) return res.status(401).json({ error: 'unauthorized' });",
          "  next();",
          "}",
        ].join("\n"),
      ),
      errors: [{ messageId: "deleted", line: 1 }],
      messageIncludes: ["the guard `requireAuth` (line 2 at the base)"],
    },
    {
      name: "an arrow-function JWT middleware",
      ...removed("src/http/jwt.js", "const jwt = require('jsonwebtoken');\nexports.checkJwt = null;\nconst verifyJwt = (req, res, next) => { jwt.verify(req.headers.authorization, KEY); next(); };\nmodule.exports = { verifyJwt };\n"),
      errors: [{ messageId: "deleted", line: 1 }],
      messageIncludes: ["`verifyJwt`"],
    },
    {
      name: "a NestJS guard",
      ...removed(
        "src/common/roles.guard.ts",
        "@Injectable()\nexport class RolesGuard implements CanActivate {\n  canActivate(context: ExecutionContext): boolean {\n    return context.switchToHttp().getRequest().user?.roles.includes('admin');\n  }\n}\n",
      ),
      errors: [{ messageId: "deleted", line: 1 }],
      messageIncludes: ["`RolesGuard`"],
    },
    {
      name: "an app file that registers auth middleware",
      ...removed("src/server.ts", 'import express from "express";\nconst app = express();\napp.use(requireAuth);\napp.listen(3000);\n'),
      errors: [{ messageId: "deleted", line: 1 }],
      messageIncludes: ["registration of auth middleware"],
    },
    {
      name: "a Flask login_required decorator",
      ...removed(
        "app/decorators.py",
        [
          "from functools import wraps",
          "from flask import abort, g",
          "",
          "def login_required(view):",
          "    @wraps(view)",
          "    def wrapped(*args, **kwargs):",
          "        if g.user is None:",
          "            abort(401)",
          "        return view(*args, **kwargs)",
          "    return wrapped",
        ].join("\n"),
      ),
      errors: [{ messageId: "deleted", line: 1 }],
      messageIncludes: ["the guard `login_required` (line 4 at the base)"],
    },
    {
      name: "a Django middleware class",
      ...removed(
        "accounts/middleware.py",
        [
          "from django.shortcuts import redirect",
          "",
          "class LoginRequiredMiddleware:",
          "    def __init__(self, get_response):",
          "        self.get_response = get_response",
          "",
          "    def __call__(self, request):",
          "        if not request.user.is_authenticated:",
          '            return redirect("/login")',
          "        return self.get_response(request)",
        ].join("\n"),
      ),
      errors: [{ messageId: "deleted", line: 1 }],
      messageIncludes: ["`LoginRequiredMiddleware`"],
    },
    {
      name: "a DRF permission class",
      ...removed("api/permissions.py", "from rest_framework.permissions import BasePermission\n\nclass IsOwner(BasePermission):\n    def has_object_permission(self, request, view, obj):\n        return obj.owner == request.user\n"),
      errors: [{ messageId: "deleted", line: 1 }],
    },
    {
      name: "a Flask before_request check",
      ...removed("app/hooks.py", "@bp.before_request\ndef load_user():\n    if not session.get('uid'):\n        return redirect(url_for('auth.login'))\n"),
      errors: [{ messageId: "deleted", line: 1 }],
      messageIncludes: ["before_request"],
    },
    {
      name: "Next.js middleware.ts renamed out of its place",
      path: "src/legacy/middleware.ts",
      status: "renamed",
      previousPath: "middleware.ts",
      code: "export function middleware() {}\n",
      base: "export function middleware() {}\n",
      errors: [{ messageId: "moved", line: 1 }],
      messageIncludes: ["renames middleware.ts to src/legacy/middleware.ts"],
    },
  ],
  valid: [
    { name: "middleware.ts moved into src/, where Next.js also runs it", path: "src/middleware.ts", status: "renamed", previousPath: "middleware.ts", code: "export function middleware() {}\n", base: "export function middleware() {}\n" },
    { name: "a deleted helper with no guard", ...removed("src/lib/format.ts", "export function formatDate(d: Date) {\n  return d.toISOString();\n}\n") },
    { name: "a deleted tokenizer (auth-sounding name, refuses nothing)", ...removed("src/lib/tokens.ts", 'export function tokenize(s: string) {\n  return s.split(" ");\n}\n') },
    { name: "a deleted Python check that raises on bad data, not on a bad user", ...removed("app/checks.py", "def verify_checksum(data):\n    if not data:\n        raise ValueError('empty')\n") },
    { name: "a deleted re-export", ...removed("src/auth/index.ts", 'export { requireAuth } from "./require-auth";\n') },
    { name: "middleware.ts changed, not deleted", path: "middleware.ts", code: "export function middleware() {}\n", base: "export function middleware() { return 1; }\n" },
    { name: "a deleted README", ...removed("docs/auth.md", "# How login works\nrequireAuth returns 401.\n") },
  ],
});
