// Converts rule-tester tables from `lines: [..]` to `errors: [{ messageId, line }]`, filling in the
// ids each rule reports today. Run it on tables that still list lines only, then READ the ids it
// wrote: an id that is not the one the case is about is a bug in the rule, not in the table.
//   npx tsx scripts/fill-message-ids.ts test/verifiers/python/foo.test.ts [more tables...]
// It runs the tables once with RULE_TESTER_RECORD set (cases without `errors` fail then; that is
// expected), and rewrites only cases whose recorded lines equal their `lines`. With
// `--recorded FILE` it reads reports recorded earlier (RULE_TESTER_RECORD=FILE jest ...) instead.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Node, Project, SyntaxKind, type ObjectLiteralExpression, type SourceFile } from "ts-morph";

interface Recorded {
  ruleId: string;
  name: string;
  reports: { messageId: string; line: number }[];
}

function record(files: string[]): Recorded[] {
  const out = join(mkdtempSync(join(tmpdir(), "fill-ids-")), "reports.jsonl");
  writeFileSync(out, "");
  spawnSync("npx", ["jest", "--maxWorkers=1", ...files], {
    stdio: "ignore",
    env: { ...process.env, RULE_TESTER_RECORD: out, NODE_OPTIONS: "--experimental-vm-modules" },
  });
  return readRecorded(out);
}

function readRecorded(path: string): Recorded[] {
  return readFileSync(path, "utf8").split("\n").filter((l) => l !== "").map((l) => JSON.parse(l) as Recorded);
}

/** The rule id a `ruleTester(...)` call names: a string literal, or a const holding one. */
function ruleIdOf(sf: SourceFile, arg: Node | undefined): string | undefined {
  if (Node.isStringLiteral(arg)) return arg.getLiteralValue();
  if (!Node.isIdentifier(arg)) return undefined;
  const init = sf.getVariableDeclaration(arg.getText())?.getInitializer();
  return Node.isStringLiteral(init) ? init.getLiteralValue() : undefined;
}

/** A case's name as a matcher: exact for a literal, a pattern for a template (`${x}` matches anything). */
function nameMatcher(obj: ObjectLiteralExpression): ((name: string) => boolean) | undefined {
  const init = obj.getProperty("name")?.asKind(SyntaxKind.PropertyAssignment)?.getInitializer();
  if (Node.isStringLiteral(init) || Node.isNoSubstitutionTemplateLiteral(init)) {
    const name = init.getLiteralValue();
    return (n) => n === name;
  }
  if (Node.isTemplateExpression(init)) {
    const parts = [init.getHead().getLiteralText(), ...init.getTemplateSpans().map((s) => s.getLiteral().getLiteralText())];
    const re = new RegExp(`^${parts.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`, "s");
    return (n) => re.test(n);
  }
  return undefined;
}

/** The `errors` text for one case, or why it cannot be filled in. */
function errorsFor(lineTexts: string[], runs: Recorded[], indent: string): string | { skip: string } {
  if (runs.length === 0) return { skip: "no recorded run" };
  const wanted = lineTexts.map((t) => Number(t.replace(/_/g, "")));
  const texts = new Set<string>();
  for (const run of runs) {
    const left = [...run.reports];
    const parts: string[] = [];
    for (const [i, line] of wanted.entries()) {
      const at = left.findIndex((r) => r.line === line);
      if (at < 0) return { skip: `line ${line} not reported (reports: ${JSON.stringify(run.reports)})` };
      parts.push(`{ messageId: ${JSON.stringify(left[at]!.messageId)}, line: ${lineTexts[i]} }`);
      left.splice(at, 1);
    }
    if (left.length > 0) return { skip: `extra reports ${JSON.stringify(left)}` };
    const oneLine = `errors: [${parts.join(", ")}]`;
    texts.add(oneLine.length <= 100 ? oneLine : `errors: [\n${parts.map((p) => `${indent}  ${p},`).join("\n")}\n${indent}]`);
  }
  return texts.size === 1 ? [...texts][0]! : { skip: "generated cases report different ids" };
}

function convert(sf: SourceFile, recorded: Recorded[]): string[] {
  const problems: string[] = [];
  const edits: { start: number; end: number; text: string }[] = [];
  for (const call of sf.getDescendantsOfKind(SyntaxKind.CallExpression)) {
    if (call.getExpression().getText() !== "ruleTester") continue;
    const [idArg, table] = call.getArguments();
    const ruleId = ruleIdOf(sf, idArg);
    const invalid = table?.asKind(SyntaxKind.ObjectLiteralExpression)?.getProperty("invalid");
    if (!ruleId || !invalid) continue;
    for (const obj of invalid.getDescendantsOfKind(SyntaxKind.ObjectLiteralExpression)) {
      const lines = obj.getProperty("lines")?.asKind(SyntaxKind.PropertyAssignment);
      const array = lines?.getInitializer()?.asKind(SyntaxKind.ArrayLiteralExpression);
      if (!lines || !array) continue;
      const matches = nameMatcher(obj);
      const where = `${sf.getFilePath()}:${obj.getStartLineNumber()}`;
      if (!matches) {
        problems.push(`${where}: case name is not a literal`);
        continue;
      }
      const indent = " ".repeat(lines.getStart() - lines.getStartLinePos());
      const text = errorsFor(array.getElements().map((e) => e.getText()), recorded.filter((r) => r.ruleId === ruleId && matches(r.name)), indent);
      if (typeof text === "string") edits.push({ start: lines.getStart(), end: lines.getEnd(), text });
      else problems.push(`${where}: ${text.skip}`);
    }
  }
  let out = sf.getFullText();
  for (const e of edits.sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  writeFileSync(sf.getFilePath(), out);
  return problems;
}

const args = process.argv.slice(2);
const from = args[0] === "--recorded" ? args[1] : undefined;
const files = from ? args.slice(2) : args;
if (files.length === 0) throw new Error("usage: npx tsx scripts/fill-message-ids.ts [--recorded FILE] <table.test.ts>...");
const recorded = from
  ? readRecorded(from)
  : record(files);
const project = new Project({ skipAddingFilesFromTsConfig: true });
const problems = files.flatMap((f) => convert(project.addSourceFileAtPath(f), recorded));
for (const p of problems) console.log(p);
console.log(`${files.length} table(s) rewritten, ${problems.length} case(s) left for a human`);
