import { createHmac, randomUUID } from "node:crypto";

/** `X-Hub-Signature-256` of a raw body, as GitHub computes it. */
export function sign(body: string, secret: string): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

/** The headers GitHub sends with a delivery; `signature` replaces the computed one, to test forgeries. */
export function webhookHeaders(event: string, deliveryId: string, body: string, secret: string, signature?: string): Record<string, string> {
  return {
    "content-type": "application/json",
    "user-agent": "GitHub-Hookshot/fake",
    "x-github-event": event,
    "x-github-delivery": deliveryId,
    "x-hub-signature-256": signature ?? sign(body, secret),
  };
}

/** POSTs a webhook the way GitHub does; `opts.signature` replaces the computed one, to test forgeries. */
export async function deliver(
  url: string,
  event: string,
  payload: unknown,
  secret: string,
  deliveryId: string = randomUUID(),
  opts: { signature?: string } = {},
): Promise<{ status: number; body: string }> {
  const body = JSON.stringify(payload);
  const response = await fetch(url, {
    method: "POST",
    headers: webhookHeaders(event, deliveryId, body, secret, opts.signature),
    body,
  });
  return { status: response.status, body: await response.text() };
}
