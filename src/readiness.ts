// GET /readyz: 200 while the app can take webhooks, 503 while its queue's store (Redis) is
// unreachable, so that a load balancer sends GitHub's deliveries to a replica that can queue them.
import type { IncomingMessage, ServerResponse } from "node:http";

export const READY_PATH = "/readyz";

export function readinessHandler(ready: () => boolean): (req: IncomingMessage, res: ServerResponse) => boolean {
  return (req, res) => {
    if (req.method !== "GET" || req.url?.split("?")[0] !== READY_PATH) return false;
    const ok = ready();
    res.writeHead(ok ? 200 : 503, { "content-type": "text/plain" }).end(ok ? "ready\n" : "not ready: the work queue is unreachable\n");
    return true;
  };
}
