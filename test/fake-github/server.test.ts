import { createServer, type IncomingHttpHeaders } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "@jest/globals";
import { Octokit } from "@octokit/rest";
import { verify } from "@octokit/webhooks-methods";
import { demoState } from "../../src/fake-github/demo-state.js";
import { FakeGitHub } from "../../src/fake-github/server.js";
import {
  checkRunEvent, checkSuiteEvent, issueCommentEvent, pullRequestEvent, pullRequestReviewEvent, unifiedPatch,
  type FakePull, type FakeRepo,
} from "../../src/fake-github/state.js";
import { deliver, sign } from "../../src/fake-github/webhooks.js";

const PR2_HEAD = "e91b5d3f7a2c4e6b8d0f1a3c5e7b9d2f4a6c8e13";

let fake: FakeGitHub;
let base: string;
let shop: FakeRepo;

beforeEach(async () => {
  fake = new FakeGitHub(demoState());
  base = await fake.start();
  shop = fake.state.repos[0]!;
});
afterEach(() => fake.stop());

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: "token ghs_test", ...(body === undefined ? {} : { "content-type": "application/json" }), ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  const json = res.headers.get("content-type")?.startsWith("application/json") ? (JSON.parse(text) as any) : undefined;
  return { status: res.status, headers: res.headers, text, json };
}

function bigPull(number: number, files: number, commits = 0): FakePull {
  return {
    number, title: "big", body: "", user: "bob", head: { ref: "big", sha: "a".repeat(40) }, base: { ref: "main", sha: "b".repeat(40) },
    labels: [], draft: false, reviews: [],
    files: Array.from({ length: files }, (_, k) => ({ filename: `f/${k}.py`, status: "added" as const, patch: "@@ -0,0 +1 @@\n+x = 1" })),
    commits: Array.from({ length: commits }, (_, k) => ({
      sha: k.toString(16).padStart(40, "0"), message: `c${k}`,
      author: { name: "Bob", email: "bob@acme.example" }, committer: { name: "Bob", email: "bob@acme.example" },
    })),
  };
}

describe("routing and recording", () => {
  it("issues installation tokens and describes the app", async () => {
    const token = await call("POST", `/app/installations/${fake.state.installationId}/access_tokens`, {}, { authorization: "Bearer jwt" });
    expect(token.status).toBe(201);
    expect(token.json.token).toMatch(/^ghs_fake/);
    expect(Date.parse(token.json.expires_at) - Date.now()).toBeGreaterThan(59 * 60_000);
    expect((await call("POST", "/app/installations/1/access_tokens")).status).toBe(404);
    expect((await call("GET", "/app")).json).toMatchObject({ id: 1_048_576, slug: "agent-gate", owner: { login: "acme" } });
  });

  it("records method, decoded path, query, body and auth scheme in order", async () => {
    await call("GET", "/repos/acme/shop/contents/.github%2Fagent-gate.yml?ref=main");
    await call("POST", "/repos/acme/shop/issues/1/comments", { body: "hi" });
    await fetch(`${base}/app`);
    expect(fake.requests).toEqual([
      { method: "GET", path: "/repos/acme/shop/contents/.github/agent-gate.yml", query: { ref: "main" }, body: undefined, auth: "token" },
      { method: "POST", path: "/repos/acme/shop/issues/1/comments", query: {}, body: { body: "hi" }, auth: "token" },
      { method: "GET", path: "/app", query: {}, body: undefined },
    ]);
    fake.resetRequests();
    expect(fake.requests).toEqual([]);
  });

  it("answers 404 with a GitHub error body for unknown routes and objects", async () => {
    for (const path of ["/nope", "/repos/acme/none", "/repos/acme/shop/pulls/99", "/repos/acme/shop/check-runs/5"]) {
      const res = await call("GET", path);
      expect([path, res.status, res.json.message, res.json.documentation_url]).toEqual([path, 404, "Not Found", "https://docs.github.com/rest"]);
    }
    expect((await call("DELETE", "/repos/acme/shop")).status).toBe(404);
  });

  it("answers 400 for a body that is not JSON", async () => {
    const res = await fetch(`${base}/repos/acme/shop/check-runs`, { method: "POST", body: "{" });
    expect(res.status).toBe(400);
  });
});

