import { describe, expect, it } from "@jest/globals";
import { loadCatalogue } from "../../../src/engine/catalogue.js";
import { defaultConfig } from "../../../src/engine/config.js";
import { Scoper } from "../../../src/engine/scope.js";
import { resultFor, ruleTester } from "../../support/rule-tester.js";

// The rule flags every file that reaches it, changed or removed; which paths reach it is the
// `gate` scope, checked below against the shipped rules/scopes.yml.
ruleTester("any/gate-tamper", {
  valid: [
    { name: "setup.cfg change outside its test sections", path: "setup.cfg", base: "[metadata]\nname = shop\n\n[tool:pytest]\naddopts = -q\n", code: "[metadata]\nname = shop2\n\n[tool:pytest]\naddopts = -q\n" },
    { name: "pyproject.toml dependency bump", path: "pyproject.toml", base: '[project]\ndependencies = ["flask==3.0"]\n\n[tool.pytest.ini_options]\naddopts = "-q"\n', code: '[project]\ndependencies = ["flask==3.1"]\n\n[tool.pytest.ini_options]\naddopts = "-q"\n' },
    { name: "a new pyproject.toml with no test settings", path: "pyproject.toml", code: '[project]\nname = "shop"\n' },
    { name: "a workflow copied out to a plain file leaves the original in force", path: "docs/examples/ci.yml", status: "copied", previousPath: ".github/workflows/ci.yml", code: "on: push\n" },
  ],
  invalid: [
    { name: "config switched off", path: ".github/agent-gate.yml", code: "enabled: false\n", errors: [{ messageId: "changed", line: 1 }], messageIncludes: ["changes .github/agent-gate.yml, the agent-gate configuration"] },
    { name: "config deleted", path: ".github/agent-gate.yml", status: "removed", code: "", errors: [{ messageId: "removed", line: 1 }], messageIncludes: ["deletes"] },
    { name: "yaml spelling", path: ".github/agent-gate.yaml", code: "gate: all\n", errors: [{ messageId: "changed", line: 1 }] },
    {
      name: "CODEOWNERS narrowed",
      path: ".github/CODEOWNERS",
      code: "* @acme/maintainers\n/src/auth/ @acme/security\n",
      errors: [{ messageId: "changed", line: 1 }],
      messageIncludes: ["the CODEOWNERS file, which decides whose review a change needs"],
    },
    { name: "root CODEOWNERS deleted", path: "CODEOWNERS", status: "removed", code: "", errors: [{ messageId: "removed", line: 1 }], messageIncludes: ["deletes CODEOWNERS"] },
    {
      name: "a workflow that runs the tests",
      path: ".github/workflows/ci.yml",
      code: "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm test\n",
      errors: [{ messageId: "changed", line: 1 }],
      messageIncludes: ["a GitHub Actions workflow, which runs the checks and tests"],
    },
    { name: "a ruleset", path: ".github/rulesets/main.json", code: '{"name": "main", "enforcement": "disabled"}\n', errors: [{ messageId: "changed", line: 1 }], messageIncludes: ["a repository ruleset"] },
    {
      name: "probot settings with branch protection",
      path: ".github/settings.yml",
      code: "branches:\n  - name: main\n    protection:\n      required_status_checks: null\n",
      errors: [{ messageId: "changed", line: 1 }],
      messageIncludes: ["repository settings (branch protection"],
    },
    { name: "a local action", path: ".github/actions/setup/action.yml", code: "runs:\n  using: composite\n  steps: []\n", errors: [{ messageId: "changed", line: 1 }], messageIncludes: ["a local GitHub Action"] },
    { name: "pytest.ini deselects tests", path: "pytest.ini", code: "[pytest]\naddopts = -k 'not auth'\n", errors: [{ messageId: "changed", line: 1 }], messageIncludes: ["test-runner configuration"] },
    { name: "tox.ini in a subpackage", path: "pkg/tox.ini", code: "[testenv]\ncommands = true\n", errors: [{ messageId: "changed", line: 1 }], messageIncludes: ["test-runner configuration"] },
    { name: "jest config", path: "jest.config.ts", code: "export default { testPathIgnorePatterns: ['auth'] };\n", errors: [{ messageId: "changed", line: 1 }], messageIncludes: ["test-runner configuration"] },
    { name: "vitest config", path: "web/vitest.config.mts", code: "export default {};\n", errors: [{ messageId: "changed", line: 1 }] },
    { name: "mocharc", path: ".mocharc.yml", code: "spec: none\n", errors: [{ messageId: "changed", line: 1 }] },
    { name: "setup.cfg test section changed", path: "setup.cfg", base: "[metadata]\nname = shop\n\n[tool:pytest]\naddopts = -q\n", code: "[metadata]\nname = shop\n\n[tool:pytest]\naddopts = -q --deselect tests/test_auth.py\n", errors: [{ messageId: "testSection", line: 5 }], messageIncludes: ["changes the test settings in setup.cfg"] },
    { name: "setup.cfg coverage section removed", path: "setup.cfg", base: "[metadata]\nname = shop\n\n[coverage:report]\nfail_under = 90\n", code: "[metadata]\nname = shop\n", errors: [{ messageId: "testSection", line: 1 }] },
    { name: "pyproject.toml pytest options changed", path: "pyproject.toml", base: '[project]\nname = "shop"\n\n[tool.pytest.ini_options]\naddopts = "-q"\n', code: '[project]\nname = "shop"\n\n[tool.pytest.ini_options]\naddopts = "-q -k \'not auth\'"\n', errors: [{ messageId: "testSection", line: 5 }] },
    { name: "pyproject.toml test settings as a dotted key", path: "pyproject.toml", base: '[project]\nname = "shop"\n', code: 'tool.pytest.ini_options.addopts = "-k \'not auth\'"\n[project]\nname = "shop"\n', errors: [{ messageId: "testSection", line: 1 }] },
    ...[".semgrepignore", ".gitleaksignore", ".secretlintignore", ".eslintignore", ".bandit", ".trivyignore"].map((path) => ({
      name: `scanner ignore file ${path}`,
      path,
      code: "src/\n",
      errors: [{ messageId: "changed", line: 1 }],
      messageIncludes: ["a security scanner's ignore file"],
    })),
    { name: ".gitattributes with only line endings", path: ".gitattributes", code: "* text=auto eol=lf\n*.png binary\n", errors: [{ messageId: "changed", line: 1 }], messageIncludes: ["the .gitattributes file"] },
    { name: "CODEOWNERS moved out of place", path: "old/CODEOWNERS.bak", status: "renamed", previousPath: ".github/CODEOWNERS", code: "* @acme/maintainers\n", errors: [{ messageId: "moved", line: 1 }], messageIncludes: ["moves .github/CODEOWNERS, the CODEOWNERS file", "no longer takes effect"] },
    { name: "config moved out of place", path: ".github/agent-gate.yml.off", status: "renamed", previousPath: ".github/agent-gate.yml", code: "enabled: true\n", errors: [{ messageId: "moved", line: 1 }], messageIncludes: ["moves .github/agent-gate.yml, the agent-gate configuration"] },
    { name: "workflow moved into a subdirectory GitHub does not run", path: ".github/workflows/disabled/ci.yml", status: "renamed", previousPath: ".github/workflows/ci.yml", code: "on: push\n", errors: [{ messageId: "moved", line: 1 }], messageIncludes: ["moves .github/workflows/ci.yml, a GitHub Actions workflow"] },
    { name: "a rename inside .github/workflows stays reported", path: ".github/workflows/test.yml", status: "renamed", previousPath: ".github/workflows/ci.yml", code: "on: push\n", errors: [{ messageId: "changed", line: 1 }], messageIncludes: ["changes .github/workflows/test.yml, a GitHub Actions workflow"] },
  ],
});

