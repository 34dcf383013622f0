// What the throttle queues as writes is counted per installation while it waits or runs.
import { describe, expect, it } from "@jest/globals";
import { Octokit } from "@octokit/core";
import { trackWrites, writesWaiting } from "../../src/github/write-backlog.js";

describe("writesWaiting", () => {
  it("counts non-GET requests and GraphQL queries until they are answered, not reads or the token", async () => {
    const release: (() => void)[] = [];
    const octokit = new Octokit({
      request: {
        fetch: (url: string) =>
          new Promise<Response>((resolve) => release.push(() => resolve(new Response(JSON.stringify(url.includes("graphql") ? { data: {} } : {}), { status: 200, headers: { "content-type": "application/json" } })))),
      },
    });
    trackWrites(octokit as never, "9");
    const pending = [
      octokit.request("POST /repos/{owner}/{repo}/check-runs", { owner: "a", repo: "b", name: "x", head_sha: "c" }),
      octokit.graphql("query { viewer { login } }"),
      octokit.request("GET /repos/{owner}/{repo}/pulls", { owner: "a", repo: "b" }),
      octokit.request("POST /app/installations/{installation_id}/access_tokens", { installation_id: 9 }),
    ];
    await new Promise((r) => setTimeout(r, 20));
    expect(writesWaiting("9")).toBe(2);
    expect(writesWaiting("10")).toBe(0);
    release.splice(0).forEach((r) => r());
    await Promise.all(pending);
    expect(writesWaiting("9")).toBe(0);
  });
});
