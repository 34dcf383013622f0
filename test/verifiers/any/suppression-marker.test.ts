import { ruleTester } from "../../support/rule-tester.js";

ruleTester("any/suppression-marker", {
  invalid: [
    {
      name: "attack: a marker at the end of a line over 4,000 characters",
      path: "app/tasks.py",
      code: `import subprocess\nsubprocess.run(cmd, shell=True, env={${'"k": "v", '.repeat(400)}})  # nosec B602\n`,
      errors: [{ messageId: "marker", line: 2 }],
    },
    {
      name: "attack: a decoy marker in a string before the real one",
      path: "src/render.js",
      code: `const s = "nosemgrep"; el.innerHTML = html; // nosemgrep\nconst t = "eslint-disable"; eval(x); /* eslint-disable-line no-eval */\n`,
      errors: [{ messageId: "marker", line: 1 }, { messageId: "eslint", line: 2 }],
    },
    {
      name: "Python: nosec on a shell call and noqa of a bandit rule",
      path: "app/tasks.py",
      code: [
        "import subprocess",
        "",
        "def archive(name: str) -> None:",
        '    subprocess.run(f"tar czf {name}.tgz data/", shell=True)  # nosec B602',
        '    password = "dev"  # noqa: S105',
        "    print(name)  # noqa: T201",
      ].join("\n"),
      errors: [{ messageId: "marker", line: 4 }, { messageId: "marker", line: 5 }],
      messageIncludes: ["# nosec turns a Bandit/gosec security check off here"],
    },
    {
      name: "TypeScript: eslint-disable of security rules",
      path: "src/render.tsx",
      code: [
        'import React from "react";',
        "// eslint-disable-next-line react/no-danger -- trusted HTML",
        "export const Html = ({ html }: { html: string }) => <div dangerouslySetInnerHTML={{ __html: html }} />;",
        "/* eslint-disable security/detect-object-injection, no-console */",
        "export const pick = (o: Record<string, string>, k: string) => o[k];",
      ].join("\n"),
      errors: [{ messageId: "eslint", line: 2 }, { messageId: "eslint", line: 4 }],
      messageIncludes: ["switches off the security rule(s) react/no-danger"],
    },
    {
      name: "agent-gate's own marker in a comment",
      path: "app/db/queries.py",
      code: ["def find(cur, name):", '    cur.execute(f"SELECT * FROM users WHERE name = \'{name}\'")  # agent-gate-ignore', "    return cur.fetchall()"].join("\n"),
      errors: [{ messageId: "gate", line: 2 }],
      messageIncludes: ["asks agent-gate to ignore a finding"],
    },
    {
      name: "nosemgrep in JavaScript and gosec in Go",
      path: "server/handler.go",
      code: ["package server", "", "func run(cmd string) {", '\texec.Command("sh", "-c", cmd).Run() // #nosec G204', "}", "// nosemgrep: go.lang.security.audit.dangerous-exec-command"].join("\n"),
      errors: [{ messageId: "marker", line: 4 }, { messageId: "marker", line: 6 }],
    },
    {
      name: "secret scanner allow markers in config",
      path: "config/settings.yaml",
      code: ["database:", "  password: Adm1n-Pw-2024  # pragma: allowlist secret", "  token: abc  # gitleaks:allow"].join("\n"),
      errors: [{ messageId: "marker", line: 2 }, { messageId: "marker", line: 3 }],
      messageIncludes: ["detect-secrets"],
    },
    {
      name: "Terraform skipped by Checkov and tfsec",
      path: "infra/storage.tf",
      code: [
        'resource "aws_s3_bucket" "logs" {',
        "  #checkov:skip=CKV_AWS_18:logging not needed",
        "  bucket = \"acme-logs\" #tfsec:ignore:aws-s3-enable-bucket-logging",
        "}",
      ].join("\n"),
      errors: [{ messageId: "marker", line: 2 }, { messageId: "marker", line: 3 }],
    },
    {
      name: "CodeQL and Sonar suppressions in Java",
      path: "src/main/java/com/acme/Db.java",
      code: ["class Db {", "  ResultSet q(String id) throws SQLException {", '    return st.executeQuery("SELECT * FROM t WHERE id=" + id); // lgtm[java/sql-injection]', "  }", "  String k = KEY; // NOSONAR", "}"].join("\n"),
      errors: [{ messageId: "marker", line: 3 }, { messageId: "marker", line: 5 }],
    },
  ],
  valid: [
    {
      name: "type-checker suppressions are not security checks",
      path: "src/legacy.ts",
      code: ["// @ts-ignore", "import x from 'untyped';", "// @ts-expect-error wrong types upstream", "x(1);"].join("\n"),
    },
    {
      name: "Python type: ignore and non-security noqa",
      path: "app/util.py",
      code: ["import yaml  # type: ignore[import]", "from app import *  # noqa: F401,F403", "x = 1  # noqa"].join("\n"),
    },
    {
      name: "eslint-disable of style rules",
      path: "src/index.js",
      code: ["/* eslint-disable no-console */", "// eslint-disable-next-line @typescript-eslint/no-explicit-any", "console.log('ready');"].join("\n"),
    },
    {
      name: "documentation that explains the markers",
      path: "docs/security.md",
      code: ["Never add `# nosec` or `// nosemgrep` to silence a finding.", "agent-gate-ignore is not supported."].join("\n"),
    },
    {
      name: "the word in a string, not a comment",
      path: "src/scanner.ts",
      code: ['export const MARKER = "agent-gate-ignore";', 'const rule = "nosemgrep";'].join("\n"),
    },
    {
      name: "a variable named like a bandit rule",
      path: "app/models.py",
      code: ["S105 = 'sensor-105'", "nosecurity = False", "noqa_count = 3"].join("\n"),
    },
  ],
});
