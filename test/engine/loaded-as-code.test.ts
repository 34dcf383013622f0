// Code behind a name no rule reads: a file with an unknown extension that another changed file
// loads as code, or a script whose shebang names the interpreter, is analysed in that language.
import { describe, expect, it } from "@jest/globals";
import { loadCatalogue } from "../../src/engine/catalogue.js";
import { parseConfig } from "../../src/engine/config.js";
import { languageOf } from "../../src/engine/language.js";
import { codeLanguages } from "../../src/engine/loaded-as-code.js";
import { scanPull, type EngineDeps } from "../../src/engine/scan.js";
import type { FileText } from "../../src/engine/types.js";
import { loadVerifiers } from "../../src/verifiers/registry.js";
import { MemorySource, type MemoryPull } from "../support/memory-source.js";

const catalogue = loadCatalogue();
const deps: EngineDeps = { catalogue, verifiers: loadVerifiers(catalogue) };
const COPILOT = { login: "Copilot", id: 198982749, type: "Bot" };

const JS_SINK = "module.exports = (db, req) => db.all(`SELECT * FROM users WHERE id = ${req.query.id}`);\n";
const PY_SINK = 'def run(cur, name):\n    cur.execute(f"SELECT * FROM users WHERE name = \'{name}\'")\n';

async function findings(files: MemoryPull["files"]) {
  const scan = await scanPull(new MemorySource({ meta: { author: COPILOT }, files }), parseConfig({}, catalogue), deps);
  return scan.findings.map((f) => [f.ruleId, f.file]);
}

describe("files run as code in a language their name does not say", () => {
  it("checks JS in a .inc file that a changed .js file requires", async () => {
    expect(await findings({ "src/app.js": 'const legacy = require("../lib/legacy.inc");\nmodule.exports = legacy;\n', "lib/legacy.inc": JS_SINK })).toContainEqual([
      "typescript/sql-injection",
      "lib/legacy.inc",
    ]);
  });

  it("reads a required file no scope asked for, in one more batch", async () => {
    const src = new MemorySource({ meta: { author: COPILOT }, files: { "src/app.js": 'require("../vendor/legacy.txt");\n', "vendor/legacy.txt": JS_SINK } });
    const scan = await scanPull(src, parseConfig({}, catalogue), deps);
    expect(src.fetched).toEqual(["src/app.js", "vendor/legacy.txt"]);
    expect(scan.findings.map((f) => [f.ruleId, f.file])).toContainEqual(["typescript/sql-injection", "vendor/legacy.txt"]);
  });

  it("control: a .inc file that nothing loads is not analysed as JS", async () => {
    expect(await findings({ "src/app.js": "module.exports = 1;\n", "lib/legacy.inc": JS_SINK })).not.toContainEqual(["typescript/sql-injection", "lib/legacy.inc"]);
  });

  it("checks a script without extension by its shebang", async () => {
    expect(await findings({ "tools/report": `#!/usr/bin/env python3\n${PY_SINK}`, "tools/serve": `#!/usr/bin/env node\n${JS_SINK}` })).toEqual(
      expect.arrayContaining([
        ["python/sql-injection", "tools/report"],
        ["typescript/sql-injection", "tools/serve"],
      ]),
    );
  });

  it("control: a shell script's shebang does not make it Python", async () => {
    const out = await findings({ "tools/report": `#!/bin/sh\n${PY_SINK}` });
    expect(out.map(([rule]) => rule)).not.toContain("python/sql-injection");
  });
});

describe("codeLanguages", () => {
  const run = (files: Record<string, string>) => {
    const list = Object.keys(files).map((path) => ({ file: { path, status: "added" as const }, language: languageOf(path) }));
    const texts = new Map<string, FileText>(Object.entries(files).map(([path, text]) => [path, { path, text, byteSize: text.length, binary: false }]));
    return Object.fromEntries(codeLanguages(list, texts));
  };

  it.each([
    ['import helper from "./helper.inc";\n', "src/helper.inc"],
    ['export * from "./helper.inc";\n', "src/helper.inc"],
    ['const h = await import("../shared/helper.tpl");\n', "shared/helper.tpl"],
    ['require ( "./helper.inc" )\n', "src/helper.inc"],
  ])("follows %j", (code, target) => {
    expect(run({ "src/main.ts": code, [target]: "x()\n" })).toEqual({ [target]: "javascript" });
  });

  it("follows a chain: a file found to be code may load another", () => {
    expect(run({ "src/main.js": 'require("./a.inc")\n', "src/a.inc": 'require("./b.inc")\n', "src/b.inc": "x()\n" })).toEqual({ "src/a.inc": "javascript", "src/b.inc": "javascript" });
  });

  it("follows Python's exec(open(...)), runpy and importlib loaders", () => {
    expect(run({ "app/main.py": 'exec(open("tools/hook.inc").read())\n', "tools/hook.inc": "x = 1\n" })).toEqual({ "tools/hook.inc": "python" });
    expect(run({ "app/main.py": 'runpy.run_path("plug.src")\n', "app/plug.src": "x = 1\n" })).toEqual({ "app/plug.src": "python" });
    expect(run({ "app/main.py": 'spec = importlib.util.spec_from_file_location("m", "ext/m.module")\n', "ext/m.module": "x = 1\n" })).toEqual({ "ext/m.module": "python" });
  });

  it.each([
    ["#!/usr/bin/env -S node --no-warnings\n", "javascript"],
    ["#!/usr/local/bin/python3.12\n", "python"],
    ["#!/usr/bin/env deno run\n", "typescript"],
  ])("reads the interpreter from %j", (line, language) => {
    expect(run({ "bin/tool": `${line}x()\n` })).toEqual({ "bin/tool": language });
  });

  it("require() runs any extension but .json as JavaScript; import only code-like ones", () => {
    expect(run({ "src/main.js": 'require("./payload.txt");\n', "src/payload.txt": "x()\n" })).toEqual({ "src/payload.txt": "javascript" });
    expect(run({ "src/main.js": 'import text from "./notes.txt";\n', "src/notes.txt": "x()\n" })).toEqual({});
  });

  it("control: data, documents and source files keep their language", () => {
    expect(run({ "src/main.js": 'require("./data.json");\nrequire("./b.js");\nimport "./style.css";\n', "src/data.json": "{}", "src/b.js": "x()\n", "src/style.css": "a{}" })).toEqual({});
    expect(run({ "README": "#!/usr/bin/env python\n", "docs/x.md": "#!/usr/bin/env node\n" })).toEqual({ README: "python" });
  });
});
