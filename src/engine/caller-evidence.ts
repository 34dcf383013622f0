// The one step after every file of an evaluation is checked: a finding that rests on a parameter
// of a named function (`unlessCallers`) becomes its lower tier when the scanned files call that
// function and every call passes a value the program owns there. Only the scanned files count (a
// PR's changed files): a caller the scan does not see is not counted, which the lower tier's
// message says. Whatever this step cannot read or parse counts as a call that is not own. A call
// whose argument is a parameter of the function around it is own when every call of THAT function
// passes own there, followed up to two functions up; a cycle or anything deeper is not own.
import { readLocalText } from "./local-text.js";
import { ParsedFile } from "./parsed-file.js";
import type { FileToCheck } from "./run-verifiers.js";
import type { CallKey, CallVerdict, Finding, Unchecked, UnlessCallers } from "./types.js";
import { pythonCalls } from "../analysis/python/call-arguments.js";
import { typescriptCalls } from "../analysis/typescript/call-arguments.js";
import type { Language } from "../verifiers/types.js";
import { initPython } from "../verifiers/python/parser.js";

/** Calls listed in the message, at most. */
const SHOWN = 3;

/** Functions whose calls are searched for one finding: its own, and two callers up. */
const MAX_DEPTH = 3;

/** A call, settled: `up` holds the calls of the function whose parameter it passes, when it went through one. */
interface Settled {
  file: string;
  line: number;
  own: boolean;
  up?: { name: string; calls: Settled[] };
}

type Family = "python" | "typescript";

function familyOf(language: Language): Family | undefined {
  if (language === "python") return "python";
  return language === "typescript" || language === "javascript" ? "typescript" : undefined;
}

/** The findings with every `unlessCallers` settled: the lower tier where the calls show it, else the finding as it was. */
export async function settleCallers(files: FileToCheck[], findings: Finding[]): Promise<Finding[]> {
  if (!findings.some((f) => f.unlessCallers)) return findings;
  const languages = new Map(files.map((f) => [f.path, f.language]));
  const calls = new CallSearch(files);
  try {
    const out: Finding[] = [];
    for (const f of findings) {
      const { unlessCallers: key, ...plain } = f;
      const family = key ? familyOf(languages.get(f.file) ?? "text") : undefined;
      out.push(key && family ? settled(plain, key, await settle(calls, family, [key])) : plain);
    }
    return out;
  } finally {
    calls.dispose();
  }
}

const keyId = (k: CallKey): string => `${k.method ? "." : ""}${k.name}/${k.param}/${k.paramName ?? ""}/${k.required ? "required" : ""}`;

/**
 * The calls of the last function of `chain`, each settled: one passing a parameter of the
 * function around it is own when that function's calls all are. No call found, a function
 * already in the chain (recursion) or one past MAX_DEPTH: not own.
 */
async function settle(search: CallSearch, family: Family, chain: CallKey[]): Promise<Settled[]> {
  const found = await search.of(family, chain[chain.length - 1]!);
  // One call that is plainly not own settles it: nothing further up is searched.
  if (found.some((c) => !c.own && !c.via)) return found.map(({ via: _via, ...c }) => c);
  const out: Settled[] = [];
  for (const { via, ...c } of found) {
    const followed = via && chain.length < MAX_DEPTH && !chain.some((k) => keyId(k) === keyId(via));
    const calls = followed ? await settle(search, family, [...chain, via]) : [];
    const call = via ? { ...c, own: ownAll(calls), up: { name: via.name, calls } } : c;
    out.push(call);
    if (!call.own) break;
  }
  return out;
}

const ownAll = (calls: Settled[]): boolean => calls.length > 0 && calls.every((c) => c.own);

/** `2 calls, a.js:3, b.js:9`, and for calls that pass a parameter on, whose calls vouch for them. */
function described(calls: Settled[]): string {
  const where = calls.slice(0, SHOWN).map((c) => `${c.file.split("/").pop()}:${c.line}`).join(", ") + (calls.length > SHOWN ? ", …" : "");
  const ups = new Map(calls.flatMap((c) => (c.up ? [[c.up.name, c.up.calls] as const] : [])));
  const via = [...ups].map(([name, up]) => `, whose argument is what the calls of \`${name}\` pass (${described(up)})`).join("");
  return `${calls.length} call${calls.length === 1 ? "" : "s"}, ${where}${via}`;
}