describe(".gitattributes that changes what Git shows or checks out", () => {
  const run = (code: string, base?: string) => resultFor("any/gate-tamper", { name: "gitattributes", path: ".gitattributes", code, ...(base !== undefined ? { base } : {}) });
  it.each([
    ["a clean/smudge filter on Python", "*.py filter=hide\n", "*.py", "filter=hide"],
    ["a diff driver on TypeScript", "src/**/*.ts diff=nothing\n", "src/**/*.ts", "diff=nothing"],
    ["-text on every file", "* -text\n", "*", "-text"],
    ["binary on JavaScript", "*.js binary\n", "*.js", "binary"],
    ["a macro that hides diffs", "[attr]quiet -diff\n*.py quiet\n", "*.py", "-diff"],
    ["a re-encoding on checkout", "*.py working-tree-encoding=UTF-7\n", "*.py", "working-tree-encoding=UTF-7"],
  ])("%s is tamper and leaves the files not checked", async (_name, code, pattern, attribute) => {
    const { findings, incomplete } = await run(code);
    const attr = findings.filter((f) => f.message.includes("gives files matching"));
    expect(attr).toHaveLength(1);
    expect(attr[0]!.message).toContain(`matching ${pattern} the .gitattributes ${attribute}`);
    expect(incomplete).toEqual([expect.objectContaining({ file: ".gitattributes", reason: expect.stringContaining(`files matching ${pattern}`) })]);
  });

  it.each([
    ["line endings only", "* text=auto eol=lf\n"],
    ["binary images and fonts", "*.png binary\n*.woff2 -diff\n"],
    ["a lock file's diff hidden", "package-lock.json -diff\nyarn.lock binary\n"],
    ["linguist hints", "docs/** linguist-documentation\n"],
  ])("control: %s is reported as a change but leaves nothing unchecked", async (_name, code) => {
    const { findings, incomplete } = await run(code);
    expect(findings.map((f) => f.message)).toEqual([expect.stringContaining("changes .gitattributes")]);
    expect(incomplete).toEqual([]);
  });

  it("control: a filter the base already had is not new", async () => {
    const { incomplete } = await run("*.py filter=lfs\n* eol=lf\n", "*.py filter=lfs\n");
    expect(incomplete).toEqual([]);
  });
});

