// The TS value flow on its own: what the argument of `sink(…)` is (constant, or built from a
// non-constant part, and how) and whether it reads client input.
import { describe, expect, it } from "@jest/globals";
import { ts } from "ts-morph";
import { calleeName } from "../../../src/analysis/typescript/expressions.js";
import { indexOf } from "../../../src/analysis/typescript/file-index.js";
import { MARK, PLAIN, valueFlow } from "../../../src/analysis/typescript/value-flow.js";
import { parseTypeScript } from "../../../src/verifiers/typescript/parser.js";

/** The flow's view of the first argument of every `sink(…)` in `code`. */
function sinks(code: string): { value: string; input: boolean }[] {
  const index = indexOf(parseTypeScript("src/a.ts", code).sourceFile);
  const flow = valueFlow(index, PLAIN);
  return index.of(ts.SyntaxKind.CallExpression)
    .filter((c) => calleeName(c) === "sink")
    .map((c) => {
      const v = flow.valueOf(c.arguments[0]!);
      const value = v.kind === "const" ? `const ${JSON.stringify(v.text)}` : v.kind === "built" ? `built by ${v.how}${v.through ? ` via ${v.through}` : ""}` : "dynamic";
      return { value, input: flow.readsInput(c.arguments[0]!) };
    });
}
const values = (code: string) => sinks(code).map((s) => s.value);

