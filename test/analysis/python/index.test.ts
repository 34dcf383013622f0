// The Python file index: one walk per parsed tree, reused by every rule that asks.
import { beforeAll, describe, expect, it } from "@jest/globals";
import { pyIndexOf } from "../../../src/analysis/python/index.js";
import { importedModules, importedNames } from "../../../src/analysis/python/imports.js";
import { initPython, parsePython } from "../../../src/verifiers/python/parser.js";

beforeAll(async () => {
  await initPython();
});

const lineOf = (n: { startPosition: { row: number } }): number => n.startPosition.row + 1;

describe("pyIndexOf", () => {
  it("is built once per tree and kept on that tree, not shared between parses", () => {
    const tree = parsePython("x = f(1)\n");
    const again = parsePython("x = f(1)\n");
    expect(pyIndexOf(tree)).toBe(pyIndexOf(tree));
    expect(pyIndexOf(again)).not.toBe(pyIndexOf(tree));
    expect(pyIndexOf(again).of("call").map((c) => c.text)).toEqual(["f(1)"]);
  });

  it("finds calls by the name they call, however written, and never in comments, strings or docstrings", () => {
    const code = [
      '"""cur.execute(sql) in a docstring"""',
      "# cur.execute(sql) in a comment",
      'note = "cur.execute(sql) in a string"',
      "cur.execute(a)",
      "execute(b)",
      "self.db.cur . execute \\",
      "    (c)",
      "other(d)",
      "",
    ].join("\n");
    const calls = pyIndexOf(parsePython(code)).callsNamed(["execute"]);
    expect(calls.map(lineOf)).toEqual([4, 5, 6]);
  });

  it("returns calls of several names in source order, each once", () => {
    const index = pyIndexOf(parsePython("b()\na()\nb()\n"));
    expect(index.callsNamed(["b", "a", "b"]).map(lineOf)).toEqual([1, 2, 3]);
    expect([...index.calledNames()].sort()).toEqual(["a", "b"]);
  });

  it("keeps decorators, definitions, assignments and string building in source order", () => {
    const code = [
      "@app.post('/a')",
      "def a():",
      "    q = 'x' + y",
      "    return f'{q}'",
      "class B(Base):",
      "    n: int = 1",
      "",
    ].join("\n");
    const index = pyIndexOf(parsePython(code));
    expect(index.of("decorator").map((d) => d.text)).toEqual(["@app.post('/a')"]);
    expect(index.of("function_definition").map(lineOf)).toEqual([2]);
    expect(index.of("class_definition").map(lineOf)).toEqual([5]);
    expect(index.of("assignment").map(lineOf)).toEqual([3, 6]);
    expect(index.of("binary_operator").map((b) => b.text)).toEqual(["'x' + y"]);
  });

  it("computes a per-file fact once", () => {
    const index = pyIndexOf(parsePython("x = 1\n"));
    let runs = 0;
    const compute = () => ++runs;
    expect(index.once("k", compute)).toBe(1);
    expect(index.once("k", compute)).toBe(1);
  });
});

describe("imports", () => {
  it("binds names as Python does, also inside functions and try blocks", () => {
    const code = [
      "import a.b",
      "import c.d as e",
      "from f.g import h as i, j",
      "from . import k",
      "try:",
      "    from l import m",
      "except ImportError:",
      "    m = None",
      "def n():",
      "    import o",
      '"""import fake"""',
      "",
    ].join("\n");
    const index = pyIndexOf(parsePython(code));
    expect(Object.fromEntries(importedNames(index))).toEqual({ a: "a", e: "c.d", i: "f.g.h", j: "f.g.j", k: ".k", m: "l.m", o: "o" });
    expect([...importedModules(index)].sort()).toEqual(["a.b", "c.d", "f.g", "l", "o"]);
  });
});
