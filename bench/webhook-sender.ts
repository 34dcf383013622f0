// Worker thread of bench/webhook-latency.ts: delivers signed webhooks on a fixed schedule from
// its own event loop, so a stalled app thread cannot slow the sender down and hide the stall.
// Latency is measured from the scheduled time, not the send time (no coordinated omission).
import { randomUUID } from "node:crypto";
import { parentPort, workerData } from "node:worker_threads";
import { webhookHeaders } from "../src/fake-github/webhooks.js";

export interface SenderData {
  url: string;
  secret: string;
  /** Sent in turn, one per tick. */
  deliveries: { event: string; body: string }[];
  intervalMs: number;
  /** Sending stops after this long even if not told to. */
  maxMs: number;
  /** Deliveries in flight at most; past it a tick is counted as skipped. */
  maxInFlight: number;
}

export interface Sample {
  /** Scheduled send time, ms since the sender started. */
  at: number;
  latencyMs: number;
  status: number;
}

const data = workerData as SenderData;
const samples: Sample[] = [];
let inFlight = 0;
let skipped = 0;
const start = performance.now();
const startEpochMs = Date.now();

async function one(at: number, delivery: { event: string; body: string }): Promise<void> {
  inFlight++;
  let status = 0;
  try {
    const res = await fetch(data.url, {
      method: "POST",
      headers: webhookHeaders(delivery.event, randomUUID(), delivery.body, data.secret),
      body: delivery.body,
    });
    status = res.status;
    await res.arrayBuffer();
  } catch {
    status = -1;
  }
  samples.push({ at, latencyMs: performance.now() - start - at, status });
  inFlight--;
}

let tick = 0;
let timer: NodeJS.Timeout | undefined;
let stopped = false;
// Each tick is timed against the start, not the previous tick: setInterval re-arms from when its
// callback ran, so its lateness adds up (over 1,000 ticks, a drift of ~150 ms that would count as latency).
function schedule(): void {
  const at = (tick + 1) * data.intervalMs;
  timer = setTimeout(() => {
    tick++;
    if (at > data.maxMs) return void stop();
    if (inFlight >= data.maxInFlight) skipped++;
    else void one(at, data.deliveries[tick % data.deliveries.length]!);
    schedule();
  }, Math.max(0, start + at - performance.now()));
}
schedule();

async function stop(): Promise<void> {
  if (stopped) return;
  stopped = true;
  clearTimeout(timer);
  for (let i = 0; inFlight > 0 && i < 600; i++) await new Promise((r) => setTimeout(r, 100));
  parentPort!.postMessage({ samples, skipped, startEpochMs });
  parentPort!.close();
}

parentPort!.on("message", () => void stop());
