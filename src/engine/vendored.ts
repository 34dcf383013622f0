// Third-party code committed into the repository (vendor/, node_modules/ at any depth) skips the
// package manager's lockfile and integrity checks, and reviewers rarely read it. The gate still
// scans it for secrets and gate tamper (no exclude removes those scopes); this warning tells the
// reviewer that the PR brings such code in, once for the whole PR, listing the files.
import { createHash } from "node:crypto";
import type { ChangedFile, Finding } from "./types.js";

export const VENDORED_RULE = "scan/vendored-code";
const VENDORED = /(?:^|\/)(?:vendor|node_modules)\//;
const LISTED = 20;

function vendored(path: string | undefined): boolean {
  return path !== undefined && VENDORED.test(path);
}

/** Files the PR adds under vendor/ or node_modules/ (added, or copied or renamed in from elsewhere). */
export function vendoredFiles(files: ChangedFile[]): string[] {
  return files
    .filter((f) => vendored(f.path) && (f.status === "added" || ((f.status === "renamed" || f.status === "copied") && !vendored(f.previousPath))))
    .map((f) => f.path);
}

/** One warning listing the vendored files a PR adds, or none. */
export function vendoredFinding(files: ChangedFile[]): Finding | undefined {
  const paths = vendoredFiles(files);
  if (paths.length === 0) return undefined;
  const listed = paths.slice(0, LISTED).join(", ");
  const more = paths.length > LISTED ? `, and ${paths.length - LISTED} more` : "";
  return {
    ruleId: VENDORED_RULE,
    category: "supply-chain",
    cwe: ["CWE-829"],
    severity: "warning",
    file: paths[0]!,
    line: 1,
    endLine: 1,
    message: `This pull request adds ${paths.length} file(s) under vendor/ or node_modules/: ${listed}${more}. Vendored third-party code bypasses the package manager's lockfile and integrity checks.`,
    remediation:
      "Declare the dependency in the package manifest and let the package manager install it from the lockfile. If the code must be vendored, a human should confirm where it came from and which version it is.",
    scope: "secrets",
    fingerprint: createHash("sha256").update(`${VENDORED_RULE}\0${[...paths].sort().join("\0")}`).digest("hex").slice(0, 16),
    wholeFile: true,
  };
}