describe("pull requests", () => {
  it("serves the REST pull shape", async () => {
    const { json } = await call("GET", "/repos/acme/shop/pulls/2");
    expect(json).toMatchObject({
      number: 2, state: "open", draft: false, changed_files: 2, commits: 2, additions: 24, deletions: 0,
      user: { login: "Copilot", id: 198982749, type: "Bot" },
      head: { ref: "copilot/add-user-search", sha: PR2_HEAD, repo: { full_name: "acme/shop", name: "shop", owner: { login: "acme" } } },
      base: { ref: "main", repo: { full_name: "acme/shop" } },
      html_url: "https://github.com/acme/shop/pull/2",
    });
  });

  it("paginates files with link headers and stops at 3,000", async () => {
    shop.pulls.push(bigPull(7, 250), bigPull(8, 3050));
    const first = await call("GET", "/repos/acme/shop/pulls/7/files?per_page=100&page=1");
    expect(first.json).toHaveLength(100);
    expect(first.json[0]).toEqual({ sha: expect.stringMatching(/^[0-9a-f]{40}$/), filename: "f/0.py", status: "added", additions: 1, deletions: 0, changes: 1, patch: "@@ -0,0 +1 @@\n+x = 1" });
    expect(first.headers.get("link")).toContain(`<${base}/repos/acme/shop/pulls/7/files?per_page=100&page=2>; rel="next"`);
    const last = await call("GET", "/repos/acme/shop/pulls/7/files?per_page=100&page=3");
    expect([last.json.length, last.headers.get("link")]).toEqual([50, null]);
    expect((await call("GET", "/repos/acme/shop/pulls/7/files")).json).toHaveLength(30);
    expect((await call("GET", "/repos/acme/shop/pulls/7/files?per_page=500")).json).toHaveLength(100);

    const at3000 = await call("GET", "/repos/acme/shop/pulls/8/files?per_page=100&page=30");
    expect([at3000.json.length, at3000.headers.get("link")]).toEqual([100, null]);
    expect((await call("GET", "/repos/acme/shop/pulls/8/files?per_page=100&page=31")).json).toEqual([]);
    expect((await call("GET", "/repos/acme/shop/pulls/8")).json.changed_files).toBe(3050);
  });

  it("works with Octokit's paginate and caps commits at 250", async () => {
    shop.pulls.push(bigPull(7, 250, 300));
    const octokit = new Octokit({ baseUrl: base, auth: "ghs_test" });
    const files = await octokit.paginate(octokit.rest.pulls.listFiles, { owner: "acme", repo: "shop", pull_number: 7, per_page: 100 });
    const commits = await octokit.paginate(octokit.rest.pulls.listCommits, { owner: "acme", repo: "shop", pull_number: 7, per_page: 100 });
    expect([files.length, commits.length]).toEqual([250, 250]);
    expect(fake.requests.filter((r) => r.path.endsWith("/files")).map((r) => r.query.page)).toEqual(["1", "2", "3"].map((p, k) => (k === 0 ? undefined : p)));
  });

  it("serves commits with git and account identities", async () => {
    const { json } = await call("GET", "/repos/acme/shop/pulls/2/commits");
    expect(json[1]).toMatchObject({
      sha: PR2_HEAD,
      commit: {
        message: "Add user search endpoint\n\nCo-authored-by: alice <alice@acme.example>",
        author: { name: "Copilot", email: "198982749+Copilot@users.noreply.github.com", date: "2025-06-02T08:41:17Z" },
      },
      author: { login: "Copilot", id: 198982749, type: "Bot" },
    });
  });

  it("serves reviews in REST case and the PRs of a commit", async () => {
    shop.pulls[1]!.reviews.push({ id: 9, user: "bob", state: "APPROVED", commit_id: PR2_HEAD, body: "ok", submitted_at: "2025-06-02T10:00:00Z" });
    expect((await call("GET", "/repos/acme/shop/pulls/2/reviews")).json).toEqual([
      expect.objectContaining({ id: 9, user: expect.objectContaining({ login: "bob", type: "User" }), state: "APPROVED", commit_id: PR2_HEAD }),
    ]);
    expect((await call("GET", `/repos/acme/shop/commits/${PR2_HEAD}/pulls`)).json.map((p: { number: number }) => p.number)).toEqual([2]);
  });

  it("serves a fork PR as GitHub does: in the open-PR list with the fork as head repo, absent from the commit's PRs and from check payloads", async () => {
    shop.pulls.push({ ...structuredClone(shop.pulls[1]!), number: 8, user: "mallory", head: { ref: "main", sha: PR2_HEAD, repo: "mallory/shop" } });
    shop.pulls.push({ ...structuredClone(shop.pulls[0]!), number: 9, state: "closed" });
    const open = (await call("GET", "/repos/acme/shop/pulls?state=open&per_page=100")).json;
    expect(open.map((p: { number: number }) => p.number)).toEqual([1, 2, 8]);
    expect(open[2].head).toMatchObject({ label: "mallory:main", sha: PR2_HEAD, repo: { full_name: "mallory/shop", fork: true } });
    expect((await call("GET", "/repos/acme/shop/pulls?state=closed")).json.map((p: { number: number }) => p.number)).toEqual([9]);
    expect((await call("GET", `/repos/acme/shop/commits/${PR2_HEAD}/pulls`)).json.map((p: { number: number }) => p.number)).toEqual([2]);
    const suite = checkSuiteEvent(fake.state, shop, PR2_HEAD, "rerequested", "alice");
    expect(suite.check_suite.pull_requests.map((p: { number: number }) => p.number)).toEqual([2]);
  });
});

