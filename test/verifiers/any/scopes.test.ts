// The supply-chain and access-control scopes of rules/scopes.yml decide which files the any/*
// rules of those categories read; these are the paths (and the one content signal) they must cover.
import { describe, expect, it } from "@jest/globals";
import { loadCatalogue } from "../../../src/engine/catalogue.js";
import { defaultConfig, parseConfig } from "../../../src/engine/config.js";
import { languageOf } from "../../../src/engine/language.js";
import { Scoper } from "../../../src/engine/scope.js";

const catalogue = loadCatalogue();
const scoper = new Scoper(catalogue, defaultConfig(catalogue));
const scopesOf = (path: string) => scoper.byPath(path).map((s) => s.scope);

describe("supply-chain scope", () => {
  it.each([
    "Dockerfile",
    "services/api/Dockerfile.prod",
    "docker/worker.dockerfile",
    "Containerfile",
    "scripts/install.sh",
    "bin/setup",
    "Makefile",
    "build/common.mk",
    ".github/workflows/ci.yml",
    ".github/actions/setup/action.yml",
    ".gitlab-ci.yml",
    "package.json",
    "packages/web/package.json",
    "requirements.txt",
    "requirements-dev.txt",
    "requirements/prod.txt",
    "setup.py",
    "pyproject.toml",
  ])("covers %s", (path) => expect(scopesOf(path)).toContain("supply-chain"));
  it.each(["src/app.ts", "README.md", "node_modules/left-pad/package.json", "vendor/tool/install.sh"])("does not cover %s", (path) =>
    expect(scopesOf(path)).not.toContain("supply-chain"),
  );
});

describe("access-control scope", () => {
  it.each([
    "Dockerfile",
    "scripts/provision.sh",
    "k8s/deployment.yaml",
    "charts/api/templates/deployment.yaml",
    "docker-compose.yml",
    ".github/workflows/ci.yml",
    "infra/main.tf",
    "cloudformation/stack.template",
    "cloudformation/stack.json",
    "iam/ci-policy.json",
    "etc/sudoers",
    "ansible/files/sudoers.d/deploy",
  ])("covers %s", (path) => expect(scopesOf(path)).toContain("access-control"));
  it.each(["src/app.ts", "package.json", "README.md", "node_modules/x/k8s.yaml"])("does not cover %s", (path) =>
    expect(scopesOf(path)).not.toContain("access-control"),
  );
  it("puts code that changes file modes in scope by content", () => {
    const byContent = (path: string, text: string) => scoper.byContent(path, languageOf(path), text, new Set()).map((s) => s.scope);
    expect(byContent("app/storage.py", "import os\nos.chmod(path, 0o777)\n")).toContain("access-control");
    expect(byContent("src/cache.ts", "fs.chmodSync(file, 0o666);\n")).toContain("access-control");
    expect(byContent("src/util.ts", "export const x = 1;\n")).not.toContain("access-control");
  });
});

describe("tests scope", () => {
  it.each([
    "tests/test_api.py",
    "app/tests/conftest.py",
    "src/__tests__/login.ts",
    "src/user.test.ts",
    "pkg/user_test.go",
    "src/main/java/com/acme/UserServiceTest.java",
    // What only the one definition knew before: the scope and the rules now agree on these.
    "integration-tests/orders.py",
    "src/testing/factories.py",
    "jest.setup.ts",
  ])("%s is a test file, by src/knowledge/test-paths.ts", (path) => {
    expect(scopesOf(path)).toContain("tests");
  });

  it.each(["src/contest.py", "src/latest.ts", "docs/testimonials.md", "app/attestation.py"])("%s is not", (path) => {
    expect(scopesOf(path)).not.toContain("tests");
  });

  it("a repository that replaces the tests scope gets exactly its own globs", () => {
    const config = parseConfig({ scopes: { tests: { replace: true, include: ["qa/**"] } } }, catalogue);
    const own = new Scoper(catalogue, config);
    expect(own.byPath("qa/smoke.py").map((s) => s.scope)).toContain("tests");
    expect(own.byPath("tests/test_api.py").map((s) => s.scope)).not.toContain("tests");
  });
});
