import { afterEach, describe, expect, it, jest } from "@jest/globals";

const saved = { NODE_ENV: process.env.NODE_ENV, WEBHOOK_SECRET: process.env.WEBHOOK_SECRET, AGENT_GATE_STATE_KEY: process.env.AGENT_GATE_STATE_KEY };
afterEach(() => {
  jest.resetModules();
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

describe("the app's entry point", () => {
  it("refuses to start in production with a weak webhook secret, and says why", async () => {
    process.env.NODE_ENV = "production";
    process.env.WEBHOOK_SECRET = "development";
    await expect(import("../src/index.js")).rejects.toThrow(/agent-gate refuses to start: WEBHOOK_SECRET is 11 characters long; use at least 20/);
  });

  it("control: starts in production with a long secret and a state key", async () => {
    process.env.NODE_ENV = "production";
    process.env.WEBHOOK_SECRET = "a-long-random-webhook-secret";
    process.env.AGENT_GATE_STATE_KEY = "k".repeat(64);
    const entry = await import("../src/index.js");
    expect(typeof entry.default).toBe("function");
  });
});
