// Python routes as the contracts see them: one vocabulary with python/route-missing-auth, read
// from the index of the verifiers' own parse.
import { beforeAll, describe, expect, it } from "@jest/globals";
import { pythonFacts } from "../../../src/engine/contracts/facts-py.js";
import { pyIndexOf } from "../../../src/analysis/python/index.js";
import { initPython, parsePython } from "../../../src/verifiers/python/parser.js";

beforeAll(async () => {
  await initPython();
});

const routes = (code: string): string[] => pythonFacts("app/routes/a.py", code, true).routes.map((r) => `${r.methods.join(",")} ${r.path ?? r.handler}`);

describe("Python route facts", () => {
  it("reads decorator routes of Flask, FastAPI and aiohttp, with the router's prefix", () => {
    const code = [
      'router = APIRouter(prefix="/users")',
      '@router.patch("/{id}")',
      "def a(id): ...",
      '@router.post("")',
      "def b(): ...",
      '@bp.route("/x", methods=["PUT", "DELETE"])',
      "def c(): ...",
      '@routes.delete("/y")',
      "async def d(request): ...",
      "",
    ].join("\n");
    expect(routes(code)).toEqual(["PATCH /users/{id}", "POST /users/", "PUT,DELETE /x", "DELETE /y"]);
  });

  it("attack: test doubles shaped like routes are not routes", () => {
    const code = [
      "from unittest import mock",
      "from unittest import mock as m",
      "from unittest.mock import patch",
      '@mock.patch("app.routes.a.save")',
      "def test_a(save): ...",
      '@mock.patch.object(Client, "post")',
      "def test_b(post): ...",
      '@patch.object(Client, "delete")',
      "def test_c(delete): ...",
      '@m.patch("/looks/like/a/path")',
      "def test_d(x): ...",
      '@mocker.patch("app.x")',
      "def test_e(x): ...",
      "",
    ].join("\n");
    expect(routes(code)).toEqual([]);
  });

  it("control: a router that happens to be named like a verb still routes, a dotted name is no URL path", () => {
    const code = ['@api.patch("/items/{id}")', "def a(): ...", '@api.patch("app.items.save")', "def b(): ...", ""].join("\n");
    expect(routes(code)).toEqual(["PATCH /items/{id}"]);
  });

  it("reads the facts from the tree it is given, the same as from the text", () => {
    const code = 'import jwt\nfrom .db import get_db\n@app.post("/t")\ndef t(db=Depends(get_db)):\n    return jwt.encode({})\n';
    const tree = parsePython(code);
    const fromTree = pythonFacts("app/routes/a.py", code, true, tree);
    expect(fromTree).toEqual(pythonFacts("app/routes/a.py", code, true));
    expect(fromTree.uses.map((u) => u.canonical ?? u.written)).toEqual(["app.post", "Depends", ".db.get_db", "jwt.encode"]);
    // The index the facts were read from stays on the tree for the verifiers (or was built by them).
    expect(pyIndexOf(tree).of("decorator")).toHaveLength(1);
    tree.delete();
  });
});
