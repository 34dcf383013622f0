import { fakeRepo, unifiedPatch, type FakeFile, type FakeState } from "./state.js";

/**
 * The demo: org acme, repo acme/shop. PR #1 is bob's (human) pagination change with a
 * parameterised query; PR #2 is Copilot's user search, with SQL built by an f-string and a
 * hard-coded database password. No .github/agent-gate.yml, so the shipped defaults apply.
 */

const BASE_SHA = "3f1c9a7e52b04d8a9c6e1f2b7d3a8c5e9b0f4d21";
const PAGINATION_SHA = "8d4e2b6a1c9f3e7d5b0a2c4e6f8a1b3d5c7e9f02";
const COPILOT_PLAN_SHA = "c2a7f1e9d3b5a8c0e4f6b2d9a1c3e5f7b9d0a6e4";
const COPILOT_HEAD_SHA = "e91b5d3f7a2c4e6b8d0f1a3c5e7b9d2f4a6c8e13";

const COPILOT = { name: "Copilot", email: "198982749+Copilot@users.noreply.github.com", login: "Copilot" };

const base: Record<string, string> = {
  "README.md": "# shop\n\nThe acme shop API (Flask + SQLite).\n",
  "shop/__init__.py": "",
  "shop/db.py": `import sqlite3

from flask import g

DATABASE = "shop.db"


def get_db():
    if "db" not in g:
        g.db = sqlite3.connect(DATABASE)
        g.db.row_factory = sqlite3.Row
    return g.db
`,
  "shop/api/__init__.py": "",
  "shop/api/products.py": `from flask import Blueprint, jsonify

from shop.db import get_db

bp = Blueprint("products", __name__)


@bp.get("/products")
def list_products():
    db = get_db()
    rows = db.execute("SELECT id, name, price FROM products ORDER BY id").fetchall()
    return jsonify([dict(row) for row in rows])
`,
};

const pagination: Record<string, string> = {
  ...base,
  "shop/api/products.py": `from flask import Blueprint, jsonify, request

from shop.db import get_db

bp = Blueprint("products", __name__)

MAX_PAGE_SIZE = 100


@bp.get("/products")
def list_products():
    page = max(request.args.get("page", 1, type=int), 1)
    size = min(max(request.args.get("size", 20, type=int), 1), MAX_PAGE_SIZE)
    db = get_db()
    rows = db.execute(
        "SELECT id, name, price FROM products ORDER BY id LIMIT ? OFFSET ?",
        (size, (page - 1) * size),
    ).fetchall()
    return jsonify([dict(row) for row in rows])
`,
};

const copilot: Record<string, string> = {
  ...base,
  "shop/api/users.py": `import sqlite3

from flask import Blueprint, jsonify, request

from shop.config import DB_PATH

bp = Blueprint("users", __name__)


@bp.get("/users/search")
def search_users():
    name = request.args.get("name", "")
    conn = sqlite3.connect(DB_PATH)
    cursor = conn.cursor()
    query = f"SELECT id, name, email FROM users WHERE name LIKE '%{name}%'"
    cursor.execute(query)
    rows = cursor.fetchall()
    conn.close()
    return jsonify([{"id": r[0], "name": r[1], "email": r[2]} for r in rows])
`,
  "shop/config.py": `import os

DB_PATH = os.environ.get("SHOP_DB_PATH", "shop.db")
DB_USER = "shop_app"
DB_PASSWORD = "kX9vQ2mT7pL4wR8zN3bY"
`,
};

/** The PR's file entries, patches computed from the two trees so they always agree. */
function changes(before: Record<string, string>, after: Record<string, string>, paths: string[]): FakeFile[] {
  return paths.map((filename) => ({
    filename,
    status: before[filename] === undefined ? "added" : "modified",
    patch: unifiedPatch(before[filename], after[filename]),
  }));
}

export function demoState(): FakeState {
  return {
    apps: { id: 1_048_576, slug: "agent-gate", name: "agent-gate" },
    installationId: 61_803_398,
    users: {
      alice: { login: "alice", id: 71_203_994, type: "User" },
      bob: { login: "bob", id: 38_211_077, type: "User" },
      Copilot: { login: "Copilot", id: 198_982_749, type: "Bot" },
    },
    teams: {},
    repos: [fakeRepo({
      owner: "acme",
      name: "shop",
      defaultBranch: "main",
      files: {
        main: { ...base },
        [BASE_SHA]: { ...base },
        "feature/pagination": { ...pagination },
        [PAGINATION_SHA]: { ...pagination },
        "copilot/add-user-search": { ...copilot },
        [COPILOT_PLAN_SHA]: { ...base },
        [COPILOT_HEAD_SHA]: { ...copilot },
      },
      permissions: { alice: "write", bob: "maintain" },
      pulls: [
        {
          number: 1,
          title: "Paginate the product list",
          body: "Adds `page` and `size` query parameters to `GET /products` (size capped at 100).",
          user: "bob",
          head: { ref: "feature/pagination", sha: PAGINATION_SHA },
          base: { ref: "main", sha: BASE_SHA },
          labels: ["enhancement"],
          draft: false,
          commits: [{
            sha: PAGINATION_SHA,
            message: "Paginate GET /products",
            author: { name: "Bob Builder", email: "bob@acme.example", login: "bob", date: "2025-06-02T08:12:40Z" },
            committer: { name: "Bob Builder", email: "bob@acme.example", login: "bob", date: "2025-06-02T08:12:40Z" },
          }],
          files: changes(base, pagination, ["shop/api/products.py"]),
          reviews: [],
        },
        {
          number: 2,
          title: "Add user search endpoint",
          body: "Adds `GET /users/search?name=` returning the users whose name matches.\n\n"
            + "- New blueprint `shop/api/users.py`\n- Database settings in `shop/config.py`\n\n"
            + "Fixes #14.",
          user: "Copilot",
          head: { ref: "copilot/add-user-search", sha: COPILOT_HEAD_SHA },
          base: { ref: "main", sha: BASE_SHA },
          labels: [],
          draft: false,
          commits: [
            {
              sha: COPILOT_PLAN_SHA,
              message: "Initial plan",
              author: { ...COPILOT, date: "2025-06-02T08:30:05Z" },
              committer: { ...COPILOT, date: "2025-06-02T08:30:05Z" },
            },
            {
              sha: COPILOT_HEAD_SHA,
              message: "Add user search endpoint\n\nCo-authored-by: alice <alice@acme.example>",
              author: { ...COPILOT, date: "2025-06-02T08:41:17Z" },
              committer: { ...COPILOT, date: "2025-06-02T08:41:17Z" },
            },
          ],
          files: changes(base, copilot, ["shop/api/users.py", "shop/config.py"]),
          reviews: [],
        },
      ],
    })],
  };
}
