// A YAML file the rules cannot read safely (nesting past the parser guard) must not pass: one
// deeply indented line in a block scalar would otherwise hide every step of a workflow.
import { ruleTester } from "../../support/rule-tester.js";

const workflow = (...steps: string[]) =>
  ["name: ci", "on: [push]", "jobs:", "  build:", "    runs-on: ubuntu-latest", "    steps:", ...steps].join("\n") + "\n";
const STEP = ["      - uses: docker/setup-buildx-action@v3", "      - run: |", "          echo start"];

ruleTester("any/unpinned-action", {
  invalid: [
    {
      name: "attack: one line indented past the depth guard hides the unpinned action: reported as not checked",
      path: ".github/workflows/ci.yml",
      code: workflow(...STEP, `${" ".repeat(130)}echo deep`),
      errors: [],
      incomplete: "YAML nested deeper than 120 levels",
    },
    {
      name: "control: the same workflow without the deep line is read and flagged",
      path: ".github/workflows/ci.yml",
      code: workflow(...STEP, "          echo shallow"),
      errors: [{ messageId: "unpinned", line: 7 }],
    },
  ],
  valid: [],
});