describe("comments and reactions", () => {
  it("stores comments, filters by since and reacts once per content", async () => {
    const created = await call("POST", "/repos/acme/shop/issues/2/comments", { body: "agent-gate: refused" });
    expect(created.status).toBe(201);
    expect(created.json.user).toMatchObject({ login: "agent-gate[bot]", type: "Bot" });
    shop.issueComments.push({ id: 5, issue_number: 2, user: "bob", body: "/agent-gate approve ok", created_at: "2025-01-01T00:00:00Z", updated_at: "2025-01-01T00:00:00Z" });
    expect((await call("GET", "/repos/acme/shop/issues/2/comments")).json).toHaveLength(2);
    const since = await call("GET", "/repos/acme/shop/issues/2/comments?since=2025-03-01T00:00:00Z");
    expect(since.json.map((c: { id: number }) => c.id)).toEqual([created.json.id]);

    const reaction = await call("POST", "/repos/acme/shop/issues/comments/5/reactions", { content: "+1" });
    expect([reaction.status, reaction.json.content]).toEqual([201, "+1"]);
    expect((await call("POST", "/repos/acme/shop/issues/comments/5/reactions", { content: "+1" })).status).toBe(200);
    expect((await call("POST", "/repos/acme/shop/issues/comments/5/reactions", { content: "thumbsup" })).status).toBe(422);
    expect((await call("POST", "/repos/acme/shop/issues/comments/77/reactions", { content: "+1" })).status).toBe(404);
    expect(shop.reactions).toEqual([expect.objectContaining({ comment_id: 5, content: "+1" })]);
  });
});

describe("contents", () => {
  it("serves base64 files by ref, the default branch without one, raw on request", async () => {
    const byBranch = await call("GET", "/repos/acme/shop/contents/shop/api/users.py?ref=copilot/add-user-search");
    expect(byBranch.json).toMatchObject({ type: "file", encoding: "base64", name: "users.py", path: "shop/api/users.py" });
    expect(Buffer.from(byBranch.json.content, "base64").toString()).toBe(shop.files[PR2_HEAD]!["shop/api/users.py"]);
    expect((await call("GET", "/repos/acme/shop/contents/shop/api/users.py")).status).toBe(404);
    expect((await call("GET", "/repos/acme/shop/contents/README.md")).json.sha).toMatch(/^[0-9a-f]{40}$/);
    const raw = await call("GET", "/repos/acme/shop/contents/README.md", undefined, { accept: "application/vnd.github.v3.raw" });
    expect([raw.text, raw.headers.get("content-type")]).toEqual([shop.files.main!["README.md"], "application/vnd.github.raw; charset=utf-8"]);
  });

  it("has no gate config and no org .github repo by default", async () => {
    expect((await call("GET", "/repos/acme/shop/contents/.github/agent-gate.yml")).status).toBe(404);
    expect((await call("GET", "/repos/acme/.github/contents/.github/agent-gate.yml")).status).toBe(404);
  });
});

