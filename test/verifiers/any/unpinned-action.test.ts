import { ruleTester } from "../../support/rule-tester.js";

const SHA = "11bd71901bbe5b1630ceea73d27597364c9af683";
const workflow = (...steps: string[]) =>
  ["name: ci", "on: [push, pull_request]", "jobs:", "  build:", "    runs-on: ubuntu-latest", "    steps:", ...steps].join("\n");

ruleTester("any/unpinned-action", {
  invalid: [
    {
      name: "third-party actions at version tags",
      path: ".github/workflows/release.yml",
      code: workflow(
        "      - uses: actions/checkout@v4",
        "      - uses: docker/setup-buildx-action@v3",
        "      - uses: docker/build-push-action@v6.9.0",
        "        with:",
        "          push: true",
      ),
      errors: [{ messageId: "unpinned", line: 8, severity: "warning" }, { messageId: "unpinned", line: 9, severity: "warning" }],
      messageIncludes: ["docker/setup-buildx-action is pinned to the tag v3", "uses: docker/setup-buildx-action@<sha> # v3"],
    },
    {
      name: "a third-party action at a branch",
      path: ".github/workflows/lint.yml",
      code: workflow("      - uses: tj-actions/changed-files@main", "      - run: echo done"),
      errors: [{ messageId: "unpinned", line: 7, severity: "warning" }],
      messageIncludes: ["pinned to the branch or tag main"],
    },
    {
      name: "GitHub's own action at a branch",
      path: ".github/workflows/ci.yml",
      code: workflow("      - uses: actions/checkout@main", "      - uses: github/codeql-action/init@v3"),
      errors: [{ messageId: "firstPartyBranch", line: 7, severity: "warning" }],
      messageIncludes: ["actions/checkout is used at main"],
    },
    {
      name: "a reusable workflow from another repository at a tag",
      path: ".github/workflows/deploy.yml",
      code: ["on: push", "jobs:", "  deploy:", "    uses: acme/platform/.github/workflows/deploy.yml@v2", "    secrets: inherit"].join("\n"),
      errors: [{ messageId: "unpinned", line: 4, severity: "warning" }],
    },
    {
      name: "a docker:// image without a digest and an action with no ref",
      path: ".github/workflows/docs.yml",
      code: workflow("      - uses: docker://pandoc/core:3.1", "      - uses: peaceiris/actions-gh-pages"),
      errors: [{ messageId: "docker", line: 7, severity: "warning" }, { messageId: "noRef", line: 8, severity: "blocking" }],
      messageIncludes: ["docker://pandoc/core:3.1 is a container image without a digest"],
    },
    {
      name: "a composite action's steps",
      path: ".github/actions/setup/action.yml",
      code: ["name: setup", "runs:", "  using: composite", "  steps:", "    - uses: pnpm/action-setup@v4", "    - uses: actions/setup-node@v4"].join("\n"),
      errors: [{ messageId: "unpinned", line: 5, severity: "warning" }],
    },
    {
      name: "a short commit SHA is not a pin",
      path: ".github/workflows/ci.yml",
      code: workflow("      - uses: codecov/codecov-action@b9fd7d1"),
      errors: [{ messageId: "unpinned", line: 7, severity: "warning" }],
      messageIncludes: ["short commit SHA"],
    },
    {
      name: "a workflow with broken YAML is read as far as it parses, without a crash",
      path: ".github/workflows/broken.yml",
      code: ["on: push", "jobs:", "  build:", "    steps:", "      - uses: docker/setup-buildx-action@v3", "     - run: [unclosed"].join("\n"),
      errors: [{ messageId: "unpinned", line: 5, severity: "warning" }],
    },
  ],
  valid: [
    {
      name: "third-party actions pinned to full SHAs with the tag as a comment",
      path: ".github/workflows/release.yml",
      code: workflow(`      - uses: docker/setup-buildx-action@${SHA} # v3.7.1`, `      - uses: docker/build-push-action@${SHA} # v6.9.0`),
    },
    {
      name: "GitHub-owned actions at release tags",
      path: ".github/workflows/ci.yml",
      code: workflow(
        "      - uses: actions/checkout@v4",
        "      - uses: actions/setup-node@v4.1.0",
        "      - uses: github/codeql-action/analyze@v3",
      ),
    },
    {
      name: "local actions and reusable workflows of the same repository",
      path: ".github/workflows/ci.yml",
      code: ["on: push", "jobs:", "  lint:", "    uses: ./.github/workflows/lint.yml", "  test:", "    runs-on: ubuntu-latest", "    steps:", "      - uses: ./.github/actions/setup"].join("\n"),
    },
    {
      name: "a docker:// image pinned by digest",
      path: ".github/workflows/docs.yml",
      code: workflow("      - uses: docker://pandoc/core:3.1@sha256:3e6ae4a2b1c8d4e5f60718293a4b5c6d7e8f9012a3b4c5d6e7f8091a2b3c4d5e"),
    },
    {
      name: "an expression as the ref is resolved at run time, not pinned or unpinned here",
      path: ".github/workflows/matrix.yml",
      code: workflow("      - uses: ${{ matrix.action }}", "      - run: echo ok"),
    },
    {
      name: "a uses: key outside of steps (a GitLab file) is not read",
      path: ".gitlab-ci.yml",
      code: ["include:", "  - project: acme/templates", "    ref: main", "uses: someone/thing@main"].join("\n"),
    },
  ],
});
