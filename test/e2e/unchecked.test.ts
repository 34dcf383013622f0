// "Could not check" end to end: what the gate cannot read reaches the check run as a blocking,
// annotated entry, through the real app, Octokit's GraphQL blob batch and the fake GitHub.
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
const LFS = "version https://git-lfs.github.com/spec/v1\noid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 12345\n";

async function runOf(number: number) {
  await deliver(w!.gate.webhookUrl, "pull_request", pullRequestEvent(w!.fake.state, w!.repo, number, "opened"), SECRET);
  await w!.gate.gate.queue.idle();
  const pull = w!.repo.pulls.find((p) => p.number === number)!;
  return w!.repo.checkRuns.filter((r) => r.head_sha === pull.head.sha);
}

describe("could not check, end to end", () => {
  it("blocks and annotates a submodule, an LFS pointer, a NUL byte in source, a .so and a JS file in .inc", async () => {
    w = await world((repo) => {
      const pull = addPull(repo, {
        number: 3,
        user: "Copilot",
        headRef: "copilot/hide",
        commitAuthor: COPILOT_AUTHOR,
        files: {
          "libs/driver": "Subproject commit 3f786850e387550fdab836ed7e6dc881de23001b\n",
          "src/server.ts": LFS,
          "services/report.py": "x = 1\n\0import os\n",
          "native/speedups.so": "\x7fELF\0\0\0",
          "src/app.js": 'const legacy = require("../lib/legacy.inc");\nmodule.exports = legacy;\n',
          "lib/legacy.inc": "module.exports = (db, req) => db.all(`SELECT * FROM users WHERE id = ${req.query.id}`);\n",
        },
      });
      repo.gitlinks = { [pull.head.sha]: ["libs/driver"] };
    });
    const [run] = await runOf(3);
    expect(run).toMatchObject({ status: "completed", conclusion: "action_required" });
    const unchecked = run!.annotations.filter((a) => a.title === "agent-gate could not check this file");
    expect(Object.fromEntries(unchecked.map((a) => [a.path, a.message.split("\n")[0]]))).toEqual({
      "libs/driver": expect.stringContaining("is a submodule (a gitlink)"),
      "src/server.ts": expect.stringContaining("is a Git LFS pointer, not TypeScript source"),
      "services/report.py": expect.stringContaining("but its content is binary"),
      "native/speedups.so": expect.stringContaining("executable or loadable code in binary form"),
    });
    expect(run!.annotations.map((a) => `${a.path} ${a.title}`)).toContainEqual(expect.stringMatching(/^lib\/legacy\.inc typescript\/sql-injection/));
    expect(run!.output.summary).toContain("could not check `libs/driver`");
    expect(run!.actions.map((a) => a.identifier)).toEqual(["approve", "rerun"]);
  });

  it("control: an agent PR adding an image and a small clean Python file passes", async () => {
    w = await world((repo) =>
      void addPull(repo, {
        number: 3,
        user: "Copilot",
        headRef: "copilot/logo",
        commitAuthor: COPILOT_AUTHOR,
        files: { "assets/logo.png": "\x89PNG\0\0\0", "services/report.py": "def total(rows):\n    return sum(r.amount for r in rows)\n", "lib/notes.inc": "plain notes\n" },
      }),
    );
    const [run] = await runOf(3);
    expect(run).toMatchObject({ status: "completed", conclusion: "success" });
    expect(run!.annotations).toEqual([]);
  });

  it("blocks a PR of more than 250 commits, which GitHub's commit listing cuts", async () => {
    w = await world((repo) => {
      const pull = addPull(repo, { number: 3, user: "Copilot", headRef: "copilot/long", commitAuthor: COPILOT_AUTHOR, files: { "README.md": "hi\n" } });
      const [head] = pull.commits;
      pull.commits = Array.from({ length: 260 }, (_, i) => ({ ...head!, sha: i === 259 ? head!.sha : i.toString(16).padStart(40, "0"), message: `step ${i}` }));
    });
    const [run] = await runOf(3);
    expect(run).toMatchObject({ conclusion: "action_required" });
    expect(run!.output.summary).toContain("this one has 260, so the authors, co-authors and messages of 10 commits were not checked");
  });
});
