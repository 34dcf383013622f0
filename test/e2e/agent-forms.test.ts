// Issue 14 end to end: the forms of agent work seen in real PRs, and the human near-misses, as
// the check run on GitHub shows them.
import { afterEach, describe, expect, it } from "@jest/globals";
import { pullRequestEvent } from "../../src/fake-github/state.js";
import { deliver } from "../../src/fake-github/webhooks.js";
import { addPull, SECRET, world, type World } from "../support/fake-pulls.js";

let w: World | undefined;
afterEach(async () => {
  await w?.stop();
  w = undefined;
});

const UNSAFE = { "shop/db/lookup.py": 'def find(cursor, name):\n    cursor.execute(f"SELECT * FROM users WHERE name = \'{name}\'")\n    return cursor.fetchall()\n' };
const BOB = { name: "Bob", email: "bob@acme.example", login: "bob" };

async function run(spec: { headRef?: string; message: string }) {
  w = await world((repo) => void addPull(repo, { number: 9, user: "bob", files: UNSAFE, commitAuthor: BOB, ...spec }));
  await deliver(w.gate.webhookUrl, "pull_request", pullRequestEvent(w.fake.state, w.repo, 9, "opened"), SECRET);
  await w.gate.gate.queue.idle();
  const pull = w.repo.pulls.find((p) => p.number === 9)!;
  const runs = w.repo.checkRuns.filter((r) => r.head_sha === pull.head.sha);
  return runs[runs.length - 1]!;
}

describe("agent forms through the whole app", () => {
  it("passes a human PR that commits a Copilot code review suggestion, showing the trailer as evidence", async () => {
    const check = await run({ message: "Apply suggestion from code review\n\nCo-authored-by: Copilot <175728472+Copilot@users.noreply.github.com>" });
    expect(check.conclusion).toBe("success");
    expect(check.output.summary).toContain("Recorded, but not enough to gate on its own:");
    expect(check.output.summary).toContain("review-suggestion");
  });

  it("control: the same human commit carrying Claude Code's footer is gated", async () => {
    const check = await run({ message: "Look users up by name\n\n🤖 Generated with [Claude Code](https://claude.com/claude-code)" });
    expect(check.conclusion).toBe("action_required");
    expect(check.output.summary).toContain("Claude Code");
  });

  it("does not gate on Jules' branch shape alone, and says it is weak", async () => {
    const check = await run({ headRef: "lookup-by-name-15310490098518802366", message: "Look users up by name" });
    expect(check.conclusion).toBe("success");
    expect(check.output.summary).toContain("a weak signal");
  });

  it("control: the same branch next to a Jules task link in the commit message is gated as Jules", async () => {
    const check = await run({ headRef: "lookup-by-name-15310490098518802366", message: "Look users up by name\n\nhttps://jules.google.com/task/15310490098518802366" });
    expect(check.conclusion).toBe("action_required");
    expect(check.output.summary).toContain("Google Jules");
  });
});
