// What the gate cannot read it does not pass: each way an agent could keep code away from the
// verifiers becomes a named "could not check" entry, next to a control case that passes.
import { describe, expect, it } from "@jest/globals";
import { loadCatalogue } from "../../src/engine/catalogue.js";
import { parseConfig } from "../../src/engine/config.js";
import { scanPull, type EngineDeps } from "../../src/engine/scan.js";
import { decide } from "../../src/engine/verdict.js";
import type { CommitInfo } from "../../src/engine/types.js";
import { loadVerifiers } from "../../src/verifiers/registry.js";
import { MemorySource, type MemoryPull } from "../support/memory-source.js";

const catalogue = loadCatalogue();
const deps: EngineDeps = { catalogue, verifiers: loadVerifiers(catalogue) };
const config = (raw: unknown = {}) => parseConfig(raw, catalogue);
const COPILOT = { login: "Copilot", id: 198982749, type: "Bot" };
const LFS = "version https://git-lfs.github.com/spec/v1\noid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 12345\n";

async function scanOf(files: MemoryPull["files"], over: Partial<MemoryPull> = {}, raw: unknown = {}) {
  const scan = await scanPull(new MemorySource({ meta: { author: COPILOT }, files, ...over }), config(raw), deps);
  return { scan, unchecked: scan.incomplete.map((u) => [u.file, u.reason]), conclusion: decide(scan).conclusion };
}

describe("could not check: files the verifiers cannot read", () => {
  it("blocks a Python file padded past limits.max_file_bytes, and still checks the rest of the PR", async () => {
    const padded = `import os\nos.system(cmd)\n${"#".repeat(2000)}\n`;
    const { scan, unchecked, conclusion } = await scanOf(
      { "services/report.py": padded, "app/settings.py": 'SECRET_KEY = "hunter2-hunter2-hunter2"\n' },
      {},
      { limits: { max_file_bytes: 1024 } },
    );
    expect(unchecked).toEqual([["services/report.py", expect.stringContaining("over the 1024-byte limit (limits.max_file_bytes)")]]);
    expect(scan.findings.map((f) => f.file)).toContain("app/settings.py");
    expect(conclusion).toBe("action_required");
    // The title counts both kinds of problem, so a reviewer sees the unchecked file at a glance.
    expect(decide(scan).title).toMatch(/^\d+ blocking findings? and 1 part the gate could not check: needs 1 qualified human approval$/);
  });

  it("control: a text file over the cap (no rule parses its language) keeps only a notice", async () => {
    const { scan, unchecked } = await scanOf({ "docs/big.md": "x\n".repeat(1000) }, {}, { limits: { max_file_bytes: 1024 } });
    expect(unchecked).toEqual([]);
    expect(scan.notices.map((n) => n.message)).toContain("was not checked: 2000 bytes, over the 1024-byte cap (limits.max_file_bytes)");
  });

  it("control: a small normal Python file passes", async () => {
    const { unchecked, conclusion } = await scanOf({ "services/report.py": "def total(rows):\n    return sum(r.amount for r in rows)\n" });
    expect(unchecked).toEqual([]);
    expect(conclusion).toBe("success");
  });

  it("blocks a NUL byte in a .py file, and a .py file GitHub calls binary", async () => {
    const { unchecked, conclusion } = await scanOf({
      "services/a.py": "x = 1\n\0import os; os.system(cmd)\n",
      "services/b.py": { text: "\0\0\0", binary: true },
    });
    expect(unchecked).toEqual([
      ["services/a.py", expect.stringContaining("NUL byte on line 2")],
      ["services/b.py", expect.stringContaining("has a Python extension but its content is binary")],
    ]);
    expect(conclusion).toBe("action_required");
  });

  it("control: an image GitHub calls binary is not a problem", async () => {
    const { unchecked, conclusion } = await scanOf({ "docs/logo.png": { text: "\0PNG", binary: true }, "static/font.woff2": { text: "\0", binary: true } });
    expect(unchecked).toEqual([]);
    expect(conclusion).toBe("success");
  });

  it("blocks a submodule (gitlink) in a gated scope, and a path GitHub has no file for", async () => {
    const { unchecked } = await scanOf({
      "app/db/driver": { kind: "gitlink", patch: "@@ -0,0 +1 @@\n+Subproject commit 3f786850e387550fdab836ed7e6dc881de23001b" },
      "app/models/ghost.py": { status: "modified", patch: "@@ -1 +1 @@\n-a\n+b", absent: true },
    });
    expect(unchecked).toEqual([
      ["app/db/driver", expect.stringContaining("is a submodule (a gitlink)")],
      ["app/models/ghost.py", expect.stringContaining("GitHub has no file there")],
    ]);
  });

  it("control: a submodule the PR removes brings in no code and is not reported", async () => {
    const { unchecked, conclusion } = await scanOf({ "vendor/libfoo": { status: "removed", patch: "@@ -1 +0,0 @@\n-Subproject commit 3f78" } });
    expect(unchecked).toEqual([]);
    expect(conclusion).toBe("success");
  });

  it("blocks a Git LFS pointer where TypeScript source should be", async () => {
    const { unchecked, conclusion } = await scanOf({ "src/server.ts": LFS });
    expect(unchecked).toEqual([["src/server.ts", expect.stringContaining("is a Git LFS pointer, not TypeScript source")]]);
    expect(conclusion).toBe("action_required");
  });

  it("control: TypeScript that merely mentions the LFS spec is checked as usual", async () => {
    const { unchecked } = await scanOf({ "src/lfs.ts": `export const HEADER = "${LFS.split("\n")[0]}";\n` });
    expect(unchecked).toEqual([]);
  });
});