describe("GraphQL blob batch", () => {
  it("answers fN for eN by variable name: text, missing, binary, truncated, submodule", async () => {
    shop.files[PR2_HEAD]!["img.png"] = "PNG\0data";
    shop.files[PR2_HEAD]!["big.py"] = "é".repeat(300_000);
    shop.gitlinks = { [PR2_HEAD]: ["libs/driver"] };
    const variables = {
      owner: "acme", name: "shop",
      e3: `${PR2_HEAD}:shop/config.py`, e0: `${PR2_HEAD}:missing.py`, e1: `${PR2_HEAD}:img.png`, e2: `${PR2_HEAD}:big.py`, e4: `${PR2_HEAD}:libs/driver`,
    };
    const octokit = new Octokit({ baseUrl: base, auth: "ghs_test" });
    const data = await octokit.graphql<{ repository: Record<string, any> }>("query($owner: String!, $name: String!) { ignored }", variables);
    const config = shop.files[PR2_HEAD]!["shop/config.py"]!;
    expect(data.repository.f3).toEqual({ __typename: "Blob", byteSize: config.length, isBinary: false, isTruncated: false, text: config });
    expect(data.repository.f0).toBeNull();
    expect(data.repository.f1).toEqual({ __typename: "Blob", byteSize: 8, isBinary: true, isTruncated: false, text: null });
    expect(data.repository.f4).toEqual({ __typename: "Commit" });
    expect(data.repository.f2).toMatchObject({ byteSize: 600_000, isTruncated: true, text: "é".repeat(256_000) });
  });

  it("reports an unknown repository as GitHub does", async () => {
    const res = await call("POST", "/graphql", { query: "q", variables: { owner: "acme", name: "gone", e0: "x:y" } });
    expect(res.json).toMatchObject({ data: { repository: null }, errors: [{ type: "NOT_FOUND" }] });
  });
});

describe("check runs", () => {
  const annotation = (line: number) => ({ path: "shop/config.py", start_line: line, end_line: line, annotation_level: "failure", message: "m" });

  it("creates, appends annotations across updates, completes on conclusion and lists newest first", async () => {
    const created = await call("POST", "/repos/acme/shop/check-runs", {
      name: "agent-gate", head_sha: PR2_HEAD, status: "in_progress",
      output: { title: "t", summary: "s", annotations: Array.from({ length: 50 }, (_, k) => annotation(k + 1)) },
    });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ id: 1001, status: "in_progress", conclusion: null, app: { id: 1_048_576, slug: "agent-gate" }, output: { annotations_count: 50 } });
    expect(created.json.pull_requests.map((p: { number: number }) => p.number)).toEqual([2]);
    expect(created.json).not.toHaveProperty("annotations");

    const updated = await call("PATCH", "/repos/acme/shop/check-runs/1001", {
      conclusion: "action_required", output: { title: "Blocked", summary: "s2", annotations: [annotation(60)] },
      actions: [{ label: "Approve", description: "Approve this commit", identifier: "approve" }],
    });
    expect(updated.json).toMatchObject({ status: "completed", conclusion: "action_required", output: { title: "Blocked", annotations_count: 51 } });
    expect(updated.json.completed_at).toEqual(expect.any(String));
    const annotations = await call("GET", "/repos/acme/shop/check-runs/1001/annotations?per_page=100");
    expect(annotations.json).toHaveLength(51);

    await call("POST", "/repos/acme/shop/check-runs", { name: "other", head_sha: PR2_HEAD, conclusion: "success" });
    await call("POST", "/repos/acme/shop/check-runs", { name: "agent-gate", head_sha: PR2_HEAD });
    const listed = await call("GET", `/repos/acme/shop/commits/${PR2_HEAD}/check-runs?check_name=agent-gate&filter=all`);
    expect([listed.json.total_count, listed.json.check_runs.map((r: { id: number }) => r.id)]).toEqual([2, [1003, 1001]]);
    const newest = await call("GET", `/repos/acme/shop/commits/${PR2_HEAD}/check-runs?check_name=agent-gate`);
    expect(newest.json.check_runs.map((r: { id: number }) => r.id)).toEqual([1003]);
    expect((await call("GET", "/repos/acme/shop/check-runs/1002")).json.status).toBe("completed");
  });

  it("creates runs as another app, listed with that app's id next to this app's", async () => {
    await call("POST", "/repos/acme/shop/check-runs", { name: "agent-gate", head_sha: PR2_HEAD, conclusion: "action_required", output: { title: "t", summary: "s" } });
    const foreign = fake.createCheckRunAs({ id: 4242, slug: "evil-ci" }, "acme", "shop", {
      name: "agent-gate", head_sha: PR2_HEAD, conclusion: "success", started_at: "2020-01-01T00:00:00Z", output: { title: "ok", summary: "ok", text: "copied" },
    });
    expect(foreign).toMatchObject({ app: { id: 4242, slug: "evil-ci" }, started_at: "2020-01-01T00:00:00Z", output: { text: "copied" } });
    const listed = await call("GET", `/repos/acme/shop/commits/${PR2_HEAD}/check-runs?check_name=agent-gate&filter=all`);
    expect(listed.json.check_runs.map((r: { app: { id: number } }) => r.app.id)).toEqual([4242, 1_048_576]);
    expect(() => fake.createCheckRunAs({ id: 1, slug: "x" }, "acme", "shop", { head_sha: PR2_HEAD })).toThrow(/name/);
  });

  it("refuses what GitHub refuses", async () => {
    const bad = [
      { head_sha: PR2_HEAD },
      { name: "g", head_sha: PR2_HEAD, conclusion: "stale" },
      { name: "g", head_sha: PR2_HEAD, status: "completed" },
      { name: "g", head_sha: PR2_HEAD, output: { summary: "no title" } },
      { name: "g", head_sha: PR2_HEAD, output: { title: "t", summary: "s", annotations: Array.from({ length: 51 }, () => annotation(1)) } },
      { name: "g", head_sha: PR2_HEAD, output: { title: "t", summary: "s", annotations: [{ ...annotation(1), end_line: 2, start_column: 1 }] } },
      { name: "g", head_sha: PR2_HEAD, actions: [{ label: "A label over twenty chars", description: "d", identifier: "i" }] },
    ];
    for (const body of bad) expect([body, (await call("POST", "/repos/acme/shop/check-runs", body)).status]).toEqual([body, 422]);
    expect(shop.checkRuns).toEqual([]);
  });
});

