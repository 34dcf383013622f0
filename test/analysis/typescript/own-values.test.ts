// Whether a value is the program's own (this.x, settings, database reads) or may be a caller's,
// and whether the file's own calls of a helper hand it request data.
import { describe, expect, it } from "@jest/globals";
import { ts } from "ts-morph";
import { calleeName } from "../../../src/analysis/typescript/expressions.js";
import { indexOf } from "../../../src/analysis/typescript/file-index.js";
import { callersPassInput, isOwnValue } from "../../../src/analysis/typescript/own-values.js";
import { PLAIN, valueFlow } from "../../../src/analysis/typescript/value-flow.js";
import { parseTypeScript } from "../../../src/verifiers/typescript/parser.js";

/** For each `sink(x)` in `code`: whether `x` is own, and whether callers in the file pass it request data. */
function verdicts(code: string): { own: boolean; request: boolean }[] {
  const index = indexOf(parseTypeScript("src/a.ts", code).sourceFile);
  const flow = valueFlow(index, PLAIN);
  return index.of(ts.SyntaxKind.CallExpression)
    .filter((c) => calleeName(c) === "sink")
    .map((c) => ({ own: isOwnValue(flow, index, c.arguments[0]!), request: callersPassInput(flow, index, c.arguments[0]!) }));
}
const own = (code: string) => verdicts(code).map((v) => v.own);

describe("own values", () => {
  it("the object's fields, settings and the environment are own", () => {
    const code = `import config from "./config";
export class Repo {
  constructor(private pool: Pool, private tenant: string) {}
  run(conn: Conn) {
    sink(this.tenant);
    sink(config.db.schema);
    sink(process.env.SCHEMA_NAME);
    const { database } = this.driver.options;
    sink(database);
  }
}`;
    expect(own(code)).toEqual([true, true, true, true]);
  });

  it("rows read back from a query, a query builder, a then callback, a loop and Promise.all are own", () => {
    const code = `export async function f(pool: Pool, qb: QueryBuilder) {
  const { rows } = await pool.query("SELECT 1");
  sink(rows[0].id);
  const top = await qb.select("max(x)", "m").getRawOne();
  sink(top.m);
  pool.query("SELECT 2").then((res) => sink(res.rows[0].n));
  for (const row of rows) sink(row.name);
  const [a, b] = await Promise.all([pool.query("SELECT 3"), pool.query("SELECT 4")]);
  sink(\`\${a.rows[0].x} \${b.rows[0].y}\`);
}`;
    expect(own(code)).toEqual([true, true, true, true, true]);
  });

  it("attack: parameters, imports, settings read off a parameter, a method handed a parameter, a field the file fills from the request", () => {
    const code = `import { current } from "./session";
export class Svc {
  private region = "";
  constructor(req: Request) { this.region = req.query.region; }
  private norm(s: string) { return s.trim(); }
  run(name: string, user: { settings: { locale: string } }, opts: { schema: string }) {
    sink(name);
    sink(current.id);
    sink(user.settings.locale);
    sink(this.norm(name));
    sink(this.region);
    sink(opts.schema);
    sink(\`\${this.tenant} \${name}\`);
    sink(Promise.all([fetchThing(name)]));
  }
}`;
    expect(own(code)).toEqual([false, false, false, false, false, false, false, false]);
  });

  it("a method of the class that only returns rows it queried is own even when handed a parameter", () => {
    const code = `export class Tree {
  private bounds(id: number) { return this.pool.query("SELECT lft FROM t WHERE id = $1", [id]).then((r) => r.rows[0]); }
  private echo(id: number) { return id; }
  async move(id: number) {
    const b = await this.bounds(id);
    sink(b.lft);
    sink(this.echo(id));
  }
}`;
    expect(own(code)).toEqual([true, false]);
  });

  it("a knex query object's output(resp) gets the rows its sql read: own, also in a callback below it", () => {
    const code = `export class Compiler {
  renameColumn(from: string) {
    this.pushQuery({
      sql: "show full fields from t where field = ?",
      output(resp) {
        const column = resp[0];
        sink(column.Default);
        return this.done().then(() => sink(\`DEFAULT '\${column.Default}'\`));
      },
    });
    runner.query({ sql: "select 1", bindings: [], output: (rows) => sink(rows[0].x) });
  }
}`;
    expect(own(code)).toEqual([true, true, true]);
  });

  it("attack: an output without sql beside it, an output not handed to a call, an output the file calls itself", () => {
    const code = `export function f(req: Request) {
  run({ text: "select 1", output(resp) { sink(resp.name); } });
  const q = { sql: "select 1", output(resp) { sink(resp.name); } };
  const r = { sql: "select 1", output(v) { sink(v); } };
  handle(r);
  r.output(req.query.name);
}`;
    expect(own(code)).toEqual([false, false, false]);
  });

  it("callers in sight: a helper's parameter is request data when the file calls it with some, a few helpers deep", () => {
    const code = `function inner(t: string) { sink(\`FROM \${t}\`); }
function outer(x: string) { inner(x); }
function quiet(t: string) { sink(t); }
export function route(req: Request) {
  outer(req.body.table);
  quiet("users");
}`;
    expect(verdicts(code).map((v) => v.request)).toEqual([true, false]);
  });
});
