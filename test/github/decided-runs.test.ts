// The run last completed on each head: in memory for one process, on a real redis-server for
// replicas (what one replica wrote, another updates), and a record it cannot read is no record.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { annotationsDigest, MemoryDecidedRuns, RedisDecidedRuns } from "../../src/github/decided-runs.js";
import { startRedis, type TestRedis } from "../support/redis.js";

const SHA = "a".repeat(40);
const annotation = { path: "app/db.py", start_line: 3, end_line: 3, annotation_level: "failure", message: "SQL built from input" };

describe("annotationsDigest", () => {
  it("is one value for every empty list and differs when an annotation differs", () => {
    expect(annotationsDigest([])).toBe(annotationsDigest([]));
    expect(annotationsDigest([annotation])).toBe(annotationsDigest([{ ...annotation }]));
    expect(annotationsDigest([annotation])).not.toBe(annotationsDigest([]));
    expect(annotationsDigest([annotation])).not.toBe(annotationsDigest([{ ...annotation, start_line: 4 }]));
  });
});

describe("MemoryDecidedRuns", () => {
  it("keeps the newest run per head, case-insensitively by repository, forgetting the oldest head past its size", async () => {
    const runs = new MemoryDecidedRuns(2);
    await runs.set("Acme", "Shop", SHA, { id: 1, annotations: "none", failed: true });
    await runs.set("acme", "shop", SHA, { id: 2, annotations: "x", failed: false });
    expect(await runs.get("ACME", "SHOP", SHA)).toEqual({ id: 2, annotations: "x", failed: false });
    await runs.set("acme", "shop", "b".repeat(40), { id: 3, annotations: "none", failed: false });
    await runs.set("acme", "shop", "c".repeat(40), { id: 4, annotations: "none", failed: false });
    expect(await runs.get("acme", "shop", SHA)).toBeUndefined();
    expect(await runs.get("acme", "shop", "c".repeat(40))).toMatchObject({ id: 4 });
  });
});

describe("RedisDecidedRuns", () => {
  let server: TestRedis;
  let a: Redis;
  let b: Redis;
  beforeAll(async () => {
    server = await startRedis();
    a = new Redis(server.url);
    b = new Redis(server.url);
  });
  afterAll(async () => {
    a.disconnect();
    b.disconnect();
    await server.remove();
  });

  it("shares a head's run between replicas, with an expiry", async () => {
    const prefix = randomUUID();
    await new RedisDecidedRuns(a, prefix).set("Acme", "Shop", SHA, { id: 7, annotations: "d", failed: false });
    expect(await new RedisDecidedRuns(b, prefix).get("acme", "shop", SHA)).toEqual({ id: 7, annotations: "d", failed: false });
    expect(await b.ttl(`${prefix}:decided:acme/shop@${SHA}`)).toBeGreaterThan(24 * 3600);
    expect(await new RedisDecidedRuns(b, randomUUID()).get("acme", "shop", SHA)).toBeUndefined();
  });

  it("reads a record it cannot parse as none, so the verdict goes to a new run", async () => {
    const prefix = randomUUID();
    for (const junk of ["{", "null", JSON.stringify({ id: "7", annotations: "d", failed: false }), JSON.stringify({ id: 7, annotations: "d" })]) {
      await a.set(`${prefix}:decided:acme/shop@${SHA}`, junk);
      expect(await new RedisDecidedRuns(b, prefix).get("acme", "shop", SHA)).toBeUndefined();
    }
  });
});
