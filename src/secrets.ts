// The app's secrets and what they may be used for. The state-block key signs data that is
// published in every check run's output, so it must never be the webhook secret: that would turn
// a weak webhook secret into an offline guessing oracle, and with the webhook secret anyone can
// forge an Approve click in an approver's name.
import { createPrivateKey, hkdfSync, randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";

export const MIN_WEBHOOK_SECRET = 20;

type Env = Record<string, string | undefined>;

/** Why the app must not start in production (NODE_ENV=production), or undefined when it may. */
export function productionProblem(env: Env): string | undefined {
  if (env.NODE_ENV !== "production") return undefined;
  const secret = env.WEBHOOK_SECRET ?? "";
  if (secret === "") {
    return "WEBHOOK_SECRET is not set: without it anyone who can reach the app can send it forged webhooks (approve clicks, re-runs)";
  }
  if (secret.length < MIN_WEBHOOK_SECRET) {
    return `WEBHOOK_SECRET is ${secret.length} characters long; use at least ${MIN_WEBHOOK_SECRET} random characters, since a short secret can be guessed and then used to forge webhooks`;
  }
  if (!env.AGENT_GATE_STATE_KEY && privateKeyFromEnv(env) === undefined) {
    return "neither AGENT_GATE_STATE_KEY nor a readable PRIVATE_KEY / PRIVATE_KEY_PATH is set: the gate needs one of them to sign the state it keeps in check runs";
  }
  return undefined;
}

export function assertProductionSecrets(env: Env = process.env): void {
  const problem = productionProblem(env);
  if (problem) throw new Error(`agent-gate refuses to start: ${problem}.`);
}

/** The app's private key as Probot reads it from PRIVATE_KEY or PRIVATE_KEY_PATH. */
export function privateKeyFromEnv(env: Env): string | undefined {
  if (env.PRIVATE_KEY) {
    const text = env.PRIVATE_KEY.replace(/\\n/g, "\n");
    return text.includes("-----BEGIN") ? text : Buffer.from(text, "base64").toString("utf8");
  }
  if (env.PRIVATE_KEY_PATH) {
    try {
      return readFileSync(env.PRIVATE_KEY_PATH, "utf8");
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** A key for state blocks derived from the app's private key (HKDF-SHA256), the same on every replica. */
export function deriveStateKey(privateKeyPem: string): string | undefined {
  let der: Buffer;
  try {
    // The DER form, so the same key written with other line breaks derives the same secret.
    der = createPrivateKey(privateKeyPem).export({ type: "pkcs8", format: "der" });
  } catch {
    return undefined;
  }
  return Buffer.from(hkdfSync("sha256", der, "agent-gate", "agent-gate state block v2", 32)).toString("hex");
}

/**
 * The state-block key: AGENT_GATE_STATE_KEY, else derived from the app's private key, else (outside
 * production, where start-up refuses) a random one that lives as long as the process.
 */
export function stateKeyFrom(env: Env, privateKey?: string): string {
  if (env.AGENT_GATE_STATE_KEY) return env.AGENT_GATE_STATE_KEY;
  const pem = privateKey ?? privateKeyFromEnv(env);
  return (pem && deriveStateKey(pem)) || randomBytes(32).toString("hex");
}
