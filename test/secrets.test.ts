import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "@jest/globals";
import { throwawayPrivateKey } from "../src/fake-github/harness.js";
import { assertProductionSecrets, deriveStateKey, MIN_WEBHOOK_SECRET, productionProblem, stateKeyFrom } from "../src/secrets.js";

const STRONG = "s".repeat(MIN_WEBHOOK_SECRET);

describe("production start-up checks", () => {
  it("refuses to start without a webhook secret, saying why", () => {
    expect(() => assertProductionSecrets({ NODE_ENV: "production", PRIVATE_KEY: throwawayPrivateKey() })).toThrow(
      /agent-gate refuses to start: WEBHOOK_SECRET is not set: without it anyone .* can send it forged webhooks/,
    );
    expect(productionProblem({ NODE_ENV: "production", WEBHOOK_SECRET: "", PRIVATE_KEY: throwawayPrivateKey() })).toMatch(/WEBHOOK_SECRET is not set/);
  });

  it("refuses a webhook secret shorter than 20 characters, naming its length", () => {
    const short = "s".repeat(MIN_WEBHOOK_SECRET - 1);
    expect(() => assertProductionSecrets({ NODE_ENV: "production", WEBHOOK_SECRET: short, PRIVATE_KEY: throwawayPrivateKey() })).toThrow(
      /WEBHOOK_SECRET is 19 characters long; use at least 20/,
    );
  });

  it("refuses when nothing can sign the state: no AGENT_GATE_STATE_KEY and no readable private key", () => {
    expect(productionProblem({ NODE_ENV: "production", WEBHOOK_SECRET: STRONG })).toMatch(/neither AGENT_GATE_STATE_KEY nor a readable PRIVATE_KEY/);
    expect(productionProblem({ NODE_ENV: "production", WEBHOOK_SECRET: STRONG, PRIVATE_KEY_PATH: "/nonexistent/key.pem" })).toMatch(/neither/);
  });

  it("control: starts with a 20-character secret and a key source, and outside production without any", () => {
    expect(() => assertProductionSecrets({ NODE_ENV: "production", WEBHOOK_SECRET: STRONG, PRIVATE_KEY: throwawayPrivateKey() })).not.toThrow();
    expect(productionProblem({ NODE_ENV: "production", WEBHOOK_SECRET: STRONG, AGENT_GATE_STATE_KEY: "k".repeat(32) })).toBeUndefined();
    const dir = mkdtempSync(join(tmpdir(), "agent-gate-"));
    writeFileSync(join(dir, "key.pem"), throwawayPrivateKey());
    expect(productionProblem({ NODE_ENV: "production", WEBHOOK_SECRET: STRONG, PRIVATE_KEY_PATH: join(dir, "key.pem") })).toBeUndefined();
    expect(productionProblem({ NODE_ENV: "test" })).toBeUndefined();
    expect(productionProblem({})).toBeUndefined();
  });
});

describe("the state key", () => {
  it("is AGENT_GATE_STATE_KEY when set", () => {
    expect(stateKeyFrom({ AGENT_GATE_STATE_KEY: "dedicated", WEBHOOK_SECRET: STRONG }, throwawayPrivateKey())).toBe("dedicated");
  });

  it("is otherwise derived from the private key, the same however the PEM is written, never the webhook secret", () => {
    const pem = throwawayPrivateKey();
    const key = stateKeyFrom({ WEBHOOK_SECRET: STRONG }, pem);
    expect(key).toBe(deriveStateKey(pem));
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(key).not.toContain(STRONG);
    expect(stateKeyFrom({ WEBHOOK_SECRET: STRONG, PRIVATE_KEY: pem.replace(/\n/g, "\\n") })).toBe(key);
    expect(stateKeyFrom({ WEBHOOK_SECRET: STRONG, PRIVATE_KEY: Buffer.from(pem).toString("base64") })).toBe(key);
  });

  it("is random (per process) without either, and never the webhook secret", () => {
    const a = stateKeyFrom({ WEBHOOK_SECRET: STRONG });
    expect(a).not.toBe(STRONG);
    expect(a).not.toBe(stateKeyFrom({ WEBHOOK_SECRET: STRONG }));
    expect(deriveStateKey("not a key")).toBeUndefined();
  });
});
