// Tests taken out of the way of a change: a test file deleted, or tests marked skipped or
// focused (only the focused ones run) — it.skip, describe.skip, xit, test.fixme, it.only,
// @pytest.mark.skip, @unittest.skip, a module-level pytest.skip, JUnit @Disabled/@Ignore,
// Rust #[ignore]. A warning: there are good reasons to skip a test, and a human decides.
// Tests removed from inside a file that stays are found by comparing with the base revision.
import { defineVerifier } from "../types.js";
import { extension } from "./formats/kind.js";
import { isFixturePath, isTestHelperPath, isTestPath } from "../../knowledge/test-paths.js";

const CODE = new Set("py js jsx mjs cjs ts tsx mts cts go java kt kts rb rs cs php swift scala ex exs".split(" "));

const SKIP = "marks tests as skipped, so they no longer run";
const FOCUS = "focuses the run on these tests, so every other test in the file is skipped";
const MODULE = "skips every test in this module";

const SKIPS: { pattern: RegExp; what: string }[] = [
  { pattern: /(?<![\w.$])(?:it|test|describe|context|suite|specify|bench)(?:\.describe)?\.skip\b/, what: SKIP },
  { pattern: /(?<![\w.$])(?:xit|xdescribe|xtest|xcontext|xspecify)\s{0,5}\(/, what: SKIP },
  { pattern: /(?<![\w.$])test(?:\.describe)?\.fixme\s{0,5}\(/, what: SKIP },
  { pattern: /(?<![\w.$])(?:it|test|describe|context|suite)(?:\.describe)?\.only\b/, what: FOCUS },
  { pattern: /(?<![\w.$])(?:fit|fdescribe)\s{0,5}\(/, what: FOCUS },
  { pattern: /^\s{0,40}@(?:pytest\.mark\.skip|unittest\.skip|skip)\b(?!If|Unless|if)/, what: SKIP },
  { pattern: /^\s{0,40}@(?:pytest\.mark\.skipif|unittest\.skipIf)\s{0,5}\(\s{0,5}True\b/, what: SKIP },
  { pattern: /^pytest\.skip\s{0,5}\(|^raise\s{1,5}(?:unittest\.)?SkipTest\b|^pytestmark\s{0,5}=[^\n]{0,200}\bpytest\.mark\.skip\b/, what: MODULE },
  { pattern: /^\s{0,40}@(?:Disabled|Ignore)\b/, what: SKIP },
  { pattern: /^\s{0,40}#\[ignore\b/, what: SKIP },
];

// One test case per match; the captured name tells which ones went missing.
const TEST_CASES: RegExp[] = [
  /^\s{0,40}(?:it|test|specify)(?:\.each\([^)]{0,200}\))?\s{0,5}\(\s{0,5}(['"`])([^'"`\n]{1,200})\1/,
  /^\s{0,40}(?:async\s{1,5})?def\s{1,5}(test\w{0,200})\s{0,5}\(/,
  /^func\s{1,5}(Test\w{0,200})\s{0,5}\(/,
];
const SHOWN = 5;

/** The test cases a file declares, by name (a name declared twice counts twice). */
function testCases(text: string): string[] {
  const names: string[] = [];
  for (const line of text.split("\n")) {
    for (const re of TEST_CASES) {
      const m = re.exec(line);
      if (m) {
        names.push(m[m.length - 1] ?? "");
        break;
      }
    }
  }
  return names;
}

function removedCases(before: string, after: string): string[] {
  const had = testCases(before);
  const left = testCases(after);
  const shortfall = had.length - left.length;
  const gone = had.filter((name) => {
    const at = left.indexOf(name);
    if (at !== -1) left.splice(at, 1);
    return at === -1;
  });
  // A renamed test is not a removed one: report only as many as the count fell by.
  return gone.slice(0, Math.max(0, shortfall));
}

function isTestFile(path: string): boolean {
  if (!CODE.has(extension(path)) || isFixturePath(path) || isTestHelperPath(path)) return false;
  return isTestPath(path);
}

export const verifier = defineVerifier({
  id: "any/test-tamper",
  languages: ["any", "path"],
  messageIds: ["deleted", "removed", "skipped"],
  wantsBase: isTestFile,
  check(ctx) {
    if (!isTestFile(ctx.path)) return;
    if (ctx.status === "removed") {
      ctx.report({ messageId: "deleted", data: { path: ctx.path }, line: 1, wholeFile: true });
      return;
    }
    const before = ctx.baseText();
    const gone = before === undefined ? [] : removedCases(before, ctx.text);
    if (gone.length > 0) {
      const names = gone.slice(0, SHOWN).map((n) => `"${n}"`).join(", ") + (gone.length > SHOWN ? ` and ${gone.length - SHOWN} more` : "");
      ctx.report({ messageId: "removed", data: { path: ctx.path, count: String(gone.length), names }, line: 1, wholeFile: true });
    }
    ctx.text.split("\n").forEach((line, i) => {
      if (/^\s*(?:\/\/|#(?!\[)|\*)/.test(line)) return;
      for (const { pattern, what } of SKIPS) {
        const m = pattern.exec(line);
        if (m) {
          ctx.report({ messageId: "skipped", data: { what, marker: m[0].replace(/\s*\($/, "").trim() }, line: i + 1 });
          return;
        }
      }
    });
  },
});
