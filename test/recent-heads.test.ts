import { describe, expect, it } from "@jest/globals";
import { RecentHeads } from "../src/recent-heads.js";

describe("RecentHeads", () => {
  it("remembers the latest head per PR and forgets the least recently decided past its limit", () => {
    const heads = new RecentHeads(2);
    heads.set("a#1", "x");
    heads.set("a#2", "y");
    heads.set("a#1", "z");
    heads.set("a#3", "w");
    expect([heads.get("a#1"), heads.get("a#2"), heads.get("a#3")]).toEqual(["z", undefined, "w"]);
  });
});