describe("the gate scope", () => {
  const scoper = new Scoper(loadCatalogue(), defaultConfig(loadCatalogue()));
  const inGate = (path: string) => scoper.byPath(path).some((s) => s.scope === "gate");
  it.each([
    ".github/agent-gate.yml",
    "CODEOWNERS",
    ".github/CODEOWNERS",
    "docs/CODEOWNERS",
    ".github/rulesets/main.json",
    ".github/settings.yml",
    ".github/workflows/ci.yml",
    ".github/workflows/nested/deploy.yaml",
    ".github/actions/setup/action.yml",
    "pytest.ini",
    "svc/tox.ini",
    "setup.cfg",
    "pyproject.toml",
    "jest.config.js",
    "web/vitest.config.ts",
    ".mocharc.json",
    ".semgrepignore",
    ".gitleaksignore",
    ".secretlintignore",
    ".eslintignore",
    ".bandit",
    ".trivyignore",
    ".gitattributes",
    "vendor/lib/.gitattributes",
  ])(
    "covers %s",
    (path) => expect(inGate(path)).toBe(true),
  );
  it.each(["src/CODEOWNERS.ts", ".github/dependabot.yml", ".github/ISSUE_TEMPLATE/bug.md", "workflows/ci.yml", "app/settings.yml", "docs/rulesets.md", "src/jest.setup.ts", "tests/test_pytest.py"])(
    "does not cover %s",
    (path) => expect(inGate(path)).toBe(false),
  );

  it("covers a renamed file by its previous path too", () => {
    const scopes = scoper.byChange({ path: "old/CODEOWNERS.bak", previousPath: ".github/CODEOWNERS" });
    expect(scopes).toContainEqual({ scope: "gate", reason: "previous path .github/CODEOWNERS: path matches .github/CODEOWNERS" });
    expect(scoper.byChange({ path: "old/CODEOWNERS.bak" }).some((s) => s.scope === "gate")).toBe(false);
  });
});
