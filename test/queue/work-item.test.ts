import { describe, expect, it } from "@jest/globals";
import { MemoryDeliveries } from "../../src/queue/deliveries.js";
import { mergeEvaluations, parseWorkItem, salvage, type EvaluationItem } from "../../src/queue/work-item.js";

const base: EvaluationItem = {
  kind: "evaluate",
  installationId: 7,
  deliveries: ["d1"],
  event: "pull_request_review.submitted",
  pull: { owner: "acme", repo: "shop", number: 2 },
  mode: "decide",
  clicks: [],
  acks: [{ kind: "approve", commentId: 1 }],
};

describe("work items", () => {
  it("survive a JSON round trip unchanged", () => {
    const parsed = parseWorkItem(JSON.parse(JSON.stringify(base)));
    expect(parsed).toEqual({ item: base });
  });

  it("refuse a payload that is not one, saying where", () => {
    const bad = parseWorkItem({ ...base, installationId: "7", pull: { owner: "acme", repo: "shop" } });
    expect("error" in bad && bad.error).toMatch(/installationId.*pull\.number/);
    expect(parseWorkItem({ kind: "shell", cmd: "rm -rf /" })).toHaveProperty("error");
    expect(parseWorkItem("not json at all")).toHaveProperty("error");
  });

  it("salvage where to report an unreadable job, when it says", () => {
    expect(salvage({ ...base, kind: "bogus" })).toEqual({ installationId: 7, pull: base.pull });
    expect(salvage({ kind: "bogus" })).toBeUndefined();
  });

  it("merge: a scan wins over a re-decision, every click, command and delivery is kept, the newest head wins", () => {
    const scan: EvaluationItem = { ...base, deliveries: ["d2"], mode: "scan", acks: [{ kind: "recheck", commentId: 2 }], knownHeadSha: "b".repeat(40) };
    const click = { login: "carol", type: "User", at: "2025-06-02T09:00:00Z", sha: "b".repeat(40) };
    const decide: EvaluationItem = { ...base, deliveries: ["d3"], acks: [], clicks: [click] };
    const merged = mergeEvaluations(mergeEvaluations(base, scan), decide);
    expect(merged.mode).toBe("scan");
    expect(merged.acks.map((a) => a.commentId)).toEqual([1, 2]);
    expect(merged.clicks).toEqual([click]);
    expect(merged.deliveries).toEqual(["d1", "d2", "d3"]);
    expect(merged.knownHeadSha).toBe("b".repeat(40));
    // Control: two re-decisions stay a re-decision.
    expect(mergeEvaluations(base, { ...base, deliveries: ["d4"] }).mode).toBe("decide");
  });
});

describe("MemoryDeliveries", () => {
  it("takes a delivery once, again after a release, and forgets the oldest past its memory", async () => {
    const d = new MemoryDeliveries(2);
    expect(await d.claim("d1")).toBe(true);
    expect(await d.claim("d1")).toBe(false);
    await d.release(["d1"]);
    expect(await d.claim("d1")).toBe(true);
    await d.claim("d2");
    await d.claim("d3");
    expect(await d.claim("d1")).toBe(true);
    expect(await d.claim("d3")).toBe(false);
  });
});
