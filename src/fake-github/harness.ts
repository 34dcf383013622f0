// Runs the real app (Probot's webhook middleware and our handlers) on loopback against any
// GitHub API base URL: the demo and the end-to-end tests point it at the fake GitHub.
import { generateKeyPairSync } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createNodeMiddleware, Probot, ProbotOctokit, type Logger } from "probot";
import { createApp, type AppOptions, type GateApp } from "../app.js";

// Function form: the object form is overwritten by Probot's own throttle defaults (TOOLCHAIN.md).
// Retries off, so a failure injected by a test surfaces at once instead of after back-off.
export const QuietOctokit = ProbotOctokit.defaults((options: Record<string, unknown>) => ({
  ...options,
  retry: { enabled: false },
  throttle: { enabled: false },
}));

let key: string | undefined;
export function throwawayPrivateKey(): string {
  key ??= generateKeyPairSync("rsa", {
    modulusLength: 2048,
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
    publicKeyEncoding: { type: "spki", format: "pem" },
  }).privateKey;
  return key;
}

export interface RunningGate {
  webhookUrl: string;
  gate: GateApp;
  stop(): Promise<void>;
}

export const WEBHOOK_PATH = "/api/github/webhooks";

type Middleware = Awaited<ReturnType<typeof createNodeMiddleware>>;

export async function startGate(
  apiBaseUrl: string,
  options: { secret: string; appId?: number; logLevel?: "fatal" | "error" | "warn" | "info" | "debug"; log?: Logger; port?: number; Octokit?: typeof ProbotOctokit } & AppOptions,
): Promise<RunningGate> {
  const probot = new Probot({
    appId: options.appId ?? 1,
    privateKey: throwawayPrivateKey(),
    secret: options.secret,
    baseUrl: apiBaseUrl,
    // Quiet unless the caller wants the app's own throttling and retries (benchmarks, rate-limit tests).
    Octokit: options.Octokit ?? QuietOctokit,
    logLevel: options.logLevel ?? "fatal",
    ...(options.log ? { log: options.log } : {}),
  });
  const { app, gate } = createApp({ privateKey: throwawayPrivateKey(), ...options });
  // Listening before the app loads, as a restarted app's URL does: what the app asks GitHub to
  // send on start (redeliveries) finds the server, and waits for the app to be ready.
  let ready!: (middleware: Middleware) => void;
  const loaded = new Promise<Middleware>((resolve) => (ready = resolve));
  const server: Server = createServer((req, res) => {
    void loaded.then((middleware) => middleware(req, res, () => {
      res.writeHead(404).end();
    }));
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  try {
    ready(await createNodeMiddleware(app, { probot, webhooksPath: WEBHOOK_PATH }));
  } catch (err) {
    server.close();
    throw err;
  }
  const { port } = server.address() as AddressInfo;
  return {
    webhookUrl: `http://127.0.0.1:${port}${WEBHOOK_PATH}`,
    gate,
    stop: async () => {
      // Webhook senders keep connections alive; close() alone would wait for them.
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
      await gate.close();
    },
  };
}
