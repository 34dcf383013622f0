// Config files' answers kept a short time: shared while fresh, asked again after, never kept when the read failed.
import { describe, expect, it } from "@jest/globals";
import { ConfigCache } from "../../src/github/config-cache.js";

describe("ConfigCache", () => {
  it("asks once while fresh, concurrent askers included", async () => {
    const cache = new ConfigCache(60_000);
    let reads = 0;
    const load = async () => ++reads;
    expect(await Promise.all([cache.get("acme/shop", load), cache.get("acme/shop", load)])).toEqual([1, 1]);
    expect(await cache.get("acme/shop", load)).toBe(1);
    expect(await cache.get("acme/.github", load)).toBe(2);
  });

  it("asks again after a failed read: an error is never the kept answer", async () => {
    const cache = new ConfigCache(60_000);
    await expect(cache.get("acme/shop", () => Promise.reject(new Error("GitHub answered 502")))).rejects.toThrow("502");
    expect(await cache.get("acme/shop", async () => "read again")).toBe("read again");
  });

  it("keeps nothing with a time of 0", async () => {
    const cache = new ConfigCache(0);
    let reads = 0;
    await cache.get("acme/shop", async () => ++reads);
    await cache.get("acme/shop", async () => ++reads);
    expect(reads).toBe(2);
  });
});
