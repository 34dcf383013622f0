// The fake GitHub's side of the app's webhook: it signs and POSTs deliveries to the app's URL,
// records each attempt's outcome as GitHub's "Recent Deliveries" does, lists them
// (`GET /app/hook/deliveries`, newest first, cursor pagination) and redelivers one on request
// (`POST /app/hook/deliveries/{id}/attempts`, 202, then a new attempt with the same GUID).
import { randomUUID } from "node:crypto";
import { webhookHeaders } from "./webhooks.js";

/** One attempt, as GitHub lists it (`hook-delivery-item`), plus what is needed to send it again. */
export interface FakeDelivery {
  id: number;
  guid: string;
  delivered_at: string;
  redelivery: boolean;
  duration: number;
  status: string;
  /** 0 when the app could not be reached or did not answer within GitHub's 10 s. */
  status_code: number;
  event: string;
  action: string | null;
  installation_id: number | null;
  repository_id: number | null;
  body: string;
}

interface Answer { status: number; json?: unknown; headers?: Record<string, string> }

/** GitHub stops waiting for the app's answer after 10 s. */
const ANSWER_TIMEOUT_MS = 10_000;

export class FakeHook {
  /** Where deliveries go; undefined: nowhere (each attempt fails). Tests point it at the app. */
  url: string | undefined;
  readonly deliveries: FakeDelivery[] = [];
  private nextId = 90_000_000_000;
  private inFlight = 0;

  constructor(public secret: string) {}

  /** Delivers an event as GitHub does and records the outcome. */
  send(event: string, payload: unknown, guid: string = randomUUID()): Promise<FakeDelivery> {
    return this.attempt({ guid, event, body: JSON.stringify(payload), redelivery: false });
  }

  /** The attempts of one event (GUID), oldest first. */
  attemptsOf(guid: string): FakeDelivery[] {
    return this.deliveries.filter((d) => d.guid === guid);
  }

  /** `GET /app/hook/deliveries`: newest first; `cursor` is the id the page starts after. */
  list(query: Record<string, string>, origin: string): Answer {
    const perPage = Math.min(Math.max(Number.parseInt(query.per_page ?? "30", 10) || 30, 1), 100);
    const after = query.cursor === undefined ? Infinity : Number(query.cursor);
    const newest = [...this.deliveries].sort((a, b) => b.id - a.id).filter((d) => d.id < after);
    const items = newest.slice(0, perPage);
    const last = items.at(-1);
    const more = newest.length > perPage && last;
    const link = more ? { link: `<${origin}/app/hook/deliveries?per_page=${perPage}&cursor=${last.id}>; rel="next"` } : undefined;
    return { status: 200, json: items.map(({ body: _body, ...item }) => item), ...(link ? { headers: link } : {}) };
  }

  /** `POST /app/hook/deliveries/{id}/attempts`: accepted at once, sent after. */
  redeliver(id: number): Answer {
    const original = this.deliveries.find((d) => d.id === id);
    if (!original) return { status: 404, json: { message: "Not Found" } };
    void this.attempt({ guid: original.guid, event: original.event, body: original.body, redelivery: true });
    return { status: 202, json: {} };
  }

  /** Resolves once no redelivery started by `redeliver` is still in flight. */
  async settled(): Promise<void> {
    while (this.inFlight > 0) await new Promise((r) => setTimeout(r, 10));
  }

  private async attempt(send: { guid: string; event: string; body: string; redelivery: boolean }): Promise<FakeDelivery> {
    this.inFlight++;
    const started = Date.now();
    let status = 0;
    try {
      if (this.url) status = await post(this.url, send.event, send.guid, send.body, this.secret);
    } finally {
      this.inFlight--;
    }
    const payload = JSON.parse(send.body) as { action?: unknown; installation?: { id?: unknown }; repository?: { id?: unknown } } | null;
    const delivery: FakeDelivery = {
      id: ++this.nextId,
      guid: send.guid,
      delivered_at: new Date(started).toISOString().replace(/\.\d{3}Z$/, "Z"),
      redelivery: send.redelivery,
      duration: (Date.now() - started) / 1000,
      status: status === 0 ? "failed to connect" : status >= 200 && status < 300 ? "OK" : `Invalid HTTP Response: ${status}`,
      status_code: status,
      event: send.event,
      action: typeof payload?.action === "string" ? payload.action : null,
      installation_id: typeof payload?.installation?.id === "number" ? payload.installation.id : null,
      repository_id: typeof payload?.repository?.id === "number" ? payload.repository.id : null,
      body: send.body,
    };
    this.deliveries.push(delivery);
    return delivery;
  }
}

/** The app's answer status, or 0 when it could not be reached in time. */
async function post(url: string, event: string, guid: string, body: string, secret: string): Promise<number> {
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: webhookHeaders(event, guid, body, secret),
      body,
      signal: AbortSignal.timeout(ANSWER_TIMEOUT_MS),
    });
    await response.arrayBuffer();
    return response.status;
  } catch {
    return 0;
  }
}
