// The Python value flow on its own: what a value passed to `sink(…)` is known to be.
import { beforeAll, describe, expect, it } from "@jest/globals";
import { type Str, flowValues } from "../../../src/analysis/python/value-flow.js";
import { positionalArgs } from "../../../src/analysis/python/syntax.js";
import { initPython, parsePython } from "../../../src/verifiers/python/parser.js";
import { slotAt } from "../../../src/knowledge/sql-text.js";

beforeAll(async () => {
  await initPython();
});

/** What the flow knows about the first argument of each `sink(…)` call: "const", "unknown", or its parts. */
function sinks(code: string): string[] {
  const out: string[] = [];
  const tree = parsePython(code);
  flowValues(tree, {
    onCall(call, c, state) {
      const arg = positionalArgs(call)[0];
      if (c.name !== "sink" || !arg) return;
      const s: Str | undefined = state.valueOf(arg);
      if (!s) out.push(state.isRequest(arg) ? "unknown (request)" : "unknown");
      else if (s.parts.length === 0) out.push("const");
      else out.push(s.parts.map((p) => `${p.how}:${p.value}${p.request ? " (request)" : ""}`).join(", "));
    },
  });
  tree.delete();
  return out;
}

/** Each part of each `sink(…)` argument as "value origin slot": slot from the part's offset, "?" when unplaced. */
function placed(code: string): string[][] {
  const out: string[][] = [];
  const tree = parsePython(code);
  flowValues(tree, {
    onCall(call, c, state) {
      const arg = positionalArgs(call)[0];
      const s = c.name === "sink" && arg ? state.valueOf(arg) : undefined;
      if (c.name === "sink") out.push(s ? s.parts.map((p) => `${p.value} ${p.origin} ${p.offset === undefined ? "?" : slotAt(s.text, p.offset)}`) : ["unknown"]);
    },
  });
  tree.delete();
  return out;
}

