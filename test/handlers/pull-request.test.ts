import { afterEach, beforeAll, describe, expect, it } from "@jest/globals";
import nock from "nock";
import { addedPatch } from "../support/memory-source.js";
import { example, testApp } from "../support/probot.js";

const API = "https://api.github.com";
const REPO = "/repos/Codertocat/Hello-World";
const COPILOT = { login: "Copilot", id: 198982749, type: "Bot", node_id: "BOT_1", avatar_url: "", url: "", html_url: "" };
const USERS_PY = [
  "import sqlite3",
  "",
  "def find_user(conn, name):",
  "    cur = conn.cursor()",
  '    cur.execute(f"SELECT * FROM users WHERE name = \'{name}\'")',
  "    return cur.fetchall()",
  "",
].join("\n");

beforeAll(() => {
  nock.disableNetConnect();
});
afterEach(() => {
  nock.cleanAll();
});

function agentPayload(): Record<string, any> {
  const payload = example("pull_request", "opened", 1);
  payload.pull_request.user = COPILOT;
  payload.pull_request.head.ref = "copilot/user-search";
  return payload;
}

interface Captured {
  created: any[];
  updated: any[];
  graphql: any[];
}

/** Mocks the reads of one evaluation; captures writes (asserted after, never inside nock). */
function mockPull(pr: Record<string, any>, files: { filename: string; status: string; patch?: string }[], texts: Record<string, string>, cap: Captured) {
  const sha = pr.head.sha as string;
  return prelude(pr)
    .post(`${REPO}/check-runs`, (b) => (cap.created.push(b), true))
    .reply(201, { id: 77 })
    .get(/\/repos\/Codertocat\/Hello-World\/contents\/.*agent-gate\.yml/)
    .reply(404, { message: "Not Found" })
    .get(/\/repos\/Codertocat\/\.github\/contents\/.*agent-gate\.yml/)
    .reply(404, { message: "Not Found" })
    .get(`${REPO}/pulls/2/commits`)
    .query(true)
    .reply(200, [
      {
        sha,
        commit: { message: "Add user search", author: { name: "Copilot", email: "198982749+Copilot@users.noreply.github.com" }, committer: { name: "GitHub", email: "noreply@github.com" } },
        author: COPILOT,
        committer: null,
      },
    ])
    .get(`${REPO}/pulls/2/files`)
    .query(true)
    .reply(200, files)
    .post("/graphql", (b) => (cap.graphql.push(b), true))
    .reply(200, () => {
      const vars = cap.graphql[cap.graphql.length - 1].variables as Record<string, string>;
      const repository: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(vars)) {
        if (!/^e\d+$/.test(k)) continue;
        const text = texts[v.slice(v.indexOf(":") + 1)];
        repository[`f${k.slice(1)}`] = text === undefined ? null : { byteSize: Buffer.byteLength(text), isBinary: false, isTruncated: false, text };
      }
      return { data: { repository } };
    })
    .get(`${REPO}/pulls/2/reviews`)
    .query(true)
    .optionally()
    .reply(200, [])
    .get(`${REPO}/issues/2/comments`)
    .query(true)
    .optionally()
    .reply(200, [])
    .patch(`${REPO}/check-runs/77`, (b) => (cap.updated.push(b), true))
    .reply(200, { id: 77 });
}

/**
 * What every evaluation reads first: a token, the app's slug, the PR, the open PRs, and the head's
 * earlier runs (not read for a PR alone on its head that needs no approval: `runs` false).
 */
function prelude(pr: Record<string, any>, { runs = true } = {}) {
  const scope = nock(API)
    .get("/app")
    .reply(200, { id: 123, slug: "agent-gate", name: "agent-gate" })
    .post("/app/installations/1/access_tokens")
    .reply(201, { token: "ghs_test", expires_at: "2999-01-01T00:00:00Z", permissions: {} })
    .get(`${REPO}/pulls/2`)
    .reply(200, pr)
    .get(`${REPO}/pulls`)
    .query({ state: "open", per_page: "100" })
    .reply(200, [pr]);
  return runs ? scope.get(`${REPO}/commits/${pr.head.sha}/check-runs`).query(true).reply(200, { total_count: 0, check_runs: [] }) : scope;
}

