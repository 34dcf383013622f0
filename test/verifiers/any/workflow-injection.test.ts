import { ruleTester } from "../../support/rule-tester.js";

const header = (trigger: string) => ["name: triage", `on: ${trigger}`, "jobs:", "  triage:", "    runs-on: ubuntu-latest", "    steps:"];

ruleTester("any/workflow-injection", {
  invalid: [
    {
      name: "issue title and body pasted into a run script",
      path: ".github/workflows/triage.yml",
      code: [
        ...header("issues"),
        "      - run: |",
        '          echo "New issue: ${{ github.event.issue.title }}"',
        "          ./label.sh '${{ github.event.issue.body }}'",
        "          echo ${{ github.event.issue.number }}",
      ].join("\n"),
      errors: [{ messageId: "injection", line: 8 }, { messageId: "injection", line: 9 }],
      messageIncludes: ["${{ github.event.issue.title }} pastes github.event.issue.title"],
    },
    {
      name: "branch name of a pull request in a run step",
      path: ".github/workflows/preview.yml",
      code: [...header("pull_request"), "      - run: ./deploy-preview.sh ${{ github.head_ref }}"].join("\n"),
      errors: [{ messageId: "injection", line: 7 }],
    },
    {
      name: "comment body in actions/github-script",
      path: ".github/workflows/commands.yml",
      code: [
        ...header("issue_comment"),
        "      - uses: actions/github-script@v7",
        "        with:",
        "          script: |",
        "            const command = `${{ github.event.comment.body }}`.trim();",
        "            core.info(command);",
      ].join("\n"),
      errors: [{ messageId: "injection", line: 10 }],
      messageIncludes: ["github-script script:"],
    },
    {
      name: "commit messages and toJSON of the pull request",
      path: ".github/workflows/changelog.yml",
      code: [
        ...header("push"),
        '      - run: echo "${{ github.event.head_commit.message }}" >> CHANGELOG.md',
        "      - run: echo '${{ toJSON(github.event.pull_request) }}' > pr.json",
      ].join("\n"),
      errors: [{ messageId: "injection", line: 7 }, { messageId: "injection", line: 8 }],
    },
    {
      name: "pull_request_target checks out the head of the pull request",
      path: ".github/workflows/pr-build.yml",
      code: [
        "on:",
        "  pull_request_target:",
        "    types: [opened, synchronize]",
        "jobs:",
        "  build:",
        "    runs-on: ubuntu-latest",
        "    steps:",
        "      - uses: actions/checkout@v4",
        "        with:",
        "          ref: ${{ github.event.pull_request.head.sha }}",
        "      - run: npm ci && npm run build",
      ].join("\n"),
      errors: [{ messageId: "checkoutHead", line: 10 }],
      messageIncludes: ["This pull_request_target workflow checks out the pull request's code"],
    },
    {
      name: "workflow_run fetching the pull request with gh",
      path: ".github/workflows/after-ci.yml",
      code: [
        "on:",
        "  workflow_run:",
        "    workflows: [ci]",
        "    types: [completed]",
        "jobs:",
        "  report:",
        "    runs-on: ubuntu-latest",
        "    steps:",
        "      - uses: actions/checkout@v4",
        "      - run: |",
        "          gh pr checkout ${{ github.event.workflow_run.pull_requests[0].number }}",
        "          npm test",
      ].join("\n"),
      errors: [{ messageId: "checkoutHead", line: 11 }],
    },
    {
      name: "a composite action's run step",
      path: "action.yml",
      code: ["name: greet", "runs:", "  using: composite", "  steps:", "    - shell: bash", '      run: echo "Thanks for ${{ github.event.pull_request.title }}"'].join("\n"),
      errors: [{ messageId: "injection", line: 6 }],
    },
  ],
  valid: [
    {
      name: "untrusted text passed through env: and quoted",
      path: ".github/workflows/triage.yml",
      code: [
        ...header("issues"),
        "      - env:",
        "          TITLE: ${{ github.event.issue.title }}",
        '        run: echo "New issue: $TITLE"',
      ].join("\n"),
    },
    {
      name: "numbers, SHAs and the base ref are not free text",
      path: ".github/workflows/ci.yml",
      code: [
        ...header("pull_request"),
        "      - run: |",
        "          echo ${{ github.event.pull_request.number }}",
        "          git diff ${{ github.event.pull_request.base.sha }} ${{ github.sha }}",
        "          echo ${{ github.base_ref }} ${{ github.event.pull_request.head.sha }}",
      ].join("\n"),
    },
    {
      name: "a plain pull_request workflow may check out the head",
      path: ".github/workflows/ci.yml",
      code: [...header("pull_request"), "      - uses: actions/checkout@v4", "        with:", "          ref: ${{ github.event.pull_request.head.sha }}"].join("\n"),
    },
    {
      name: "pull_request_target that checks out only the base",
      path: ".github/workflows/label.yml",
      code: [...header("pull_request_target"), "      - uses: actions/checkout@v4", "      - uses: actions/labeler@v5"].join("\n"),
    },
    {
      name: "github-script reading the payload through context",
      path: ".github/workflows/commands.yml",
      code: [
        ...header("issue_comment"),
        "      - uses: actions/github-script@v7",
        "        with:",
        "          script: |",
        "            const command = context.payload.comment.body.trim();",
      ].join("\n"),
    },
    {
      name: "expressions in with: inputs of an action are not scripts",
      path: ".github/workflows/notify.yml",
      code: [...header("issues"), "      - uses: slackapi/slack-github-action@v1", "        with:", "          payload: '{\"text\": \"${{ github.event.issue.title }}\"}'"].join("\n"),
    },
    {
      name: "a workflow whose YAML does not parse",
      path: ".github/workflows/broken.yml",
      code: ["on: issues", "jobs: [", "  run: echo ${{ github.event.issue.title }}"].join("\n"),
    },
  ],
});
