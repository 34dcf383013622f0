// Delivery de-duplication shared by every replica: one key per delivery, kept as long as GitHub
// lets a delivery be redelivered, removed when its work failed so that a redelivery runs again.
import type { Redis } from "ioredis";
import type { Deliveries } from "./deliveries.js";

/** GitHub lists and redelivers deliveries of the last 3 days. */
const TTL_SECONDS = 3 * 24 * 3600;
/** A claim whose work was never queued (the replica died in between) lapses after this. */
const CLAIM_SECONDS = 120;

export class RedisDeliveries implements Deliveries {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async claim(id: string): Promise<boolean> {
    return (await this.redis.set(`${this.prefix}:delivery:${id}`, "1", "EX", CLAIM_SECONDS, "NX")) === "OK";
  }

  async keep(id: string): Promise<void> {
    await this.redis.expire(`${this.prefix}:delivery:${id}`, TTL_SECONDS);
  }

  async release(ids: readonly string[]): Promise<void> {
    if (ids.length > 0) await this.redis.del(...ids.map((id) => `${this.prefix}:delivery:${id}`));
  }
}