describe("pull_request handler", () => {
  it("blocks an agent PR that builds SQL from input, with the exact check-run bodies", async () => {
    const { probot, gate } = testApp();
    const payload = agentPayload();
    const cap: Captured = { created: [], updated: [], graphql: [] };
    const scope = mockPull(payload.pull_request, [{ filename: "app/db/users.py", status: "added", patch: addedPatch(USERS_PY) }], { "app/db/users.py": USERS_PY }, cap);

    await probot.receive({ id: "d-1", name: "pull_request", payload: payload as any });
    await gate.queue.idle();

    expect(scope.isDone()).toBe(true);
    expect(cap.created).toEqual([
      {
        name: "agent-gate",
        head_sha: "ec26c3e57ca3a959ca5aad62de7213c562f8c821",
        status: "in_progress",
        started_at: expect.any(String),
        output: { title: "Checking this commit", summary: "agent-gate is reading this pull request." },
      },
    ]);
    // The blob query also asks for the commits' authors (number, cursor), which an approval needs.
    expect(cap.graphql[0].variables).toEqual({ owner: "Codertocat", name: "Hello-World", number: 2, cursor: null, e0: "ec26c3e57ca3a959ca5aad62de7213c562f8c821:app/db/users.py" });
    expect(cap.updated).toEqual([
      {
        status: "completed",
        conclusion: "action_required",
        completed_at: expect.any(String),
        output: {
          title: "1 blocking finding: needs 1 qualified human approval",
          summary: expect.stringContaining("Agent-authored: **GitHub Copilot coding agent**"),
          text: expect.stringMatching(/^<!-- agent-gate-state:v2:[\w-]+\.[\w-]+ -->$/),
          annotations: [
            {
              path: "app/db/users.py",
              start_line: 5,
              end_line: 5,
              annotation_level: "failure",
              title: "python/sql-injection (sql-injection, CWE-89)",
              message: expect.stringContaining("cur.execute"),
            },
          ],
        },
        actions: [
          { label: "Approve", description: "Approve the findings for this commit", identifier: "approve" },
          { label: "Re-run", description: "Run agent-gate again on this commit", identifier: "rerun" },
        ],
      },
    ]);
    const summary: string = cap.updated[0].output.summary;
    expect(summary).toContain("- author-login: PR opened by Copilot");
    expect(summary).toContain("- branch-prefix: head branch copilot/user-search starts with copilot/");
    expect(summary).toContain("| `app/db/users.py` | data-layer: path matches \\*\\*/db/\\*\\*");
    expect(summary).toContain("### For the agent that wrote this PR");
  });

  it("passes a human PR without reading its files", async () => {
    const { probot, gate } = testApp();
    const payload = example("pull_request", "opened", 1);
    const cap: Captured = { created: [], updated: [], graphql: [] };
    const scope = prelude(payload.pull_request, { runs: false })
      .post(`${REPO}/check-runs`, (b) => (cap.created.push(b), true))
      .reply(201, { id: 78 })
      .get(/contents\/.*agent-gate\.yml/)
      .times(2)
      .reply(404, { message: "Not Found" })
      .get(`${REPO}/pulls/2/commits`)
      .query(true)
      .reply(200, [{ sha: "ec26c3e", commit: { message: "Update README", author: { name: "Codertocat", email: "21031067+Codertocat@users.noreply.github.com" }, committer: { name: "GitHub", email: "noreply@github.com" } }, author: null, committer: null }])
      .patch(`${REPO}/check-runs/78`, (b) => (cap.updated.push(b), true))
      .reply(200, { id: 78 });

    await probot.receive({ id: "d-2", name: "pull_request", payload: payload as any });
    await gate.queue.idle();

    expect(scope.isDone()).toBe(true);
    expect(cap.updated).toEqual([
      {
        status: "completed",
        conclusion: "success",
        completed_at: expect.any(String),
        output: {
          title: "Not agent-authored: no agent signal fired",
          summary: expect.stringContaining("- author Codertocat (User)"),
          text: expect.stringMatching(/^<!-- agent-gate-state:v2:/),
          annotations: [],
        },
        actions: [{ label: "Re-run", description: "Run agent-gate again on this commit", identifier: "rerun" }],
      },
    ]);
  });

  it("ends in failure with the reason and a Re-run button when GitHub answers 500", async () => {
    const { probot, gate } = testApp();
    const payload = agentPayload();
    const cap: Captured = { created: [], updated: [], graphql: [] };
    prelude(payload.pull_request)
      .post(`${REPO}/check-runs`, (b) => (cap.created.push(b), true))
      .reply(201, { id: 79 })
      .get(/contents\/.*agent-gate\.yml/)
      .times(2)
      .reply(404, { message: "Not Found" })
      .get(`${REPO}/pulls/2/commits`)
      .query(true)
      .reply(500, { message: "Server Error" })
      .patch(`${REPO}/check-runs/79`, (b) => (cap.updated.push(b), true))
      .reply(200, { id: 79 });

    await probot.receive({ id: "d-3", name: "pull_request", payload: payload as any });
    await gate.queue.idle();

    expect(cap.updated).toHaveLength(1);
    expect(cap.updated[0]).toMatchObject({
      conclusion: "failure",
      output: { title: "agent-gate could not decide: re-run it" },
      actions: [{ identifier: "rerun" }],
    });
    expect(cap.updated[0].output.summary).toContain("GitHub answered 500 on GET /repos/Codertocat/Hello-World/pulls/2/commits");
  });

  async function failureForConfig(configText: string): Promise<string> {
    const { probot, gate } = testApp();
    const payload = agentPayload();
    const cap: Captured = { created: [], updated: [], graphql: [] };
    prelude(payload.pull_request)
      .post(`${REPO}/check-runs`)
      .reply(201, { id: 80 })
      .get(/\/repos\/Codertocat\/Hello-World\/contents\/.*agent-gate\.yml/)
      .reply(200, configText, { "content-type": "application/vnd.github.raw; charset=utf-8" })
      .patch(`${REPO}/check-runs/80`, (b) => (cap.updated.push(b), true))
      .reply(200, { id: 80 });

    await probot.receive({ id: `d-${configText.length}`, name: "pull_request", payload: payload as any });
    await gate.queue.idle();

    expect(cap.updated[0]).toMatchObject({ conclusion: "failure", actions: [{ identifier: "rerun" }] });
    return cap.updated[0].output.summary;
  }

  it("turns an invalid config into a failure that names the key and the allowed values", async () => {
    const summary = await failureForConfig("gate: everything\nenable: false\n");
    expect(summary).toContain("`gate` must be one of: agents, all");
    expect(summary).toContain("unknown key `enable`; allowed keys at the top level: enabled, gate,");
  });

  it("turns a config that is not YAML into a failure that says so", async () => {
    const summary = await failureForConfig("gate: [agents\n");
    expect(summary).toContain(".github/agent-gate.yml is invalid");
    expect(summary).toContain("not valid YAML");
  });

  it("evaluates a redelivered webhook once", async () => {
    const { probot, gate } = testApp();
    const payload = agentPayload();
    const cap: Captured = { created: [], updated: [], graphql: [] };
    mockPull(payload.pull_request, [{ filename: "README.md", status: "modified", patch: "@@ -1 +1 @@\n-a\n+b" }], { "README.md": "b\n" }, cap);

    await probot.receive({ id: "same-guid", name: "pull_request", payload: payload as any });
    await probot.receive({ id: "same-guid", name: "pull_request", payload: payload as any });
    await gate.queue.idle();

    expect(cap.created).toHaveLength(1);
    expect(cap.updated[0]).toMatchObject({ conclusion: "success" });
  });
});
