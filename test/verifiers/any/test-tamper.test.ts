import { describe, expect, it } from "@jest/globals";
import { loadCatalogue } from "../../../src/engine/catalogue.js";
import { defaultConfig } from "../../../src/engine/config.js";
import { Scoper } from "../../../src/engine/scope.js";
import { ruleTester } from "../../support/rule-tester.js";

const AUTH_SPEC = [
  'describe("login", () => {',
  '  it("accepts a valid password", async () => {});',
  '  it("rejects an expired token", async () => {});',
  '  it("locks the account after five failures", async () => {});',
  "});",
].join("\n");

ruleTester("any/test-tamper", {
  invalid: [
    {
      name: "attack: a focused test at the end of a line over 2,000 characters",
      path: "test/auth.spec.ts",
      code: `const pad = [${"1, ".repeat(1000)}]; it.only("logs in", () => {});\n`,
      errors: [{ messageId: "skipped", line: 1 }],
    },
    {
      name: "test cases removed from a test file that stays",
      path: "test/auth.spec.ts",
      base: AUTH_SPEC,
      code: ['describe("login", () => {', '  it("accepts a valid password", async () => {});', "});"].join("\n"),
      errors: [{ messageId: "removed", line: 1 }],
      messageIncludes: ['removes 2 test case(s) from test/auth.spec.ts', '"rejects an expired token", "locks the account after five failures"'],
    },
    {
      name: "a Python test function removed",
      path: "tests/test_orders.py",
      base: "def test_total():\n    assert total([1, 2]) == 3\n\n\ndef test_refund_needs_admin(client):\n    assert client.post('/refund').status_code == 403\n",
      code: "def test_total():\n    assert total([1, 2]) == 3\n",
      errors: [{ messageId: "removed", line: 1 }],
      messageIncludes: ['"test_refund_needs_admin"'],
    },
    {
      name: "a deleted test file",
      path: "tests/test_auth.py",
      status: "removed",
      code: "",
      errors: [{ messageId: "deleted", line: 1 }],
      messageIncludes: ["deletes the test file tests/test_auth.py"],
    },
    {
      name: "Jest: it.skip, describe.skip and xit",
      path: "src/auth/token.test.ts",
      code: [
        'import { verify } from "./token";',
        "",
        'describe.skip("verify", () => {',
        '  it.skip("rejects an expired token", () => {',
        "    expect(() => verify(expired)).toThrow();",
        "  });",
        '  xit("rejects a bad signature", () => {});',
        '  it("accepts a valid token", () => {});',
        "});",
      ].join("\n"),
      errors: [
        { messageId: "skipped", line: 3 },
        { messageId: "skipped", line: 4 },
        { messageId: "skipped", line: 7 },
      ],
      messageIncludes: ["describe.skip marks tests as skipped"],
    },
    {
      name: "focused tests skip the rest of the file",
      path: "test/orders.spec.js",
      code: ['describe("orders", () => {', '  it.only("creates an order", async () => {});', '  it("refunds an order", async () => {});', "});", 'fdescribe("x", () => {});'].join("\n"),
      errors: [{ messageId: "skipped", line: 2 }, { messageId: "skipped", line: 5 }],
      messageIncludes: ["it.only focuses the run on these tests"],
    },
    {
      name: "pytest: mark.skip, unittest.skip and a module-level skip",
      path: "tests/test_payments.py",
      code: [
        "import pytest",
        "import unittest",
        "",
        'pytest.skip("flaky on CI", allow_module_level=True)',
        "",
        '@pytest.mark.skip(reason="fails after refactor")',
        "def test_refund():",
        "    assert refund(order) == 10",
        "",
        "class PaymentTests(unittest.TestCase):",
        '    @unittest.skip("later")',
        "    def test_capture(self):",
        "        pass",
      ].join("\n"),
      errors: [
        { messageId: "skipped", line: 4 },
        { messageId: "skipped", line: 6 },
        { messageId: "skipped", line: 11 },
      ],
      messageIncludes: ["pytest.skip skips every test in this module"],
    },
    {
      name: "pytestmark and skipif(True)",
      path: "tests/integration/test_db.py",
      code: ["import pytest", 'pytestmark = pytest.mark.skip("db not available")', "", '@pytest.mark.skipif(True, reason="todo")', "def test_query(): ..."].join("\n"),
      errors: [{ messageId: "skipped", line: 2 }, { messageId: "skipped", line: 4 }],
    },
    {
      name: "Playwright test.fixme and test.describe.skip",
      path: "e2e/checkout.spec.ts",
      code: ['import { test } from "@playwright/test";', 'test.describe.skip("checkout", () => {});', 'test.fixme("pays with a card", async ({ page }) => {});'].join("\n"),
      errors: [{ messageId: "skipped", line: 2 }, { messageId: "skipped", line: 3 }],
    },
    {
      name: "JUnit @Disabled",
      path: "src/test/java/com/acme/OrderServiceTest.java",
      code: ["class OrderServiceTest {", "  @Disabled(\"broken\")", "  @Test", "  void refunds() {}", "}"].join("\n"),
      errors: [{ messageId: "skipped", line: 2 }],
    },
  ],
  valid: [
    {
      name: "a test renamed, none removed",
      path: "test/auth.spec.ts",
      base: AUTH_SPEC,
      code: AUTH_SPEC.replace("locks the account after five failures", "locks the account after 5 failed logins"),
    },
    {
      name: "tests added to a test file",
      path: "tests/test_orders.py",
      base: "def test_total():\n    assert total([1, 2]) == 3\n",
      code: "def test_total():\n    assert total([1, 2]) == 3\n\n\ndef test_empty():\n    assert total([]) == 0\n",
    },
    {
      name: "ordinary tests",
      path: "src/auth/token.test.ts",
      code: ['describe("verify", () => {', '  it("rejects an expired token", () => {});', '  test.each([1, 2])("works for %i", (n) => {});', "});"].join("\n"),
    },
    {
      name: "conditional skips",
      path: "tests/test_platform.py",
      code: ["import sys, pytest", '@pytest.mark.skipif(sys.platform == "win32", reason="posix only")', "def test_fork(): ...", '@unittest.skipIf(not HAS_GPU, "needs a GPU")', "def test_gpu(): ..."].join("\n"),
    },
    {
      name: "a skip in a comment",
      path: "test/orders.spec.js",
      code: ['// it.skip("old behaviour")', '# not python: @pytest.mark.skip', 'it("works", () => {});'].join("\n"),
    },
    {
      name: "deleting a fixture or snapshot is not deleting a test",
      path: "tests/fixtures/users.py",
      status: "removed",
      code: "",
    },
    {
      name: "skip markers outside test files",
      path: "src/runner.ts",
      code: ["export function it() {}", "const skip = options.skip;", "if (test.skip) return;"].join("\n"),
    },
    {
      name: "deleting a non-test file under tests/ of another type",
      path: "tests/README.md",
      status: "removed",
      code: "",
    },
    {
      name: "identifiers that end like skip markers",
      path: "tests/test_utils.py",
      code: ["def test_exit(): assert exit_code == 0", "def test_xit_parser(): assert parse('xit') == 'xit'"].join("\n"),
    },
  ],
});

describe("the tests scope", () => {
  const scoper = new Scoper(loadCatalogue(), defaultConfig(loadCatalogue()));
  const inTests = (path: string) => scoper.byPath(path).some((s) => s.scope === "tests");
  it.each(["tests/test_auth.py", "src/auth/token.test.ts", "test/orders.spec.js", "pkg/api/handler_test.go", "app/conftest.py", "src/test/java/com/acme/OrderServiceTest.java", "e2e/checkout.spec.ts"])(
    "covers %s",
    (path) => expect(inTests(path)).toBe(true),
  );
  it.each(["src/auth/token.ts", "app/testing_utils.py", "node_modules/x/test/a.js"])("does not cover %s", (path) => expect(inTests(path)).toBe(false));
});
