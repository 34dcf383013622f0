// Comments that switch a security check off for a line or a file: agent-gate's own ignore
// marker, Semgrep, Bandit/gosec, Ruff/flake8-bandit S rules, ESLint security rules, secret
// scanners (detect-secrets, gitleaks, TruffleHog), IaC scanners (Checkov, tfsec, Trivy, KICS),
// CodeQL/LGTM, Snyk and Sonar. Type-checker suppressions (@ts-ignore, type: ignore) and
// ordinary lint suppressions are not security checks and are not findings.
import { defineVerifier } from "../types.js";
import { extension } from "./formats/kind.js";

const DOCS = new Set(["md", "markdown", "rst", "txt", "adoc", "asciidoc"]);
const COMMENT_OPENER = /#|\/\/|\/\*|<!--|--\s|;\s|^\s*\*|\{#/;

const MARKERS: { pattern: RegExp; tool: string }[] = [
  { pattern: /agent-gate[-: ]?(?:ignore|disable|skip|allow)\b/i, tool: "agent-gate" },
  { pattern: /\bnosemgrep\b/, tool: "Semgrep" },
  { pattern: /#\s{0,3}nosec\b/, tool: "Bandit/gosec" },
  { pattern: /\bnoqa\s{0,3}:[^#\n]{0,200}?\bS\d{3}\b/, tool: "Ruff/flake8-bandit" },
  { pattern: /pragma:\s{0,3}allowlist(?:\s{1,3}|-)(?:nextline\s{1,3})?secret\b/, tool: "detect-secrets" },
  { pattern: /\bgitleaks:allow\b/, tool: "gitleaks" },
  { pattern: /\btrufflehog:ignore\b/, tool: "TruffleHog" },
  { pattern: /\bcheckov:skip=/, tool: "Checkov" },
  { pattern: /\b(?:tfsec|trivy):ignore:/, tool: "tfsec/Trivy" },
  { pattern: /\bkics-scan\s{1,3}ignore\b/, tool: "KICS" },
  { pattern: /\b(?:lgtm|codeql)\s{0,3}\[/, tool: "CodeQL" },
  { pattern: /\bdeepcode\s{1,3}ignore\b/, tool: "Snyk Code" },
  { pattern: /\bNOSONAR\b/, tool: "SonarQube" },
];

const GLOBAL_MARKERS = MARKERS.map(({ pattern, tool }) => ({ pattern: new RegExp(pattern.source, `${pattern.flags}g`), tool }));

const ESLINT = /\beslint-disable(?:-next-line|-line)?(?=[\s*]|$)([^\n]{0,500})/g;
/** ESLint rules that exist to catch security bugs. */
const SECURITY_RULE =
  /^(?:(?:security|security-node|no-unsanitized|@microsoft\/sdl|xss|scanjs-rules|no-secrets|anti-trojan-source|@lavamoat\/[\w-]{1,40}|pii)\/[\w-]{1,80}|no-eval|no-implied-eval|no-new-func|no-script-url|@typescript-eslint\/no-implied-eval|react\/no-danger(?:-with-children)?|react\/jsx-no-script-url|react\/jsx-no-target-blank|vue\/no-v-html|svelte\/no-at-html-tags)$/;

function eslintSecurityRules(line: string): string[] {
  // Every directive on the line: a decoy in a string before the real one must not hide it.
  return [...line.matchAll(ESLINT)].flatMap((m) =>
    (((m[1] ?? "").split(/\*\/|--/)[0] ?? "").split(",").map((r) => r.trim()).filter((r) => SECURITY_RULE.test(r))),
  );
}

/** The first marker on the line that follows a comment opener; every occurrence is tried. */
function marker(line: string): { tool: string; text: string } | undefined {
  const opener = COMMENT_OPENER.exec(line);
  if (!opener) return undefined;
  const after = opener.index + opener[0].length - 1;
  for (const { pattern, tool } of GLOBAL_MARKERS) {
    for (const m of line.matchAll(pattern)) if (m.index >= after) return { tool, text: m[0].trim() };
  }
  return undefined;
}

export const verifier = defineVerifier({
  id: "any/suppression-marker",
  languages: ["any"],
  messageIds: ["gate", "marker", "eslint"],
  check(ctx) {
    if (DOCS.has(extension(ctx.path))) return;
    // Every line, however long: a marker at the end of a 4,000-character line still counts.
    ctx.text.split("\n").forEach((line, i) => {
      const found = marker(line);
      if (found) {
        ctx.report({ messageId: found.tool === "agent-gate" ? "gate" : "marker", data: { tool: found.tool, marker: found.text }, line: i + 1 });
        return;
      }
      const rules = eslintSecurityRules(line);
      if (rules.length > 0) ctx.report({ messageId: "eslint", data: { rules: rules.join(", ") }, line: i + 1 });
    });
  },
});
