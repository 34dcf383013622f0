import { describe, expect, it } from "@jest/globals";
import { addedLines, changedLinesOf, touches } from "../../src/engine/diff.js";

describe("addedLines", () => {
  it("numbers added lines on the new side across hunks, skipping removed lines", () => {
    const patch = [
      "@@ -1,4 +1,5 @@",
      " import os",
      "-x = 1",
      "+x = 2",
      "+y = 3",
      " z = 4",
      "@@ -20,3 +21,3 @@ def f():",
      "     a = 1",
      "-    b = 2",
      "+    b = 3",
      "\\ No newline at end of file",
    ].join("\n");
    expect([...addedLines(patch)]).toEqual([2, 3, 22]);
  });

  it("treats a missing patch as every line changed", () => {
    const all = changedLinesOf(undefined);
    expect(all).toBe("all");
    expect(touches(all, 999, 999)).toBe(true);
  });

  it("counts a finding as touched when any line of its range changed", () => {
    const changed = addedLines("@@ -0,0 +5,1 @@\n+x");
    expect(touches(changed, 3, 5)).toBe(true);
    expect(touches(changed, 6, 9)).toBe(false);
  });
});
