import { describe, expect, it } from "@jest/globals";
import { sharedSection, strictest } from "../../src/engine/shared-verdict.js";
import type { Conclusion, Verdict } from "../../src/engine/verdict.js";

const v = (conclusion: Conclusion, title: string = conclusion): Verdict => ({ conclusion, title, headSha: "a".repeat(40) });

describe("the strictest verdict of the PRs on one commit", () => {
  it("orders failure > action_required > success, whatever the order of the PRs", () => {
    const all: [number, Conclusion][] = [
      [1, "success"],
      [2, "action_required"],
      [3, "failure"],
    ];
    for (const order of [all, [...all].reverse(), [all[1]!, all[0]!, all[2]!]]) {
      expect(strictest(order.map(([number, c]) => ({ number, verdict: v(c) })), 1).conclusion).toBe("failure");
    }
    expect(strictest([{ number: 1, verdict: v("success") }, { number: 2, verdict: v("action_required") }], 1).conclusion).toBe("action_required");
    expect(strictest([{ number: 1, verdict: v("success") }, { number: 2, verdict: v("success") }], 2).conclusion).toBe("success");
  });

  it("names every PR with its verdict, and the strictest PR in the title", () => {
    const out = strictest([{ number: 7, verdict: v("success", "No blocking findings") }, { number: 2, verdict: v("action_required", "2 blocking findings") }], 7);
    expect(out.title).toBe("#2: 2 blocking findings (2 open PRs share this commit)");
    expect(out.pulls).toEqual([
      { number: 2, conclusion: "action_required", title: "2 blocking findings" },
      { number: 7, conclusion: "success", title: "No blocking findings" },
    ]);
    expect(sharedSection(out)).toContain("- ⛔ #2: action_required: 2 blocking findings\n- ✅ #7: success: No blocking findings");
  });

  it("control: a single PR keeps its own verdict and no section", () => {
    const one = v("success", "fine");
    expect(strictest([{ number: 1, verdict: one }], 1)).toBe(one);
    expect(sharedSection(one)).toBe("");
  });
});
