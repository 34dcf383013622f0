// Every any/* rule on 100 KB lines of one repeated character (or short sequence), in each kind of
// file the rules read, and on broken files. A regular expression with catastrophic backtracking,
// or a parser that recurses per nesting level, would hang or crash here; finishing without a
// verifier-error finding is the assertion (no timing is measured).
import { describe, expect, it } from "@jest/globals";
import { loadCatalogue } from "../../../src/engine/catalogue.js";
import { defaultConfig } from "../../../src/engine/config.js";
import { languageOf } from "../../../src/engine/language.js";
import { runVerifiers } from "../../../src/engine/run-verifiers.js";
import { loadVerifiers } from "../../../src/verifiers/registry.js";

const catalogue = loadCatalogue();
const rules = loadVerifiers(catalogue).filter((v) => v.id.startsWith("any/"));
const scopes = [...new Set(rules.flatMap((v) => v.meta.scopes))];

const PATHS = [
  "Dockerfile",
  "scripts/deploy.sh",
  "Makefile",
  ".github/workflows/ci.yml",
  "action.yml",
  ".gitlab-ci.yml",
  "package.json",
  "requirements.txt",
  "k8s/deployment.yaml",
  "charts/app/values.yaml",
  "infra/main.tf",
  "cloudformation/stack.json",
  "etc/sudoers",
  ".env",
  "app/storage.py",
  "src/auth.test.ts",
  ".github/CODEOWNERS",
];
const N = 100_000;
const ALPHABETS = ["a", " ", "=", "|", "$", "{", ":", "/", "[", '"', "'", "\\", "-", "#", "(", "${{", "$(", "- ", "a: ", "<<", "`", "NOPASSWD:", "curl ", "chmod 777 "];

async function run(path: string, text: string, status = "added") {
  const { findings } = await runVerifiers(
    [{ path, status, language: languageOf(path), text, scopes }],
    rules,
    defaultConfig(catalogue),
  );
  return findings;
}

describe("any/* rules on hostile 100 KB lines", () => {
  it.each(PATHS)("%s", async (path) => {
    for (const chars of ALPHABETS) {
      const line = chars.repeat(Math.ceil(N / chars.length));
      const findings = await run(path, line);
      expect({ chars, errors: findings.filter((f) => f.category === "verifier-error").map((f) => f.message) }).toEqual({ chars, errors: [] });
    }
  });

  it("reads many short hostile lines too, and one command continued over 25,000 lines", async () => {
    const mixed = Array.from({ length: 2000 }, (_, i) => ALPHABETS[i % ALPHABETS.length]!.repeat(50)).join("\n");
    const continued = "curl -o a x; a;\\\n".repeat(25_000);
    for (const path of PATHS) expect((await run(path, mixed)).filter((f) => f.category === "verifier-error")).toEqual([]);
    for (const path of ["scripts/deploy.sh", "Dockerfile", "Makefile", ".gitlab-ci.yml"]) {
      expect((await run(path, continued)).filter((f) => f.category === "verifier-error")).toEqual([]);
    }
  });
});

describe("any/* rules on crafted lines that defeat backtracking patterns", () => {
  const slashes = "/".repeat(N);
  const crafted: [string, string][] = [
    ["scripts/get.sh", `curl -O http://${slashes}x\nsh x`],
    ["scripts/get.sh", `pip install "git+https://h/${"#".repeat(N)}\nx"`],
    ["k8s/pod.yaml", `apiVersion: v1\nkind: Pod\nspec:\n  volumes:\n    - hostPath:\n        path: "${slashes}x"\n`],
    ["docker-compose.yml", `services:\n  a:\n    volumes:\n      - "${slashes}x:/x"\n`],
    ["requirements.txt", `git+https://h/r${"@".repeat(N)}`],
  ];
  it.each(crafted)("%s", async (path, text) => {
    expect((await run(path, text)).filter((f) => f.category === "verifier-error")).toEqual([]);
  });
});

describe("any/* rules on files that do not parse", () => {
  const broken: [string, string][] = [
    [".github/workflows/ci.yml", "on: push\njobs:\n  build: [\n    steps:\n      - run: curl x | sh\n  - uses: a/b@v1\n"],
    ["k8s/deployment.yaml", "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: x\n   securityContext: {privileged: true\n"],
    ["package.json", '{\n  "scripts": {\n    "postinstall": "curl x | sh",\n'],
    ["cloudformation/stack.json", '{"Resources": {"B": {"Type": "AWS::S3::Bucket", "Properties": {"AccessControl": "PublicRead"'],
    ["infra/main.tf", 'resource "aws_s3_bucket" "b" {\n  acl = "public-read"\n  policy = <<EOF\n{"Statement": [\n'],
    ["Dockerfile", "FROM\nRUN <<EOF\ncurl x | sh\nUSER\nADD\n"],
    ["charts/app/templates/pod.yaml", "apiVersion: v1\nkind: Pod\n{{ if }}{{ end }}\nspec: {{ .Values.spec | toYaml | nindent 2 }}\n"],
    ["scripts/deploy.sh", "#!/bin/sh\necho \"unterminated $(curl x | sh\ncat <<EOF\n"],
  ];
  it.each(broken)("%s", async (path, text) => {
    const findings = await run(path, text);
    expect(findings.filter((f) => f.category === "verifier-error")).toEqual([]);
  });

  it("a YAML file nested deeper than the parser can follow is refused without a crash, twice in a row", async () => {
    for (const text of ["[".repeat(N), "- ".repeat(N / 2), "{".repeat(N)]) {
      for (let i = 0; i < 2; i++) expect((await run(`k8s/deep-${i}.yaml`, `${text}\n`)).filter((f) => f.category === "verifier-error")).toEqual([]);
    }
  });
});
