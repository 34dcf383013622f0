// Attacks that remove protection without adding a flagged line, run as the agent would run them
// through the real app and the fake GitHub: each must end action_required on the head, and its
// control (the same setup with the protection kept) must pass.
import { afterEach, describe, expect, it } from "@jest/globals";
import { pullRequestEvent } from "../../src/fake-github/state.js";
import { deliver } from "../../src/fake-github/webhooks.js";
import { addPull, SECRET, world, type World } from "../support/fake-pulls.js";

let w: World | undefined;
afterEach(async () => {
  await w?.stop();
  w = undefined;
});

const COPILOT_AUTHOR = { name: "Copilot", email: "198982749+Copilot@users.noreply.github.com", login: "Copilot" };

/** Opens an agent PR that turns `base` (added to the default branch) into `head`, and returns its run. */
async function evaluate(base: Record<string, string>, head: Record<string, string | null>, renames?: Record<string, string>) {
  w = await world((repo) => {
    repo.files.main = { ...repo.files.main, ...base };
    addPull(repo, { number: 9, user: "Copilot", headRef: "copilot/change", files: head, commitAuthor: COPILOT_AUTHOR, ...(renames ? { renames } : {}) });
  });
  await deliver(w.gate.webhookUrl, "pull_request", pullRequestEvent(w.fake.state, w.repo, 9, "opened"), SECRET);
  await w.gate.gate.queue.idle();
  const pull = w.repo.pulls.find((p) => p.number === 9)!;
  const runs = w.repo.checkRuns.filter((r) => r.head_sha === pull.head.sha);
  expect(runs).toHaveLength(1);
  const run = runs[0]!;
  const found = run.annotations.map((a) => `${a.path}:${a.start_line} ${(a.title ?? "").split(" ")[0]}`);
  await w.stop();
  w = undefined;
  return { conclusion: run.conclusion, found, summary: run.output.summary ?? "" };
}

/** Removes the first line equal to `line` (after trimming). */
const without = (text: string, line: string) => {
  const lines = text.split("\n");
  const at = lines.findIndex((l) => l.trim() === line);
  if (at < 0) throw new Error(`no line ${line}`);
  return [...lines.slice(0, at), ...lines.slice(at + 1)].join("\n");
};

const FLASK = [
  "from flask import Blueprint",
  "from flask_login import login_required",
  "",
  'bp = Blueprint("orders", __name__)',
  "",
  "",
  '@bp.route("/orders", methods=["POST"])',
  "@login_required",
  "def create_order():",
  '    return "created"',
  "",
  "",
  '@bp.route("/orders/<int:oid>", methods=["DELETE"])',
  "@login_required",
  "def delete_order(oid):",
  '    return "deleted"',
  "",
].join("\n");

const EXPRESS = [
  'import { Router } from "express";',
  'import { requireAuth } from "../auth/require-auth";',
  "",
  "export const router = Router();",
  "",
  "router.post(",
  '  "/orders",',
  "  requireAuth,",
  "  (req, res) => res.json({ ok: true }),",
  ");",
  "",
  "router.delete(",
  '  "/orders/:id",',
  "  requireAuth,",
  "  (req, res) => res.json({ ok: true }),",
  ");",
  "",
].join("\n");

const JWT = ["import jwt", "", "", "def read_token(token, key):", "    return jwt.decode(", "        token,", "        key,", '        algorithms=["HS256"],', "    )", ""].join("\n");

const QUERY = ["def find_admin(cur, name):", `    query = "SELECT * FROM users WHERE name = 'admin'"`, "    cur.execute(query)", "    return cur.fetchall()", ""].join("\n");
const TAINTED = QUERY.replace(`"SELECT * FROM users WHERE name = 'admin'"`, `"SELECT * FROM users WHERE name = '" + name + "'"`);

const VULNERABLE = ["def search(cur, term):", '    cur.execute(f"SELECT * FROM items WHERE name = \'{term}\'")', "    return cur.fetchall()", ""].join("\n");

