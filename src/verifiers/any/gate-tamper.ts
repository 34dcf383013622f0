// A pull request may not change what guards it: the gate's own configuration, CODEOWNERS (who
// must review), repository rulesets and branch-protection settings, the workflows and local
// actions that run the gate and the tests, test-runner configuration, scanners' ignore files and
// .gitattributes. The gate's config is read from the default branch, so such an edit would only
// take effect after merge, once nobody re-checks. Which paths count is the `gate` scope in
// rules/scopes.yml (renamed files by their previous path too); this rule names what kind of file
// each one is, and reports moving one out of the place it works from as removing it.
import { defineVerifier, type VerifierContext } from "../types.js";
import { baseName } from "./formats/kind.js";
import { riskyAttributeLines } from "./formats/gitattributes.js";

const TEST_RUNNER = /^(?:pytest\.ini|tox\.ini|setup\.cfg|pyproject\.toml|jest\.config\..+|vitest\.config\..+|\.mocharc.*)$/;
const SCANNER_IGNORE = /^\.(?:semgrepignore|gitleaksignore|secretlintignore|eslintignore|bandit|trivyignore)$/;
/** Files whose other sections are ordinary project settings: only their test sections guard. */
const SHARED_CONFIG = /^(?:setup\.cfg|pyproject\.toml)$/;

/** What kind of guard a path is, judged where it takes effect; undefined when it is none there. */
function kindOf(path: string): string | undefined {
  const base = baseName(path);
  if (/^\.github\/agent-gate\.ya?ml$/.test(path)) return "the agent-gate configuration";
  if (/^(?:\.github\/|docs\/)?CODEOWNERS$/.test(path)) return "the CODEOWNERS file, which decides whose review a change needs";
  // GitHub runs only workflows directly in .github/workflows/.
  if (/^\.github\/workflows\/[^/]+$/.test(path)) return "a GitHub Actions workflow, which runs the checks and tests this pull request must pass";
  if (path.startsWith(".github/workflows/")) return "a file under .github/workflows/, beside the workflows that run the checks and tests";
  if (path.startsWith(".github/actions/")) return "a local GitHub Action, which the workflows run as part of the checks";
  if (path.startsWith(".github/rulesets/")) return "a repository ruleset, which sets the branch rules and required checks";
  if (/^\.github\/settings\.ya?ml$/.test(path)) return "repository settings (branch protection, required reviews and checks)";
  if (TEST_RUNNER.test(base)) return "test-runner configuration, which decides which tests run and how";
  if (SCANNER_IGNORE.test(base)) return "a security scanner's ignore file, which decides what the scanner skips";
  if (base === ".gitattributes") return "the .gitattributes file, which decides how Git diffs, filters and checks out files";
  return undefined;
}

// Test, coverage and scanner settings in setup.cfg / pyproject.toml (INI sections such as
// [tool:pytest], [coverage:run], [testenv:py]; TOML tables and dotted keys under tool.pytest...).
const TEST_KEY = /^(?:tool[.:])?(?:pytest|coverage|tox|nox|bandit|testenv)(?:$|[.:_\s])/;

/** The lines of an INI or TOML file that configure tests, each keyed by its section. */
function testLines(text: string): { line: number; key: string }[] {
  const out: { line: number; key: string }[] = [];
  let section = "";
  text.split("\n").forEach((raw, i) => {
    const line = raw.trim();
    if (line === "" || /^[#;]/.test(line)) return;
    const header = /^\[\[?\s*([^\]]+?)\s*\]\]?/.exec(line);
    if (header) section = header[1]!.replace(/["'\s]/g, "");
    const key = header ? "" : line.split(/[=:]/)[0]!.replace(/["'\s]/g, "");
    if (TEST_KEY.test(section) || TEST_KEY.test(section ? `${section}.${key}` : key)) out.push({ line: i + 1, key: `${section}\0${line.replace(/\s+/g, " ")}` });
  });
  return out;
}

/** The first test line that is new at the head, or 1 when a test line of the base is gone. */
function changedTestLine(ctx: VerifierContext): number | undefined {
  const head = testLines(ctx.text);
  const base = testLines(ctx.baseText() ?? "");
  const before = new Set(base.map((l) => l.key));
  const added = head.find((l) => !before.has(l.key));
  if (added) return added.line;
  const after = new Set(head.map((l) => l.key));
  return base.some((l) => !after.has(l.key)) ? 1 : undefined;
}

function checkAttributes(ctx: VerifierContext): void {
  for (const risky of riskyAttributeLines(ctx.text, ctx.baseText())) {
    ctx.report({ messageId: "attributes", data: { path: ctx.path, pattern: risky.pattern, attributes: risky.attributes.join(" ") }, line: risky.line });
    ctx.incomplete(
      `${ctx.path} line ${risky.line} gives files matching ${risky.pattern} the attributes ${risky.attributes.join(" ")}, so Git may filter, hide or re-encode their text: what the gate read is not necessarily what runs`,
    );
  }
}

/** A path the repository's own `scopes.gate.include` adds. */
const CONFIGURED = "a file the repository's configuration puts under the gate (scopes.gate.include)";

export const verifier = defineVerifier({
  id: "any/gate-tamper",
  // "path" so removed files are judged too; "any" so the text is read for the content checks.
  languages: ["path", "any"],
  messageIds: ["changed", "removed", "moved", "testSection", "attributes"],
  wantsBase: (path) => SHARED_CONFIG.test(baseName(path)) || baseName(path) === ".gitattributes",
  check(ctx) {
    const kind = kindOf(ctx.path);
    const before = ctx.previousPath !== undefined && ctx.previousPath !== ctx.path ? kindOf(ctx.previousPath) : undefined;
    if (ctx.status === "removed") {
      ctx.report({ messageId: "removed", data: { path: ctx.path, kind: kind ?? CONFIGURED }, line: 1, wholeFile: true });
      return;
    }
    // Moved away from where it works, it no longer guards anything: as good as deleted.
    if (ctx.status === "renamed" && before && before !== kind) {
      ctx.report({ messageId: "moved", data: { path: ctx.path, previousPath: ctx.previousPath!, kind: before }, line: 1, wholeFile: true });
      return;
    }
    // A copy that lands outside every guarded place leaves the original in force.
    if (!kind && before) return;
    if (baseName(ctx.path) === ".gitattributes") checkAttributes(ctx);
    if (SHARED_CONFIG.test(baseName(ctx.path))) {
      const line = changedTestLine(ctx);
      if (line !== undefined) ctx.report({ messageId: "testSection", data: { path: ctx.path, kind: kind ?? CONFIGURED }, line, wholeFile: true });
      return;
    }
    ctx.report({ messageId: "changed", data: { path: ctx.path, kind: kind ?? CONFIGURED }, line: 1, wholeFile: true });
  },
});
