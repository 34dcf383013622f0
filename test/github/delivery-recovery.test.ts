import { describe, expect, it } from "@jest/globals";
import { failedDeliveries, MemoryRedeliveryClaims, recoveryOptionsFrom, type HookDelivery } from "../../src/github/delivery-recovery.js";

let nextId = 1;
const attempt = (guid: string, status_code: number, redelivery = false): HookDelivery =>
  ({ id: nextId++, guid, status_code, redelivery, delivered_at: "2026-12-07T05:00:00Z" });

describe("failedDeliveries", () => {
  it("keeps the latest attempt of each event no attempt delivered", () => {
    const timedOut = [attempt("a", 0), attempt("a", 502)];
    const refused = attempt("b", 400);
    const unavailable = attempt("c", 503);
    expect(failedDeliveries([...timedOut, refused, unavailable]).map((d) => d.id).sort()).toEqual([timedOut[1]!.id, refused.id, unavailable.id].sort());
  });

  it("skips an event delivered on any attempt (GitHub counts 2xx and 3xx)", () => {
    expect(failedDeliveries([attempt("a", 500), attempt("a", 200), attempt("b", 302), attempt("c", 204)])).toEqual([]);
  });

  it("skips an event already redelivered once, whatever that gave", () => {
    expect(failedDeliveries([attempt("a", 0), attempt("a", 0, true)])).toEqual([]);
  });
});

describe("MemoryRedeliveryClaims", () => {
  it("grants each GUID once, and forgets it after GitHub's 3 days", async () => {
    let now = 0;
    const claims = new MemoryRedeliveryClaims(() => now);
    expect([await claims.claim("a"), await claims.claim("a"), await claims.claim("b")]).toEqual([true, false, true]);
    now = 3 * 24 * 3_600_000 + 1;
    expect(await claims.claim("a")).toBe(true);
  });
});

describe("recoveryOptionsFrom", () => {
  it("is off unless AGENT_GATE_REDELIVER_MINUTES is a positive number", () => {
    expect([undefined, "0", "-5", "soon"].map((v) => recoveryOptionsFrom(v === undefined ? {} : { AGENT_GATE_REDELIVER_MINUTES: v }))).toEqual([undefined, undefined, undefined, undefined]);
    expect(recoveryOptionsFrom({ AGENT_GATE_REDELIVER_MINUTES: "10" })).toEqual({ everyMinutes: 10, lookbackMinutes: 360 });
    expect(recoveryOptionsFrom({ AGENT_GATE_REDELIVER_MINUTES: "10", AGENT_GATE_REDELIVER_LOOKBACK_MINUTES: "30" })).toEqual({ everyMinutes: 10, lookbackMinutes: 30 });
  });
});