describe("Python value flow", () => {
  it("knows constants: literals, adjacent literals, UPPER_CASE names, numbers in strings", () => {
    const code = 'sink("SELECT 1")\nsink("a" "b")\nsink(TABLE)\nsink(f"LIMIT {int(n)} OFFSET {len(xs) + 1}")\nsink(x)\n';
    expect(sinks(code)).toEqual(["const", "const", "const", "const", "unknown"]);
  });

  it("follows every way of building a string", () => {
    const code = [
      'sink("a" + x)',
      'sink(f"a {x}")',
      'sink("a %s" % x)',
      'sink("a %s %s" % (x, 1))',
      'sink("a {}".format(x))',
      'sink(", ".join(cols))',
      'sink(" AND ".join([f"{c} = %s" for c in cols]))',
      "",
    ].join("\n");
    expect(sinks(code)).toEqual(["concat:x", "fstring:x", "percent:x", "percent:x", "format:x", "join:cols", "fstring:c"]);
  });

  it("follows variables in their scope, += and list growth, and not into another function's locals", () => {
    const code = [
      'q = "SELECT * FROM t"',
      'q += " WHERE id = " + uid',
      "sink(q)",
      'parts = ["a = 1"]',
      'parts.append(f"b = {b}")',
      "sink(\" AND \".join(parts))",
      "def other():",
      '    q = "SELECT 1"',
      "    sink(q)",
      "",
    ].join("\n");
    expect(sinks(code)).toEqual(["concat:uid", "fstring:b", "const"]);
  });

  it("marks request data of Flask, Django, DRF and FastAPI, also through a variable", () => {
    const code = [
      "def view(request, q: str = Query(None)):",
      '    name = request.args.get("name")',
      '    sink(f"{name}")',
      '    sink(f"{request.GET[\'id\']}")',
      "    sink(request.data)",
      '    sink(f"{q}")',
      "    body = request.get_json()",
      '    sink(f"{body[\'name\']}")',
      '    local = compute()',
      '    sink(f"{local}")',
      "",
    ].join("\n");
    expect(sinks(code)).toEqual(["fstring:name (request)", "fstring:request.GET['id'] (request)", "unknown (request)", "fstring:q (request)", "fstring:body['name'] (request)", "fstring:local"]);
  });

  it("follows a helper that returns its argument, as a function and as a method", () => {
    const code = [
      "def clean(value):",
      "    return value",
      "class Repo:",
      "    def same(self, value):",
      "        return value",
      "    def run(self):",
      '        sink(self.same(f"SELECT {x}"))',
      'sink(clean(f"SELECT {x}"))',
      'sink(clean("SELECT 1"))',
      "",
    ].join("\n");
    expect(sinks(code)).toEqual(["fstring:x", "fstring:x", "const"]);
  });

  it("near-miss: a helper that changes its argument is not followed", () => {
    const code = ["def quote(value):", "    return escape(value)", 'sink(quote(f"{x}"))', ""].join("\n");
    expect(sinks(code)).toEqual(["unknown"]);
  });

  it("joins a value assigned in one branch with what the variable held before", () => {
    const code = [
      'q = "SELECT 1"',
      "if cond:",
      '    q = f"SELECT {col}"',
      "sink(q)",
      'r = f"SELECT {col}"',
      "try:",
      '    r = "SELECT 2"',
      "except E:",
      "    pass",
      "sink(r)",
      'c = f"SELECT {col}"',
      'c = "SELECT 3"',
      "sink(c)",
      "",
    ].join("\n");
    expect(sinks(code)).toEqual(["fstring:col", "fstring:col", "const"]);
  });

  it("places each part where it sits in the text: f-string, %, %(name)s, .format() by position and name, +, join", () => {
    const code = [
      "def find(cur, name, table, ids, pair):",
      '    sink(f"SELECT * FROM {table} WHERE name = \'{name}\'")',
      '    sink("SELECT %s FROM t WHERE a = %s AND b LIKE \'%%x\'" % (table, name))',
      '    sink("SELECT %(c)s FROM t WHERE a = \'%(v)s\'" % {"c": table, "v": name})',
      '    sink("SELECT {} FROM t WHERE a = {}".format(table, name))',
      '    sink("SELECT {1} FROM t WHERE a = {0} OR b = {0}".format(name, table))',
      '    sink("SELECT {col} FROM t LIMIT {n}".format(n=name, col=table))',
      '    sink("SELECT * FROM " + table + " WHERE id IN (" + ", ".join(ids) + ")")',
      '    sink("SELECT %s FROM t WHERE a = %s" % pair)',
      "",
    ].join("\n");
    expect(placed(code)).toEqual([
      ["table parameter name", "name parameter value"],
      ["table parameter name", "name parameter value"],
      ["table parameter name", "name parameter value"],
      ["table parameter name", "name parameter value"],
      ["name parameter value", "name parameter value", "table parameter name"],
      ["name parameter value", "table parameter name"],
      ["table parameter name", "ids parameter value"],
      ["pair parameter ?"],
    ]);
  });

  it("knows where a value comes from: the object, settings, database rows, a parameter, or nowhere shown", () => {
    const code = [
      "class Repo:",
      "    def find(self, cur, key, flag, search_term, filters, order_by):",
      '        sink(f"{search_term} {filters[0]} {order_by}")',
      '        sink(f"{self.table}")',
      '        sink(f"{settings.db_schema} {self.connection.settings_dict[\'NAME\']}")',
      "        row = cur.fetchone()",
      '        sink(f"{row[0]}")',
      "        for r in cur.fetchall():",
      '            sink(f"{r}")',
      '        sink(f"{self.helper()} {self.norm(key)}")',
      "        k = key.strip()",
      '        sink(f"{k} {compute()} {GLOBAL_thing}")',
      "        v = self.default",
      "        if flag:",
      "            v = key",
      '        sink(f"{v}")',
      '        sink(f"{str(key)} {self.engine.dialect.options[\'schema\']}")',
      '        sink(f"{session.execute(q).first()} {key.first()} {(await conn.fetchrow(q))[\'name\']}")',
      "        rows = session.execute(q)",
      '        sink(f"{rows.scalar()}")',
      "        sink(f\"{(lambda x: x + 1)(key)}\")",
      '        run(lambda v: sink(f"{v}"))',
      "",
    ].join("\n");
    expect(placed(code).map((parts) => parts.map((p) => p.split(" ").slice(0, -1).join(" ")))).toEqual([
      ["search_term input", "filters[0] input", "order_by input"],
      ["self.table self"],
      ["settings.db_schema settings", "self.connection.settings_dict['NAME'] settings"],
      ["row[0] database"],
      ["r database"],
      ["self.helper() self", "self.norm(key) parameter"],
      ["k parameter", "compute() unknown", "GLOBAL_thing unknown"],
      ["v parameter"],
      ["str(key) parameter", "self.engine.dialect.options['schema'] settings"],
      ["session.execute(q).first() database", "key.first() parameter", "(await conn.fetchrow(q))['name'] database"],
      ["rows.scalar() database"],
      ["(lambda x: x + 1)(key) unknown"],
      ["v unknown"],
    ]);
  });

  it("attack: a method of the object that passes its argument through, or computes from it, keeps the caller's origin", () => {
    const code = [
      "class Repo:",
      "    def same(self, value):",
      "        return value",
      "    def find(self, cur, name):",
      '        sink(f"WHERE a = \'{self.same(name)}\'")',
      '        sink(f"WHERE a = \'{self.lookup(self.x, name)}\'")',
      "",
    ].join("\n");
    expect(placed(code)).toEqual([["self.same(name) parameter value"], ["self.lookup(self.x, name) parameter value"]]);
  });

  it("a part past the 2,000 characters of text kept is unplaced", () => {
    const code = `def f(name):\n    sink("/* ${"x".repeat(2100)} */ WHERE a = '" + name + "'")\n`;
    expect(placed(code)).toEqual([["name parameter ?"]]);
  });

  it("attack: past the parts it keeps, a caller's value displaces the object's own, so padding cannot hide it", () => {
    const own = Array.from({ length: 20 }, (_, i) => `{self.c${i}}`).join(", ");
    const code = `class R:\n    def f(self, name):\n        sink(f"SELECT ${own} FROM t WHERE a = '{name}'")\n`;
    const [parts] = placed(code);
    expect(parts).toHaveLength(16);
    expect(parts).toContain("name parameter value");
  });
});