describe("could not check: binary code", () => {
  it.each(["lib/native.so", "bin/tool.exe", "build/addon.node", "pkg/app.wasm", "libs/x.jar", "models/clf.pkl", "cache/m.pyc", "dist/p-1.0-py3-none-any.whl"])(
    "blocks %s added, in a scope or not",
    async (path) => {
      const { unchecked, conclusion } = await scanOf({ [path]: { text: "\0ELF", binary: true, patch: null } });
      expect(unchecked).toEqual([[path, expect.stringContaining("executable or loadable code in binary form")]]);
      expect(conclusion).toBe("action_required");
    },
  );

  it("also under vendor/, where no scope looks", async () => {
    const { unchecked } = await scanOf({ "vendor/lib/_speedups.so": { text: "\0", binary: true, patch: null } });
    expect(unchecked.map(([f]) => f)).toEqual(["vendor/lib/_speedups.so"]);
  });

  it("control: images, fonts and a deleted .so are fine", async () => {
    const { unchecked, conclusion } = await scanOf({
      "assets/logo.png": { text: "\0", binary: true, patch: null },
      "assets/inter.woff2": { text: "\0", binary: true, patch: null },
      "lib/old.so": { status: "removed", patch: null },
    });
    expect(unchecked).toEqual([]);
    expect(conclusion).toBe("success");
  });
});

describe("could not check: commits GitHub does not list", () => {
  const commit = (i: number): CommitInfo => {
    const who = { name: "Copilot", email: "198982749+Copilot@users.noreply.github.com" };
    return { sha: i.toString(16).padStart(40, "0"), message: `step ${i}`, author: who, committer: who };
  };
  const commits = (n: number) => Array.from({ length: n }, (_, i) => commit(i));

  it("blocks a PR of more than 250 commits: the rest were never seen", async () => {
    const { unchecked, conclusion } = await scanOf({ "README.md": "hi\n" }, { commits: commits(250), meta: { author: COPILOT, commits: 301 } });
    expect(unchecked).toEqual([[undefined, expect.stringContaining("this one has 301, so the authors, co-authors and messages of 51 commits were not checked")]]);
    expect(conclusion).toBe("action_required");
  });

  it("gates a PR of more than 250 commits whose listed ones are all human: an agent's could hide past the listing", async () => {
    const human = (i: number): CommitInfo => {
      const who = { name: "Alice", email: "alice@example.com", login: "alice" };
      return { sha: i.toString(16).padStart(40, "0"), message: `step ${i}`, author: who, committer: who };
    };
    const { scan, unchecked, conclusion } = await scanOf({ "README.md": "hi\n" }, { commits: Array.from({ length: 250 }, (_, i) => human(i)), meta: { commits: 260 } });
    expect(scan.detection.isAgent).toBe(false);
    expect(scan.gated).toBe(true);
    expect(unchecked).toEqual([[undefined, expect.stringContaining("10 commits were not checked")]]);
    expect(conclusion).toBe("action_required");
  });

  it("control: exactly 250 commits are all seen", async () => {
    const { unchecked } = await scanOf({ "README.md": "hi\n" }, { commits: commits(250) });
    expect(unchecked).toEqual([]);
  });
});

describe("a human PR is not gated", () => {
  it("reads no file, so a .so and a padded file change nothing", async () => {
    const src = new MemorySource({ files: { "lib/native.so": { text: "\0", binary: true }, "services/big.py": "#".repeat(5000) } });
    const scan = await scanPull(src, config({ limits: { max_file_bytes: 1024 } }), deps);
    expect(scan.incomplete).toEqual([]);
    expect(decide(scan).conclusion).toBe("success");
  });
});
