// PathGlob skips minimatch when a path lacks the literal text every match contains: it must
// answer exactly as minimatch does, for the shipped scope globs and for globs a repository writes.
import { describe, expect, it } from "@jest/globals";
import { minimatch } from "minimatch";
import { loadCatalogue } from "../../src/engine/catalogue.js";
import { PathGlob } from "../../src/engine/path-glob.js";

const SHIPPED = [...new Set(Object.values(loadCatalogue().scopes).flatMap((s) => [...s.include, ...s.exclude]))];
const WRITTEN = [
  "src/db/**", "**/*.sql", "*.ts", "a/**", "**", "**/models/**", "!**/x/**", "**/x?y/**", "**/[abc]/**", "**/+(a|b)/**",
  "docs/**/*.md", "{a,b}/**", "**/*.{js,}", "#x", "x/", "./rel/**", "**/.env*", "**/secrets/*.{json,yml}", "a\\*b",
  "**/node_modules", "lib/*", "**/test_*.py", "**/Dockerfile[._-]*", "app/{api,routes}/**/*.{ts,js}",
];
const PATHS = [
  ".env", "a/.env", ".env.local", ".github/workflows/x.yml", "x/.github/workflows/y.yaml", "Dockerfile", "a/b/Dockerfile.prod",
  "migrations/0001.py", "app/migrations/0002_users.py", "db/migrate/1.rb", "./a.ts", "a/", "a", ".hidden/x.py", "x.d.ts",
  "src/.eslintrc.js", "a b/c.ts", "ü/ä.py", "models", "models/x", "x/models", "app/models/user.ts", "a/x/b", "xay/q", "a*b",
  "lib/x", "b/c", "test_a.py", "tests/test_api.py", "rel/x", "x", "x/y", "secrets/a.json", "node_modules", "a/node_modules",
  "sql", "a/sql", "a.js", "a.", "a/b/c/d.sql", "src/db/pool.ts", "src/auth/login.ts", "src/user.entity.ts", "app/api/users/route.ts",
  "src/routes/users.js", "settings.py", "proj/settings/base.py", "package.json", "infra/main.tf", "scripts/deploy.sh",
  ".github/CODEOWNERS", "src/components/Button.tsx", "Dockerfile-dev", "docs/x/y.md",
];

describe("PathGlob", () => {
  it.each([...SHIPPED, ...WRITTEN])("answers as minimatch does for %s", (glob) => {
    const g = new PathGlob(glob);
    for (const path of PATHS) expect([path, g.match(path)]).toEqual([path, minimatch(path, glob, { dot: true })]);
  });

  it("still matches where the literal sits at the root, with no slash around it", () => {
    expect(new PathGlob("**/models/**").match("models/user.py")).toBe(true);
    expect(new PathGlob("**/migrations/**").match("migrations/0001.py")).toBe(true);
    expect(new PathGlob("**/*.{ts,js}").match("a.js")).toBe(true);
  });
});
