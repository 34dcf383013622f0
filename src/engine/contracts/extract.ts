// The contracts' facts of one file, read from the parse the verifiers use (ParsedFile), so a
// changed file is parsed once per evaluation and its parser guards apply to both pipelines.
import { verifierError } from "../findings.js";
import { languageOf } from "../language.js";
import { ParsedFile } from "../parsed-file.js";
import type { Finding, Unchecked } from "../types.js";
import { initPython } from "../../verifiers/python/parser.js";
import type { FileFacts } from "./facts.js";
import { pythonFacts } from "./facts-py.js";
import { typescriptFacts } from "./facts-ts.js";

/** The file's facts, or a finding saying the extraction failed (the file was not checked). */
export function extractFacts(parsed: ParsedFile, withRoutes: boolean): { facts: FileFacts } | { error: Finding } {
  try {
    const facts =
      parsed.language === "python"
        ? pythonFacts(parsed.path, parsed.text, withRoutes, parsed.python())
        : typescriptFacts(parsed.path, parsed.text, withRoutes, parsed.typescript());
    return { facts };
  } catch (err) {
    return { error: verifierError("contracts", parsed.path, "contracts", err instanceof Error ? err.message : String(err)) };
  }
}

/** The facts of a text parsed on its own (tests and benchmarks); throws what the extraction throws. */
export function factsOf(path: string, text: string, withRoutes: boolean): FileFacts {
  const parsed = new ParsedFile(path, languageOf(path), text, []);
  try {
    const out = extractFacts(parsed, withRoutes);
    if ("error" in out) throw new Error(out.error.message);
    return out.facts;
  } finally {
    parsed.dispose();
  }
}

/** A file whose facts the contracts need and the verifiers did not extract. */
export interface FactsRequest {
  path: string;
  text: string;
  withRoutes: boolean;
}

export interface Extracted {
  facts: FileFacts[];
  /** Extractions that failed: the file was not checked against the contracts. */
  findings: Finding[];
  /** Parser guards that fired (syntax error, nesting): could not check. */
  incomplete: Unchecked[];
}

/** Extracts in this thread, each file parsed once (the engine passes its worker pool instead). */
export async function extractInThread(files: FactsRequest[]): Promise<Extracted> {
  const out: Extracted = { facts: [], findings: [], incomplete: [] };
  if (files.some((f) => languageOf(f.path) === "python")) await initPython();
  for (const f of files) {
    const parsed = new ParsedFile(f.path, languageOf(f.path), f.text, out.incomplete);
    try {
      const got = extractFacts(parsed, f.withRoutes);
      if ("facts" in got) out.facts.push(got.facts);
      else out.findings.push(got.error);
    } finally {
      parsed.dispose();
    }
  }
  return out;
}
