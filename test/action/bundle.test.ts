// The Action runs its committed bundle (action/dist) with no node_modules: the bundle must be
// what `npm run build:action` makes from the sources today, and it must run on its own.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { execFile } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { demoState } from "../../src/fake-github/demo-state.js";
import { FakeGitHub } from "../../src/fake-github/server.js";
import { pullRequestEvent } from "../../src/fake-github/state.js";

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, "..", "..");
const DIST = join(ROOT, "action", "dist");

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "agent-gate-bundle-"));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the Action's bundle", () => {
  it("is what npm run build:action makes from today's sources (run it and commit action/dist when this fails)", async () => {
    const fresh = join(dir, "fresh");
    await run(process.execPath, [join(ROOT, "action", "build.mjs"), fresh]);
    const committed = readdirSync(DIST).sort();
    expect(readdirSync(fresh).sort()).toEqual(committed);
    for (const file of committed) expect(readFileSync(join(fresh, file)).equals(readFileSync(join(DIST, file)))).toBe(true);
  }, 60_000);

  it("leaves Probot out: the Action talks to GitHub through @octokit/rest", () => {
    expect(readFileSync(join(DIST, "index.mjs"), "utf8")).not.toMatch(/probot/i);
  });

  it("runs from a copy with no node_modules: an agent PR fails the job, a human PR passes", async () => {
    // What a runner checks out of the action's repository: the bundle and the rules it reads.
    const action = join(dir, "checkout");
    cpSync(DIST, join(action, "action", "dist"), { recursive: true });
    cpSync(join(ROOT, "rules"), join(action, "rules"), { recursive: true });
    const fake = new FakeGitHub(demoState());
    const repo = fake.state.repos[0]!;
    const url = await fake.start();
    try {
      const job = async (number: number) => {
        const event = join(dir, `event-${number}.json`);
        writeFileSync(event, JSON.stringify(pullRequestEvent(fake.state, repo, number, "opened")));
        const env = { PATH: process.env.PATH ?? "", GITHUB_EVENT_NAME: "pull_request", GITHUB_EVENT_PATH: event, GITHUB_REPOSITORY: "acme/shop", GITHUB_API_URL: url, INPUT_TOKEN: "ghs_job_token" };
        return run(process.execPath, [join(action, "action", "dist", "index.mjs")], { env, cwd: dir }).then(
          (r) => ({ code: 0, stdout: r.stdout }),
          (e: { code: number; stdout: string }) => ({ code: e.code, stdout: e.stdout }),
        );
      };
      const agent = await job(2);
      expect(agent.stdout).toContain("::error::agent-gate:");
      expect(agent.code).toBe(1);
      const agentRun = repo.checkRuns.find((r) => r.head_sha === repo.pulls[1]!.head.sha);
      expect(agentRun?.conclusion).toBe("action_required");
      // A finding in the Python file: the grammar beside the bundle loaded and parsed it.
      expect(agentRun?.annotations.some((a) => a.path === "shop/api/users.py")).toBe(true);
      const human = await job(1);
      expect(human.code).toBe(0);
      expect(repo.checkRuns.find((r) => r.head_sha === repo.pulls[0]!.head.sha)?.conclusion).toBe("success");
    } finally {
      await fake.stop();
    }
  }, 60_000);
});
