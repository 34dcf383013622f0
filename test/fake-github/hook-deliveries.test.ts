// The fake's side of the app's webhook: what it sends, what it records, what its two endpoints answer.
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "@jest/globals";
import { verify } from "@octokit/webhooks-methods";
import { demoState } from "../../src/fake-github/demo-state.js";
import { FakeGitHub } from "../../src/fake-github/server.js";
import { pullRequestEvent } from "../../src/fake-github/state.js";

let fake: FakeGitHub;
let base: string;

beforeEach(async () => {
  fake = new FakeGitHub(demoState());
  base = await fake.start();
  fake.hook.secret = "hook-secret";
});
afterEach(async () => {
  await fake.hook.settled();
  await fake.stop();
});

const call = (method: string, path: string, auth = "Bearer jwt") => fetch(`${base}${path}`, { method, headers: { authorization: auth } });

describe("the app's webhook in the fake GitHub", () => {
  it("POSTs signed deliveries, records each outcome, and redelivers with the same GUID", async () => {
    const seen: { headers: IncomingHttpHeaders; body: string }[] = [];
    let status = 503;
    const app = createServer((req, res) => {
      let body = "";
      req.on("data", (c: Buffer) => (body += c.toString()));
      req.on("end", () => {
        seen.push({ headers: req.headers, body });
        res.writeHead(status).end();
      });
    });
    await new Promise<void>((r) => app.listen(0, "127.0.0.1", r));
    fake.hook.url = `http://127.0.0.1:${(app.address() as AddressInfo).port}/hook`;
    try {
      const first = await fake.hook.send("pull_request", pullRequestEvent(fake.state, fake.state.repos[0]!, 1, "opened"));
      expect([first.status_code, first.redelivery, first.event, first.action, first.installation_id]).toEqual([503, false, "pull_request", "opened", fake.state.installationId]);
      expect(await verify("hook-secret", seen[0]!.body, String(seen[0]!.headers["x-hub-signature-256"]))).toBe(true);
      status = 200;
      const accepted = await call("POST", `/app/hook/deliveries/${first.id}/attempts`);
      expect(accepted.status).toBe(202);
      await fake.hook.settled();
      expect(seen.map((s) => s.headers["x-github-delivery"])).toEqual([first.guid, first.guid]);
      expect(fake.hook.attemptsOf(first.guid).map((d) => [d.redelivery, d.status_code])).toEqual([[false, 503], [true, 200]]);
    } finally {
      app.closeAllConnections();
      await new Promise((r) => app.close(r));
    }
  });

  it("records 0 when nobody answers, lists newest first in GitHub's shape, pages by cursor", async () => {
    for (let i = 0; i < 3; i++) expect((await fake.hook.send("ping", { zen: i })).status_code).toBe(0);
    const page = await call("GET", "/app/hook/deliveries?per_page=2");
    const items = (await page.json()) as Record<string, unknown>[];
    expect(items.map((d) => d.id)).toEqual([fake.hook.deliveries[2]!.id, fake.hook.deliveries[1]!.id]);
    expect(Object.keys(items[0]!).sort()).toEqual(
      ["action", "delivered_at", "duration", "event", "guid", "id", "installation_id", "redelivery", "repository_id", "status", "status_code"],
    );
    const next = /<([^>]+)>; rel="next"/.exec(page.headers.get("link") ?? "")?.[1];
    const rest = (await (await fetch(next!, { headers: { authorization: "Bearer jwt" } })).json()) as { id: number }[];
    expect(rest.map((d) => d.id)).toEqual([fake.hook.deliveries[0]!.id]);
  });

  it("refuses installation tokens (GitHub wants the app's JWT) and unknown deliveries", async () => {
    await fake.hook.send("ping", {});
    expect((await call("GET", "/app/hook/deliveries", "token ghs_x")).status).toBe(401);
    expect((await call("POST", `/app/hook/deliveries/${fake.hook.deliveries[0]!.id}/attempts`, "token ghs_x")).status).toBe(401);
    expect((await call("POST", "/app/hook/deliveries/1/attempts")).status).toBe(404);
  });
});