describe("permissions and teams", () => {
  it("maps roles to legacy permissions; unknown logins are 404", async () => {
    fake.state.users.carol = { login: "carol", id: 5, type: "User" };
    shop.permissions.carol = "triage";
    fake.state.users.dave = { login: "dave", id: 6, type: "User" };
    shop.permissions.dave = { role_name: "security-reviewer", permission: "write" };
    const get = async (login: string) => (await call("GET", `/repos/acme/shop/collaborators/${login}/permission`)).json;
    expect(await get("bob")).toMatchObject({ permission: "write", role_name: "maintain", user: { login: "bob", type: "User" } });
    expect(await get("alice")).toMatchObject({ permission: "write", role_name: "write" });
    expect(await get("carol")).toMatchObject({ permission: "read", role_name: "triage" });
    expect(await get("dave")).toMatchObject({ permission: "write", role_name: "security-reviewer" });
    expect(await get("Copilot")).toMatchObject({ permission: "none", role_name: "none" });
    expect((await call("GET", "/repos/acme/shop/collaborators/mallory/permission")).status).toBe(404);
  });

  it("serves team memberships, 404 for non-members", async () => {
    fake.state.teams["acme/security"] = { alice: "active", bob: "pending" };
    expect((await call("GET", "/orgs/acme/teams/security/memberships/alice")).json).toMatchObject({ state: "active", role: "member" });
    expect((await call("GET", "/orgs/acme/teams/security/memberships/bob")).json.state).toBe("pending");
    expect((await call("GET", "/orgs/acme/teams/security/memberships/carol")).status).toBe(404);
    expect((await call("GET", "/orgs/acme/teams/ops/memberships/alice")).status).toBe(404);
  });
});

