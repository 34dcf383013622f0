// Webhook answer latency under an organisation-sized burst: 200 PRs (half by a coding agent),
// 1,000 signed deliveries at RATE per second (opened, labeled, synchronize, a recheck command,
// a plain comment per PR), sent from a separate thread (bench/webhook-sender.ts) to the real app
// (Probot's middleware, our handlers, Probot's real throttling and retries) in front of the fake
// GitHub, which runs in its own thread (bench/burst-github.ts). GitHub gives up on an answer
// after 10 s; the target is p99 < 50 ms at 50/s. Prints p50/p99/max overall and per event, the answers that were not 200 (202: Probot's middleware gave
// up waiting for the handler), the app thread's event-loop delay (a busy thread, not an awaited
// GitHub call) and how many PRs had a verdict when the burst ended.
import { availableParallelism, loadavg } from "node:os";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { Worker } from "node:worker_threads";
import { ProbotOctokit } from "probot";
import { startGate } from "../src/fake-github/harness.js";
import type { BurstShape } from "./burst-github.js";
import type { Sample, SenderData } from "./webhook-sender.js";

const SECRET = "bench-webhook-secret";

export interface BurstOptions extends BurstShape {
  rate: number;
}

/** The next message a worker posts. */
const next = <T>(worker: Worker): Promise<T> => new Promise((resolve, reject) => {
  worker.once("message", resolve);
  worker.once("error", reject);
});

function percentile(sorted: number[], p: number): number {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const figures = (latencies: number[]) => {
  const sorted = [...latencies].sort((a, b) => a - b);
  return `p50 ${percentile(sorted, 50).toFixed(1)} ms  p99 ${percentile(sorted, 99).toFixed(1)} ms  max ${(sorted.at(-1) ?? NaN).toFixed(1)} ms`;
};

export async function measureBurst(options: BurstOptions): Promise<void> {
  const github = new Worker(new URL("./burst-github.js", import.meta.url), { workerData: { pulls: options.pulls, deliveries: options.deliveries } });
  const { url: apiUrl, appId, deliveries } = await next<{ url: string; appId: number; deliveries: SenderData["deliveries"] }>(github);
  // Probot's own Octokit: its throttling (writes one per second) and retries, as in production.
  const running = await startGate(apiUrl, { secret: SECRET, appId, Octokit: ProbotOctokit, metrics: false, redeliver: false });
  try {
    const intervalMs = 1000 / options.rate;
    // Tick n sends deliveries[n % length]: rotate by one so the burst goes out in order.
    const sender: SenderData = {
      url: running.webhookUrl,
      secret: SECRET,
      deliveries: [deliveries.at(-1)!, ...deliveries.slice(0, -1)],
      intervalMs,
      maxMs: deliveries.length * intervalMs,
      maxInFlight: 2000,
    };
    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    const worker = new Worker(new URL("./webhook-sender.js", import.meta.url), { workerData: sender });
    const report = await next<{ samples: Sample[]; skipped: number }>(worker);
    loop.disable();
    await worker.terminate();
    const { samples, skipped } = report;
    const failed = samples.filter((s) => s.status !== 200).length;
    const statuses = new Map<number, number>();
    for (const s of samples) if (s.status !== 200) statuses.set(s.status, (statuses.get(s.status) ?? 0) + 1);
    github.postMessage("verdicts");
    const verdicts = await next<number>(github);
    console.log(`burst: ${samples.length} deliveries over ${options.pulls} PRs at ${options.rate}/s (${failed} not 200, ${skipped} ticks skipped at ${sender.maxInFlight} in flight)`);
    console.log(`  webhook answers: ${figures(samples.map((s) => s.latencyMs))}  (target p99 < 50 ms)`);
    if (failed > 0) console.log(`  not 200: ${[...statuses].map(([status, n]) => `${n}× ${status === -1 ? "no answer" : status}`).join(", ")}`);
    console.log(`  app thread event-loop delay: p50 ${(loop.percentile(50) / 1e6).toFixed(1)} ms  p99 ${(loop.percentile(99) / 1e6).toFixed(1)} ms  max ${(loop.max / 1e6).toFixed(1)} ms`);
    const events = [...new Set(deliveries.map((d) => d.event))];
    for (const event of events) {
      const of = samples.filter((s) => deliveries[(Math.round(s.at / intervalMs) - 1) % deliveries.length]?.event === event);
      console.log(`    ${event.padEnd(14)} ${of.length} answers  ${figures(of.map((s) => s.latencyMs))}`);
    }
    console.log(`  PRs with a verdict when the last answer came: ${verdicts} of ${options.pulls}`);
    // Answers wait for a free core: on a shared machine the load says how much of the figure is the app's.
    console.log(`  machine: ${availableParallelism()} cores, load average ${loadavg().map((l) => l.toFixed(1)).join(" ")}`);
  } finally {
    await running.stop();
    await github.terminate();
  }
}
