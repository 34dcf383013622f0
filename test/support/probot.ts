// A Probot instance for handler tests: a real app, a generated key, GitHub mocked by nock
// (or pointed at the fake GitHub), retries and throttling off so failures surface at once.
import { createRequire } from "node:module";
import { Probot } from "probot";
import { createApp, type GateApp } from "../../src/app.js";
import { QuietOctokit, throwawayPrivateKey } from "../../src/fake-github/harness.js";
import { testPool } from "./pool.js";

export function testApp(baseUrl?: string): { probot: Probot; gate: GateApp } {
  const probot = new Probot({
    appId: 123,
    privateKey: throwawayPrivateKey(),
    secret: "test-secret",
    Octokit: QuietOctokit,
    logLevel: "fatal",
    ...(baseUrl ? { baseUrl } : {}),
  });
  // progressAfterMs 0: the in-progress write comes at once, as the nock scopes below expect it.
  const { app, gate } = createApp({ concurrency: 2, timeoutMs: 20_000, pool: testPool(), progressAfterMs: 0, sweepEveryMs: false });
  void probot.load(app);
  return { probot, gate };
}

/** A deep copy of a real example payload from @octokit/webhooks-examples. */
export function example(event: string, action: string, index = 0): Record<string, any> {
  // The package's main is a JSON file, which ESM imports only with attributes; require reads it.
  const examples = createRequire(import.meta.url)("@octokit/webhooks-examples") as { name: string; examples: { action?: string }[] }[];
  const def = examples.find((d) => d.name === event);
  const found = def?.examples.filter((e) => e.action === action)[index];
  if (!found) throw new Error(`no example ${event}.${action}[${index}]`);
  return structuredClone(found) as Record<string, any>;
}