describe("TS value flow", () => {
  it("constants: literals, const locals, UPPER_CASE imports, enums, numbers", () => {
    expect(values(`import { TABLE } from "./t";\nenum S { A = "a" }\nconst a = "users";\nsink(a); sink(TABLE); sink(S.A); sink(42); sink(\`x\`);`)).toEqual(
      ["const \"users\"", "const \"\"", "const \"\"", "const \"\"", "const \"x\""],
    );
  });

  it("string building: template, +, +=, concat(), join(), util.format()", () => {
    const code = `import util from "node:util";
import { format } from "util";
export function f(id: string, name: string) {
  sink(\`SELECT \${id}\`);
  sink("SELECT " + id);
  let q = "SELECT ";
  q += id;
  sink(q);
  sink("SELECT ".concat(id));
  sink(["SELECT", id].join(" "));
  sink(util.format("SELECT %s", name));
  sink(format("SELECT %s", name));
}`;
    expect(values(code)).toEqual(["built by template", "built by concat", "built by append via q", "built by concatCall", "built by join", "built by format", "built by format"]);
  });

  it("a const object's property is read under a quoted or computed key, and in shorthand, as under a plain one", () => {
    const code = `const T = "users";
const plain = { table: "users" };
const quoted = { "table": "users", ["order"]: "name" };
const short = { T };
sink(plain.table);
sink(quoted.table);
sink(quoted.order);
sink(short.T);`;
    expect(values(code)).toEqual(["const \"users\"", "const \"users\"", "const \"name\"", "const \"users\""]);
  });

  it("control: the same building from constants only stays constant; %d takes a number", () => {
    const code = `import util from "node:util";
const T = "users";
export function f(n: number) {
  sink(\`SELECT \${T}\`);
  sink("a" + "b");
  sink(["a", "b"].join(""));
  sink(util.format("LIMIT %d", n));
}`;
    expect(values(code)).toEqual(["const \"SELECT users\"", "const \"ab\"", "const \"ab\"", "const \"LIMIT \""]);
  });

  it("request sources: Express body/query/params, destructuring, Hono c.req, Koa ctx.query", () => {
    const code = `export function h(req, res, c, ctx) {
  sink(req.body.name);
  const { q } = req.query;
  sink(q);
  sink(await c.req.json());
  sink(ctx.query.sort);
  sink("static");
}`;
    expect(sinks(code).map((s) => s.input)).toEqual([true, true, true, true, false]);
  });

  it("a helper that returns its argument carries what it was given, call by call", () => {
    const code = `function wrap(s: string) { return s; }
const trimmed = (s: string) => s.trim();
export function f(id: string) {
  sink(wrap(\`SELECT \${id}\`));
  sink(wrap("SELECT 1"));
  sink(trimmed("SELECT " + id));
  sink(trimmed("SELECT 2"));
}`;
    expect(values(code)).toEqual(["built by template", "const \"SELECT 1\"", "built by concat", "const \"SELECT 2\""]);
  });

  it("attack: a recursive helper is not followed forever", () => {
    expect(values(`function r(s: string): string { return r(s + "x"); }\nexport function f(id: string) { sink(r(id)); }`)).toEqual(["dynamic"]);
  });

  it("attack: helpers that each call the next twice, 40 deep, are followed a bounded number of times", () => {
    const helpers = Array.from({ length: 40 }, (_, i) => `function h${i}(s: string): string { return h${i + 1}(s) + h${i + 1}(s); }`).join("\n");
    expect(values(`${helpers}\nfunction h40(s: string) { return s; }\nexport function f(id: string) { sink(h0("SELECT " + id)); }`)).toEqual(["dynamic"]);
  });

  it("a variable assigned in one branch: either value reaches the use", () => {
    const code = `export function f(id: string, admin: boolean) {
  let q = "SELECT * FROM t";
  if (admin) q = "SELECT * FROM t WHERE id = " + id;
  sink(q);
  let r = "SELECT 1";
  if (admin) r = "SELECT 2";
  sink(r);
}`;
    expect(values(code)).toEqual(["built by concat via q", "const \"SELECT 1 SELECT 2\""]);
  });

  /** Each part of the first `sink(…)`'s built value: its source text, and the text around its mark (`@` for the mark, `?` when it has no place). */
  function parts(code: string): string[] {
    const index = indexOf(parseTypeScript("src/a.ts", code).sourceFile);
    const call = index.of(ts.SyntaxKind.CallExpression).find((c) => calleeName(c) === "sink")!;
    const v = valueFlow(index, PLAIN).valueOf(call.arguments[0]!);
    if (v.kind !== "built") return [v.kind];
    return v.parts.map((p) => {
      const text = p.text ?? v.text;
      const around = p.at === undefined ? "?" : `${p.text ? "(own) " : ""}${text.slice(Math.max(0, p.at - 6), p.at)}@${text.slice(p.at + 1, p.at + 4)}`;
      return `${p.node.getText()}: ${around.replaceAll(MARK, "_")}`;
    });
  }

  it("parts: every non-constant part and where its mark sits, through locals, +=, join and helpers", () => {
    expect(parts(`export function f(t: string, v: string) { sink(\`SELECT * FROM \${t} WHERE a = '\${v}'\`); }`)).toEqual(["t:  FROM @ WH", "v:  a = '@'"]);
    const nested = `export function f(t: string, v: string, n: number) {
  const where = "a = " + v;
  let q = \`SELECT * FROM \${t}\`;
  q += \` WHERE \${where} LIMIT \${n}\`;
  sink(q);
}`;
    expect(parts(nested)).toEqual(["t:  FROM @ WH", "v: E a = @ LI", "n: LIMIT @"]);
    const joined = `function cond(k: string) { return \`\${k} = $1\`; }
export function f(cols: string[], id: string) { sink(["SELECT 1 WHERE", cond(id), "AND x IN (" + cols.join(",") + ")"].join(" ")); }`;
    expect(parts(joined)).toEqual(["k: WHERE @ = ", "cols.join(\",\"): x IN (@) "]);
  });

  it("parts: a placeholder number is no part; the other branch of ?: keeps its parts placed in its own text", () => {
    expect(parts(`export function f(i: number, a: string) { sink(\`x = $\${i + 1} AND y = '\${a}'\`); }`)).toEqual(["a:  y = '@'"]);
    expect(parts(`export function f(a: string, b: string, c: boolean) { sink(c ? \`FROM \${a}\` : \`WHERE x = \${b}\`); }`)).toEqual(["a: FROM @", "b: (own) E x = @"]);
  });

  it("parts: past the cut the text does not show a part's place, and a part is kept once", () => {
    const code = `export function f(a: string, b: string) { const tail = " AND b = " + b; sink("SELECT '" + a + "' /* ${"x".repeat(5000)} */" + tail + tail); }`;
    expect(parts(code)).toEqual(["a: LECT '@' /", "b: ?"]);
  });

  it("lodash's _.map(xs, cb) is followed like xs.map(cb)", () => {
    const code = `import _ from "lodash";
export function set(variables: Record<string, string>) {
  sink(\`SET \${_.map(variables, (v, k) => \`@\${k} := "\${v}"\`).join(", ")}\`);
}`;
    expect(parts(code)).toEqual(["k: SET @@ :=", `v: _ := "@", `]);
    const keys = `import _ from "lodash";\nexport function set(cols: Record<string, string>) { sink(_.map(cols, (v, k) => \`\${k} = ?\`).join(", ")); }`;
    expect(parts(keys)).toEqual(["k: @ = "]);
    const input = `import _ from "lodash";\nexport function h(req) { sink(_.map(req.body, (v) => \`\${v}\`).join(",")); }`;
    expect(sinks(input).map((s) => s.input)).toEqual([true]);
  });

  it("find's leaves: where a value starts when the search cannot follow it further", () => {
    const code = `export class Repo {
  list(table: string, rows: { id: string }[]) {
    const { schema } = this.options;
    const ids = rows.map((r) => r.id);
    for (const row of rows) sink(\`\${schema} \${table} \${ids} \${row.id} \${helper(table)} \${fmt(table)}\`);
  }
}
function fmt(s: string) { return s.trim(); }`;
    const index = indexOf(parseTypeScript("src/a.ts", code).sourceFile);
    const call = index.of(ts.SyntaxKind.CallExpression).find((c) => calleeName(c) === "sink")!;
    const leaves: string[] = [];
    const found = valueFlow(index, PLAIN).find(call.arguments[0]!, () => undefined, (e) => void leaves.push(e.getText()));
    expect(found).toEqual({ found: undefined, limited: false });
    expect(leaves).toEqual(["schema", "table", "rows.map((r) => r.id)", "row.id", "helper(table)", "table"]);
  });
});
