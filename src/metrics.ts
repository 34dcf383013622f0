// Prometheus metrics for operators (prom-client). Each app instance has its own registry, so two
// apps in one process (tests) never share counters. Served on a port of its own, never on the
// public webhook endpoint: the figures name repositories and installations.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { QueueDepth } from "./queue/work-queue.js";
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";

/** Where the metrics are served; from METRICS_PORT, or METRICS=1 for the default port. */
export interface MetricsOptions {
  port: number;
  host?: string;
}

export const DEFAULT_METRICS_PORT = 9464;

/** undefined when metrics are off (neither METRICS=1 nor METRICS_PORT). */
export function metricsOptionsFrom(env: NodeJS.ProcessEnv): MetricsOptions | undefined {
  const host = env.METRICS_HOST ? { host: env.METRICS_HOST } : {};
  if (env.METRICS_PORT !== undefined && env.METRICS_PORT !== "") {
    const port = Number(env.METRICS_PORT);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`METRICS_PORT must be a port number, not "${env.METRICS_PORT}"`);
    return { port, ...host };
  }
  return env.METRICS === "1" || env.METRICS === "true" ? { port: DEFAULT_METRICS_PORT, ...host } : undefined;
}

/** What one finished evaluation reports. */
export interface EvaluationRecord {
  conclusion: string;
  mode: "scan" | "decide";
  event: string;
  seconds: number;
  /** Rule ids of the findings a fresh scan reported (none when the stored scan was reused). */
  rules: string[];
}

export interface QueueView {
  depth(): Promise<QueueDepth>;
}

const SECONDS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

export class Metrics {
  readonly registry = new Registry();
  private readonly registers = [this.registry];
  private readonly evaluations = new Counter({ name: "agent_gate_evaluations_total", help: "Evaluations finished, by conclusion, requested mode and triggering event", labelNames: ["conclusion", "mode", "event"], registers: this.registers });
  private readonly evaluationSeconds = new Histogram({ name: "agent_gate_evaluation_duration_seconds", help: "Time one evaluation took, queue wait excluded", labelNames: ["mode"], buckets: SECONDS, registers: this.registers });
  private readonly queueWait = new Histogram({ name: "agent_gate_queue_wait_seconds", help: "Time a job waited in the evaluation queue before it started", buckets: SECONDS, registers: this.registers });
  private readonly apiRequests = new Counter({ name: "agent_gate_github_requests_total", help: "GitHub API requests, by route class and status class", labelNames: ["route", "status"], registers: this.registers });
  private readonly rateLimit = new Gauge({ name: "agent_gate_github_rate_limit_remaining", help: "x-ratelimit-remaining of the last GitHub answer, by installation", labelNames: ["installation"], registers: this.registers });
  private readonly webhookSeconds = new Histogram({ name: "agent_gate_webhook_duration_seconds", help: "Time the handlers took to answer a webhook delivery, by event", labelNames: ["event"], buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10], registers: this.registers });
  private readonly findings = new Counter({ name: "agent_gate_findings_total", help: "Findings reported by fresh scans, by rule", labelNames: ["rule"], registers: this.registers });

  /** The queue's depth is read at each scrape. */
  constructor(queue: QueueView) {
    new Gauge({
      name: "agent_gate_queue_depth",
      help: "Jobs in the evaluation queue, by state (queued, running)",
      labelNames: ["state"],
      registers: this.registers,
      async collect() {
        // A store that cannot answer leaves the last figures rather than failing the scrape.
        const depth = await queue.depth().catch(() => undefined);
        if (!depth) return;
        this.set({ state: "queued" }, depth.queued);
        this.set({ state: "running" }, depth.active);
      },
    });
    collectDefaultMetrics({ register: this.registry, prefix: "agent_gate_" });
  }

  evaluated(r: EvaluationRecord): void {
    this.evaluations.inc({ conclusion: r.conclusion, mode: r.mode, event: r.event });
    this.evaluationSeconds.observe({ mode: r.mode }, r.seconds);
    for (const rule of r.rules) this.findings.inc({ rule });
  }

  waited(seconds: number): void {
    this.queueWait.observe(seconds);
  }

  request(route: string, status: number | undefined, installation: string, remaining: string | undefined): void {
    this.apiRequests.inc({ route, status: status === undefined ? "none" : `${Math.floor(status / 100)}xx` });
    const left = Number(remaining);
    if (remaining !== undefined && Number.isFinite(left)) this.rateLimit.set({ installation }, left);
  }

  webhook(event: string, seconds: number): void {
    this.webhookSeconds.observe({ event }, seconds);
  }
}

export interface MetricsServer {
  url: string;
  close(): Promise<void>;
}

/** GET /metrics on its own port; anything else is 404. */
export async function serveMetrics(metrics: Metrics, options: MetricsOptions): Promise<MetricsServer> {
  const server: Server = createServer((req, res) => {
    if (req.method !== "GET" || (req.url ?? "").split("?")[0] !== "/metrics") {
      res.writeHead(404).end();
      return;
    }
    metrics.registry.metrics().then(
      (text) => res.writeHead(200, { "content-type": metrics.registry.contentType }).end(text),
      (err: unknown) => res.writeHead(500).end(String(err)),
    );
  });
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(":") ? `[${host}]` : host}:${port}/metrics`,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
    },
  };
}