describe("failNext", () => {
  it("fails the next matching requests only, then recovers", async () => {
    fake.failNext("get", /\/pulls\/2\/files$/, 502, 2);
    fake.failNext("GET", /\/teams\//, 403);
    expect((await call("GET", "/repos/acme/shop/pulls/1/files")).status).toBe(200);
    const failed = await call("GET", "/repos/acme/shop/pulls/2/files");
    expect([failed.status, failed.json.documentation_url]).toEqual([502, "https://docs.github.com/rest"]);
    expect((await call("GET", "/repos/acme/shop/pulls/2/files")).status).toBe(502);
    expect((await call("GET", "/repos/acme/shop/pulls/2/files")).status).toBe(200);
    expect((await call("GET", "/orgs/acme/teams/x/memberships/alice")).json.message).toBe("Resource not accessible by integration");
    expect(fake.requests).toHaveLength(5);
  });
});

describe("webhooks", () => {
  it("signs as GitHub documents it", async () => {
    // The example from GitHub's "Validating webhook deliveries".
    expect(sign("Hello, World!", "It's a Secret to Everybody")).toBe("sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17");
    expect(await verify("s3cret", '{"a":1}', sign('{"a":1}', "s3cret"))).toBe(true);
  });

  it("delivers with GitHub's headers and can forge the signature", async () => {
    const seen: { headers: IncomingHttpHeaders; body: string }[] = [];
    const receiver = createServer((req, res) => {
      let body = "";
      req.on("data", (chunk: Buffer) => (body += chunk.toString()));
      req.on("end", () => {
        seen.push({ headers: req.headers, body });
        res.writeHead(202).end("queued");
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/api/github/webhooks`;
    try {
      expect(await deliver(url, "pull_request", { action: "opened" }, "s3cret", "d-1")).toEqual({ status: 202, body: "queued" });
      await deliver(url, "pull_request", { action: "opened" }, "s3cret", undefined, { signature: "sha256=forged" });
    } finally {
      receiver.closeAllConnections();
      await new Promise((resolve) => receiver.close(resolve));
    }
    expect(seen[0]!.headers).toMatchObject({
      "content-type": "application/json", "x-github-event": "pull_request", "x-github-delivery": "d-1",
      "x-hub-signature-256": sign('{"action":"opened"}', "s3cret"),
    });
    expect(seen[0]!.body).toBe('{"action":"opened"}');
    expect(seen[1]!.headers["x-github-delivery"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(seen[1]!.headers["x-hub-signature-256"]).toBe("sha256=forged");
  });

  // Every key we emit must exist at the same place in some official example of the event.
  const examples = createRequire(import.meta.url)("@octokit/webhooks-examples") as { name: string; examples: unknown[] }[];
  function keyPaths(value: unknown, prefix = "", out = new Set<string>()): Set<string> {
    if (Array.isArray(value)) value.forEach((item) => keyPaths(item, `${prefix}[]`, out));
    else if (typeof value === "object" && value !== null) {
      for (const [key, child] of Object.entries(value)) {
        out.add(`${prefix}.${key}`);
        keyPaths(child, `${prefix}.${key}`, out);
      }
    }
    return out;
  }
  function expectShapeOf(event: string, payload: unknown, documentedElsewhere: string[] = []) {
    const known = new Set(documentedElsewhere);
    for (const example of examples.find((e) => e.name === event)!.examples) keyPaths(example, "", known);
    expect([...keyPaths(payload)].filter((path) => !known.has(path))).toEqual([]);
  }

  it("builds payloads shaped like GitHub's", () => {
    const state = fake.state;
    shop.pulls[1]!.reviews.push({ id: 9, user: "bob", state: "APPROVED", commit_id: PR2_HEAD, body: "ok", submitted_at: "2025-06-02T10:00:00Z" });
    shop.issueComments.push({ id: 5, issue_number: 2, user: "bob", body: "/agent-gate approve ok", created_at: "2025-06-02T10:00:00Z", updated_at: "2025-06-02T10:00:00Z" });
    shop.checkRuns.push({
      id: 1001, name: "agent-gate", head_sha: PR2_HEAD, status: "completed", conclusion: "action_required",
      output: { title: "t", summary: "s", text: null, annotations_count: 0 }, actions: [], details_url: null, external_id: null,
      started_at: "2025-06-02T10:00:00Z", completed_at: "2025-06-02T10:00:01Z", app: { id: 1_048_576, slug: "agent-gate" }, annotations: [],
    });

    const opened = pullRequestEvent(state, "acme/shop", 2, "synchronize");
    expect(opened).toMatchObject({ action: "synchronize", number: 2, after: PR2_HEAD, installation: { id: state.installationId }, sender: { login: "Copilot", type: "Bot" } });
    expectShapeOf("pull_request", opened);

    const clicked = checkRunEvent(state, shop, 1001, "requested_action", "bob", "approve");
    expect(clicked).toMatchObject({
      requested_action: { identifier: "approve" },
      check_run: { id: 1001, name: "agent-gate", head_sha: PR2_HEAD, app: { id: 1_048_576, slug: "agent-gate" }, pull_requests: [{ number: 2, head: { sha: PR2_HEAD } }] },
    });
    expectShapeOf("check_run", clicked);

    const suite = checkSuiteEvent(state, shop, PR2_HEAD, "rerequested", "bob");
    expect(suite.check_suite).toMatchObject({ head_sha: PR2_HEAD, head_branch: "copilot/add-user-search", pull_requests: [{ number: 2 }] });
    expectShapeOf("check_suite", suite);

    const comment = issueCommentEvent(state, shop, 2, 5, "edited", { previousBody: "old" });
    expect(comment).toMatchObject({ issue: { number: 2, pull_request: { url: expect.stringContaining("/pulls/2") } }, comment: { id: 5, body: "/agent-gate approve ok" }, changes: { body: { from: "old" } }, sender: { login: "bob" } });
    // The examples hold no PR comment; issue.pull_request is in GitHub's webhook schema.
    const prLink = ["url", "html_url", "diff_url", "patch_url", "merged_at"].map((key) => `.issue.pull_request.${key}`);
    expectShapeOf("issue_comment", comment, [".issue.pull_request", ...prLink]);

    const review = pullRequestReviewEvent(state, shop, 2, 9, "submitted");
    expect(review).toMatchObject({ review: { id: 9, state: "approved", commit_id: PR2_HEAD, user: { login: "bob" } }, pull_request: { number: 2 } });
    expectShapeOf("pull_request_review", review);
  });
});

describe("demo state", () => {
  /** Applies a hunks-only patch; throws when a context or removed line does not match. */
  function apply(before: string | undefined, patch: string): string {
    const old = before === undefined || before === "" ? [] : before.replace(/\n$/, "").split("\n");
    const out: string[] = [];
    let at = 0;
    for (const line of patch.split("\n")) {
      const hunk = /^@@ -(\d+)(?:,(\d+))? \+\d+(?:,\d+)? @@/.exec(line);
      if (hunk) {
        const start = hunk[2] === "0" ? Number(hunk[1]) : Number(hunk[1]) - 1;
        out.push(...old.slice(at, start));
        at = start;
      } else if (line.startsWith("+")) out.push(line.slice(1));
      else {
        if (old[at] !== line.slice(1)) throw new Error(`patch does not match at line ${at + 1}: ${line}`);
        if (line.startsWith(" ")) out.push(old[at]!);
        at++;
      }
    }
    return [...out, ...old.slice(at)].map((l) => `${l}\n`).join("");
  }

  it("has patches consistent with the trees at base and head", () => {
    for (const pull of shop.pulls) {
      for (const file of pull.files) {
        const before = shop.files[pull.base.sha]![file.filename];
        const after = shop.files[pull.head.sha]![file.filename];
        expect(apply(before, file.patch!)).toBe(after);
        if (file.status === "added") expect(file.patch!.split("\n")[0]).toBe(`@@ -0,0 +1,${after!.split("\n").length - 1} @@`);
      }
      expect(shop.files[pull.head.ref]).toEqual(shop.files[pull.head.sha]);
      expect(pull.commits.at(-1)!.sha).toBe(pull.head.sha);
    }
    expect(shop.files.main).toEqual(shop.files[shop.pulls[0]!.base.sha]);
  });

  it("seeds the agent PR with an f-string query and a hard-coded password", () => {
    const head = shop.files[PR2_HEAD]!;
    expect(head["shop/api/users.py"]).toMatch(/query = f"SELECT .*\{name\}.*"\n\s+cursor\.execute\(query\)/);
    expect(head["shop/config.py"]).toMatch(/^DB_PASSWORD = "[A-Za-z0-9]{20}"$/m);
    expect(head[".github/agent-gate.yml"]).toBeUndefined();
  });

  it("makes patches with several hunks", () => {
    const before = Array.from({ length: 30 }, (_, k) => `l${k}\n`).join("");
    const after = before.replace("l2\n", "L2\n").replace("l25\n", "l25\nnew\n");
    expect(unifiedPatch(before, after)).toBe([
      "@@ -1,6 +1,6 @@", " l0", " l1", "-l2", "+L2", " l3", " l4", " l5",
      "@@ -24,6 +24,7 @@", " l23", " l24", " l25", "+new", " l26", " l27", " l28",
    ].join("\n"));
    expect(apply(before, unifiedPatch(before, after))).toBe(after);
    expect(unifiedPatch(after, undefined).split("\n")[0]).toBe("@@ -1,31 +0,0 @@");
  });
});