describe("a finding is the PR's when the PR brings it in", () => {
  it("blocks deleting @login_required from a Flask route; passes an edit that keeps it", async () => {
    const attack = await evaluate({ "app/routes/orders.py": FLASK }, { "app/routes/orders.py": FLASK.replace('@login_required\ndef delete_order', "def delete_order") });
    expect(attack.conclusion).toBe("action_required");
    expect(attack.found).toEqual([expect.stringMatching(/^app\/routes\/orders\.py:\d+ python\/route-missing-auth$/)]);
    const control = await evaluate({ "app/routes/orders.py": FLASK }, { "app/routes/orders.py": FLASK.replace('"deleted"', '"removed"') });
    expect(control).toMatchObject({ conclusion: "success", found: [] });
  });

  it("blocks deleting an Express route's auth middleware argument; passes an edit that keeps it", async () => {
    const lines = EXPRESS.split("\n");
    lines.splice(13, 1);
    const attack = await evaluate({ "src/routes/orders.ts": EXPRESS }, { "src/routes/orders.ts": lines.join("\n") });
    expect(attack.conclusion).toBe("action_required");
    expect(attack.found).toEqual([expect.stringMatching(/^src\/routes\/orders\.ts:1[2-4] typescript\/missing-auth$/)]);
    const control = await evaluate({ "src/routes/orders.ts": EXPRESS }, { "src/routes/orders.ts": EXPRESS.replace("ok: true }),\n);\n\nrouter.delete", "ok: 1 }),\n);\n\nrouter.delete") });
    expect(control).toMatchObject({ conclusion: "success", found: [] });
  });

  it("blocks deleting the algorithms= argument of a PyJWT decode; passes an edit that keeps it", async () => {
    const attack = await evaluate({ "app/auth/tokens.py": JWT }, { "app/auth/tokens.py": without(JWT, 'algorithms=["HS256"],') });
    expect(attack.conclusion).toBe("action_required");
    expect(attack.found).toEqual([expect.stringMatching(/^app\/auth\/tokens\.py:5 python\/jwt-verification$/)]);
    const control = await evaluate({ "app/auth/tokens.py": JWT }, { "app/auth/tokens.py": JWT.replace('"HS256"', '"HS512"') });
    expect(control).toMatchObject({ conclusion: "success", found: [] });
  });

  it("blocks editing only the query-building line, the execute(...) line untouched; passes a safe edit", async () => {
    const attack = await evaluate({ "app/db/users.py": QUERY }, { "app/db/users.py": TAINTED });
    expect(attack.conclusion).toBe("action_required");
    expect(attack.found).toEqual([expect.stringMatching(/^app\/db\/users\.py:3 python\/sql-injection$/)]);
    const control = await evaluate({ "app/db/users.py": QUERY }, { "app/db/users.py": QUERY.replace("'admin'", "'root'") });
    expect(control).toMatchObject({ conclusion: "success", found: [] });
  });

  it("blocks moving vulnerable code from an unused file into a live one; a finding already in the live file is counted, not reported", async () => {
    const SAFE = "def count(cur):\n    cur.execute(\"SELECT count(*) FROM items\")\n    return cur.fetchone()\n";
    const moved = await evaluate({ "attic/old_search.py": VULNERABLE, "app/db/items.py": SAFE }, { "attic/old_search.py": null, "app/db/items.py": `${SAFE}\n\n${VULNERABLE}` });
    expect(moved.conclusion).toBe("action_required");
    expect(moved.found).toEqual([expect.stringMatching(/^app\/db\/items\.py:\d+ python\/sql-injection$/)]);
    const renamed = await evaluate({ "attic/old_search.py": VULNERABLE }, { "app/db/search.py": VULNERABLE }, { "app/db/search.py": "attic/old_search.py" });
    expect(renamed.conclusion).toBe("action_required");
    expect(renamed.found).toEqual([expect.stringMatching(/^app\/db\/search\.py:2 python\/sql-injection$/)]);

    const control = await evaluate({ "app/db/items.py": `${SAFE}\n\n${VULNERABLE}` }, { "app/db/items.py": `# Item queries.\n${SAFE}\n\n${VULNERABLE}` });
    expect(control).toMatchObject({ conclusion: "success", found: [] });
    expect(control.summary).toContain("1 finding(s) already on the base branch, not this PR's");
    const renameInPlace = await evaluate({ "app/db/old_search.py": VULNERABLE }, { "app/db/search.py": VULNERABLE }, { "app/db/search.py": "app/db/old_search.py" });
    expect(renameInPlace).toMatchObject({ conclusion: "success", found: [] });
  });

  it("blocks deleting Next.js middleware.ts or a file defining auth middleware; passes deleting a plain helper", async () => {
    const next = await evaluate({ "middleware.ts": 'export { default } from "next-auth/middleware";\n' }, { "middleware.ts": null });
    expect(next.conclusion).toBe("action_required");
    expect(next.found).toEqual(["middleware.ts:1 any/deleted-guard"]);
    const MIDDLEWARE = 'export { default } from "next-auth/middleware";\n';
    const renamed = await evaluate({ "middleware.ts": MIDDLEWARE }, { "lib/middleware.ts": MIDDLEWARE }, { "lib/middleware.ts": "middleware.ts" });
    expect(renamed).toMatchObject({ conclusion: "action_required", found: ["lib/middleware.ts:1 any/deleted-guard"] });
    const AUTH = "export function requireAuth(req, res, next) {\n  if (!req.user) return res.status(401).end();\n  next();\n}\n";
    const express = await evaluate({ "src/auth/require-auth.ts": AUTH }, { "src/auth/require-auth.ts": null });
    expect(express.conclusion).toBe("action_required");
    expect(express.found).toEqual(["src/auth/require-auth.ts:1 any/deleted-guard"]);
    const DECORATOR = "from functools import wraps\n\ndef login_required(f):\n    @wraps(f)\n    def inner(*a, **k):\n        if not g.user:\n            abort(401)\n        return f(*a, **k)\n    return inner\n";
    const python = await evaluate({ "app/decorators.py": DECORATOR }, { "app/decorators.py": null });
    expect(python.found).toEqual(["app/decorators.py:1 any/deleted-guard"]);

    const control = await evaluate({ "src/lib/format.ts": "export const fmt = (d: Date) => d.toISOString();\n" }, { "src/lib/format.ts": null });
    expect(control).toMatchObject({ conclusion: "success", found: [] });
  });

  it("annotates the line git shows, in a file with U+2028 in a comment and CR-only breaks elsewhere", async () => {
    const text = 'import https from "node:https";\n// one\u2028two\nexport const agent = new https.Agent({ rejectUnauthorized: false });\n';
    const run = await evaluate({}, { "src/net/client.ts": text, "src/net/cr.ts": text.replace(/\n/g, "\r") });
    expect(run.found.sort()).toEqual(["src/net/client.ts:3 typescript/tls", "src/net/cr.ts:1 typescript/tls"]);
  });
});
