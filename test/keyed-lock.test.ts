import { describe, expect, it } from "@jest/globals";
import { KeyedLock } from "../src/keyed-lock.js";

const tick = () => new Promise((r) => setTimeout(r, 5));

describe("KeyedLock", () => {
  it("runs work on one key one at a time, in order, even after a failure", async () => {
    const lock = new KeyedLock();
    const log: string[] = [];
    const job = (name: string, fail = false) => async () => {
      log.push(`start ${name}`);
      await tick();
      log.push(`end ${name}`);
      if (fail) throw new Error(name);
      return name;
    };
    const results = await Promise.allSettled([lock.run("h", job("a", true)), lock.run("h", job("b")), lock.run("other", job("c"))]);
    expect(results.map((r) => r.status)).toEqual(["rejected", "fulfilled", "fulfilled"]);
    expect(log.indexOf("end a")).toBeLessThan(log.indexOf("start b"));
    // Control: another key does not wait.
    expect(log.indexOf("start c")).toBeLessThan(log.indexOf("end a"));
  });
});
