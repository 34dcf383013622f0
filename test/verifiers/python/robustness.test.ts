// Hostile input for every Python rule together, through the engine as the gate runs it:
// broken, truncated and non-UTF-8 files, a 1 MB file and 10,000-level nesting must end in
// findings or notices, never in a crash, a verifier failure or a hang.
import { describe, expect, it } from "@jest/globals";
import { loadCatalogue } from "../../../src/engine/catalogue.js";
import { defaultConfig } from "../../../src/engine/config.js";
import { runVerifiers } from "../../../src/engine/run-verifiers.js";
import { loadVerifiers } from "../../../src/verifiers/registry.js";

const catalogue = loadCatalogue();
const python = loadVerifiers(catalogue).filter((v) => v.id.startsWith("python/"));

async function scan(path: string, text: string) {
  const started = Date.now();
  const result = await runVerifiers([{ path, status: "added", language: "python", text, scopes: [] }], python, defaultConfig(catalogue), { allFiles: true });
  return { ...result, ms: Date.now() - started };
}

const VIEW = `import jwt
import subprocess
from django.db import connection
from flask import Flask, request

app = Flask(__name__)
app.config["SECRET_KEY"] = "dev"


@app.post("/users/<uid>")
def update(uid):
    data = request.get_json()
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE users SET name = '{data['name']}' WHERE id = {uid}")
    claims = jwt.decode(request.headers["X-Token"], options={"verify_signature": False})
    subprocess.run(["mysqldump", f"-p{data['password']}", "shop"])
    return claims
`;

describe("Python rules on hostile input", () => {
  it("checks the parts of a file with syntax errors that parsed, and does not pass the rest: could not check", async () => {
    const broken = VIEW.replace("def update(uid):", "def update(uid:\n    ))) ]] class :::").replace("return claims", "return claims +");
    const { findings, incomplete } = await scan("app/views.py", broken);
    // The parser gives up on the line after the unclosed parameter list.
    const line = broken.split("\n").findIndex((l) => l.includes("def update(uid:")) + 2;
    expect(incomplete).toEqual([{ file: "app/views.py", reason: expect.stringContaining(`syntax error on line ${line}`) }]);
    expect(findings.filter((f) => f.category === "verifier-error")).toEqual([]);
    expect(findings.map((f) => f.ruleId)).toEqual(expect.arrayContaining(["python/sql-injection", "python/secret-key-literal"]));
  });

  it.each([0.25, 0.5, 0.75, 0.9])("survives the file truncated at %p of its length", async (fraction) => {
    const { findings, incomplete } = await scan("app/views.py", VIEW.slice(0, Math.floor(VIEW.length * fraction)));
    expect(findings.filter((f) => f.category === "verifier-error")).toEqual([]);
    expect(findings.length + incomplete.length).toBeGreaterThan(0);
  });

  it("reads non-UTF-8 bytes (Latin-1, lone surrogates, NUL) without failing", async () => {
    const latin1 = Buffer.from(`# caf\xe9\nSECRET = "\xff\xfe"\n${VIEW}`, "latin1").toString("utf8");
    const odd = `${latin1}\nx = "\ud800\udfff\ud800"\ny = "\0"\n`;
    const { findings } = await scan("app/views.py", odd);
    expect(findings.filter((f) => f.category === "verifier-error")).toEqual([]);
    expect(findings.some((f) => f.ruleId === "python/jwt-verification")).toBe(true);
  });

  it("checks a 1 MB file in seconds and reports each finding of it", async () => {
    const copies = Math.ceil((1024 * 1024) / VIEW.length);
    const big = Array.from({ length: copies }, (_, i) => VIEW.replace("def update", `def update_${i}`)).join("\n");
    expect(big.length).toBeGreaterThanOrEqual(1024 * 1024);
    const { findings, ms } = await scan("app/views.py", big);
    expect(findings.filter((f) => f.category === "verifier-error")).toEqual([]);
    expect(findings.filter((f) => f.ruleId === "python/jwt-verification")).toHaveLength(copies);
    expect(ms).toBeLessThan(20000);
  });

  it.each([
    ["parentheses", (n: number) => `x = ${"(".repeat(n)}cursor.execute("SELECT " + name)${")".repeat(n)}\n`],
    ["lists", (n: number) => `x = ${"[".repeat(n)}request.json${"]".repeat(n)}\n`],
    ["calls", (n: number) => `x = ${"str(".repeat(n)}password${")".repeat(n)}\nprint(x)\n`],
    ["attributes", (n: number) => `x = a${".b".repeat(n)}.execute(f"SELECT {y}")\n`],
    ["binary operators", (n: number) => `cursor.execute("SELECT " ${"+ name ".repeat(n)})\n`],
    ["subscripts and f-strings", (n: number) => `logger.info(f"{${"t[".repeat(n)}0${"]".repeat(n)}}")\n`],
    ["numeric casts", (n: number) => `cursor.execute("SELECT %s" % ${"str(".repeat(n)}1${")".repeat(n)})\n`],
    ["tuples", (n: number) => `import sqlalchemy\n\ndef f():\n    s = SessionLocal()\n    return ${"(".repeat(n)}s,${"),".repeat(n - 1)})\n`],
  ])("handles 10,000-level nesting of %s", async (_kind, build) => {
    const { findings, ms } = await scan("app/db/deep.py", build(10000));
    expect(findings.filter((f) => f.category === "verifier-error")).toEqual([]);
    expect(ms).toBeLessThan(20000);
  });

  it("still finds what sits at the bottom of deep nesting", async () => {
    const deep = (open: string, inner: string, close: string) => `x = ${open.repeat(10000)}${inner}${close.repeat(10000)}\n`;
    const sql = await scan("app/db/deep.py", deep("(", 'cursor.execute("SELECT " + name)', ")"));
    expect(sql.findings.map((f) => f.ruleId)).toEqual(["python/sql-injection"]);
    const mass = await scan("app/views.py", deep("[", "User(**request.json)", "]"));
    expect(mass.findings.map((f) => f.ruleId)).toEqual(["python/mass-assignment"]);
  });
});
