// Gate tamper an agent would try, through the fake GitHub with signed webhooks: moving CODEOWNERS
// out of place, and a .gitattributes filter that makes Python source unreadable to the review.
import { afterEach, describe, expect, it } from "@jest/globals";
import { pullRequestEvent } from "../../src/fake-github/state.js";
import { deliver } from "../../src/fake-github/webhooks.js";
import { addPull, SECRET, world, type World } from "../support/fake-pulls.js";

let w: World | undefined;
afterEach(async () => {
  await w?.stop();
  w = undefined;
});

const COPILOT_AUTHOR = { name: "Copilot", email: "198982749+Copilot@users.noreply.github.com", login: "Copilot" };
const OWNERS = "* @acme/maintainers\n";

async function open(number: number) {
  await deliver(w!.gate.webhookUrl, "pull_request", pullRequestEvent(w!.fake.state, w!.repo, number, "opened"), SECRET);
  await w!.gate.gate.queue.idle();
  const pull = w!.repo.pulls.find((p) => p.number === number)!;
  return w!.repo.checkRuns.filter((r) => r.head_sha === pull.head.sha).pop()!;
}

/** An agent PR that renames `from` to `to` (GitHub lists one renamed file). */
function rename(from: string, to: string) {
  return world((repo) => {
    repo.files.main = { ...repo.files.main, [from]: OWNERS };
    const pull = addPull(repo, { number: 3, user: "Copilot", headRef: "copilot/tidy", files: { [from]: null, [to]: OWNERS }, commitAuthor: COPILOT_AUTHOR });
    pull.files = [{ filename: to, status: "renamed", previous_filename: from }];
  });
}

describe("gate tamper through the fake GitHub", () => {
  it("moving CODEOWNERS out of place blocks as its removal", async () => {
    w = await rename(".github/CODEOWNERS", "old/CODEOWNERS.bak");
    const run = await open(3);
    expect(run).toMatchObject({ conclusion: "action_required" });
    expect(run.annotations.map((a) => [a.path, a.title])).toEqual([["old/CODEOWNERS.bak", "any/gate-tamper (gate-tamper, CWE-284)"]]);
    expect(run.output.summary).toContain("moves .github/CODEOWNERS, the CODEOWNERS file");
  });

  it("control: renaming an ordinary file passes", async () => {
    w = await rename("docs/owners.txt", "docs/people.txt");
    const run = await open(3);
    expect(run).toMatchObject({ conclusion: "success" });
  });

  it("a .gitattributes filter on Python files is tamper and leaves them not checked", async () => {
    w = await world((repo) => void addPull(repo, { number: 3, user: "Copilot", headRef: "copilot/attrs", files: { ".gitattributes": "*.py filter=tidy\n" }, commitAuthor: COPILOT_AUTHOR }));
    const run = await open(3);
    expect(run).toMatchObject({ conclusion: "action_required" });
    expect(run.output.summary).toContain("⛔ could not check `.gitattributes`: any/gate-tamper: .gitattributes line 1 gives files matching \\*.py the attributes filter=tidy");
    expect(run.annotations.map((a) => a.title)).toContain("agent-gate could not check this file");
  });

  it("control: a .gitattributes for images and line endings is reported as a change, with nothing left unchecked", async () => {
    w = await world((repo) => void addPull(repo, { number: 3, user: "Copilot", headRef: "copilot/attrs", files: { ".gitattributes": "*.png binary\n* text=auto eol=lf\n" }, commitAuthor: COPILOT_AUTHOR }));
    const run = await open(3);
    expect(run).toMatchObject({ conclusion: "action_required" });
    expect(run.output.summary).toContain("changes .gitattributes, the .gitattributes file");
    expect(run.output.summary).not.toContain("could not check");
  });
});