function settled(finding: Finding, key: UnlessCallers<Finding>, calls: Settled[]): Finding {
  if (!ownAll(calls)) return finding;
  const { unlessCallers: _nested, ...instead } = key.instead;
  const evidence = ` Every call of \`${key.name}\` in the scanned files passes a value the program owns (${described(calls)}); a caller outside them was not seen, so check every caller.`;
  const at = instead.message.lastIndexOf("{{callers}}");
  const message = at < 0 ? `${instead.message}${evidence}` : `${instead.message.slice(0, at)}${evidence}${instead.message.slice(at + "{{callers}}".length)}`;
  return { ...instead, message };
}

interface Opened {
  parsed: ParsedFile;
  /** Where its parser says it stopped short. */
  problems: Unchecked[];
}

/** A file's text, read from disk if it was left there; undefined when it cannot be read. */
function open(file: FileToCheck): Opened | undefined {
  const text = file.text ?? (file.onDisk ? readLocalText(file.onDisk.file, file.path, file.onDisk.maxBytes)?.text : undefined);
  const problems: Unchecked[] = [];
  return text === undefined ? undefined : { parsed: new ParsedFile(file.path, file.language, text, problems), problems };
}

/** The calls in one file, or undefined when its parse stopped short (a syntax error, nesting too deep). */
function callsIn(parsed: ParsedFile, problems: Unchecked[], key: CallKey): CallVerdict[] | undefined {
  try {
    const calls = parsed.language === "python" ? pythonCalls(parsed.python(), key) : typescriptCalls(parsed.typescript(), key);
    return problems.length === 0 ? calls : undefined;
  } catch {
    return undefined;
  }
}

/** A name written with escapes (`\u0066ind`) is the same identifier to JavaScript: match those too. */
function mentionOf(name: string): RegExp {
  const chars = [...name].map((ch) => {
    const hex = ch.codePointAt(0)!.toString(16);
    return `(?:${ch.replace(/[$]/g, "\\$")}|\\\\u(?:0*${hex}|\\{0*${hex}\\}))`;
  });
  return new RegExp(chars.join(""), "i");
}

/** The scanned files of one language family; those that mention a name are kept, parsed at most once for the whole step. */
class CallSearch {
  private readonly kept = new Map<string, Opened>();
  /** Each function's calls, searched once: findings share keys, and chains share functions. */
  private readonly searched = new Map<string, Promise<(CallVerdict & { file: string })[]>>();

  constructor(private readonly files: FileToCheck[]) {}

  of(family: Family, key: CallKey): Promise<(CallVerdict & { file: string })[]> {
    const id = `${family}:${keyId(key)}`;
    const known = this.searched.get(id) ?? this.search(family, key);
    this.searched.set(id, known);
    return known;
  }

  private async search(family: Family, key: CallKey): Promise<(CallVerdict & { file: string })[]> {
    if (family === "python") await initPython();
    const mention = mentionOf(key.name);
    const out: (CallVerdict & { file: string })[] = [];
    for (const file of this.files) {
      if (file.status === "removed" || familyOf(file.language) !== family) continue;
      const opened = this.kept.get(file.path) ?? open(file);
      // Fail closed: a file this step cannot read may hold any call.
      if (!opened) {
        out.push({ file: file.path, line: 1, own: false });
        continue;
      }
      // The others' texts are dropped: a project's worth of text read from disk is not held.
      if (!mention.test(opened.parsed.text)) continue;
      this.kept.set(file.path, opened);
      const found = callsIn(opened.parsed, opened.problems, key);
      out.push(...(found ?? [{ line: 1, own: false }]).map((c) => ({ ...c, file: file.path })));
    }
    return out;
  }

  dispose(): void {
    for (const o of this.kept.values()) o.parsed.dispose();
  }
}
