// Where the config in force comes from, through the fake GitHub with signed webhooks: `_extends`
// may only reach a repository of the same owner, and the summary names the files it read; `rules:`
// raises a warning to blocking (it gates) and lowers a blocking rule to warning (listed, never gates).
import { afterEach, describe, expect, it } from "@jest/globals";
import { fakeRepo, pullRequestEvent } from "../../src/fake-github/state.js";
import { deliver } from "../../src/fake-github/webhooks.js";
import { addPull, SECRET, world, type World } from "../support/fake-pulls.js";

let w: World | undefined;
afterEach(async () => {
  await w?.stop();
  w = undefined;
});

async function open(number: number) {
  await deliver(w!.gate.webhookUrl, "pull_request", pullRequestEvent(w!.fake.state, w!.repo, number, "opened"), SECRET);
  await w!.gate.gate.queue.idle();
  const pull = w!.repo.pulls.find((p) => p.number === number)!;
  const runs = w!.repo.checkRuns.filter((r) => r.head_sha === pull.head.sha);
  return runs[runs.length - 1]!;
}

/** acme/shop's own config, plus other repositories holding config files on their default branch. */
function withConfigs(own: string | undefined, others: Record<string, Record<string, string>> = {}) {
  return world((repo, fake) => {
    if (own !== undefined) repo.files.main = { ...repo.files.main, ".github/agent-gate.yml": own };
    for (const [full, files] of Object.entries(others)) {
      const [owner, name] = full.split("/") as [string, string];
      fake.state.repos.push(fakeRepo({ owner, name, files: { main: files } }));
    }
  });
}

describe("org configuration", () => {
  it("fails the check, naming `_extends`, when the config extends another owner's repository, and never reads it", async () => {
    w = await withConfigs("_extends: evil/policy\n", { "evil/policy": { ".github/agent-gate.yml": "enabled: false\n" } });
    for (const number of [1, 2]) {
      const run = await open(number);
      expect(run).toMatchObject({ conclusion: "failure" });
      expect(run.output.summary).toContain("acme/shop:.github/agent-gate.yml is invalid");
      expect(run.output.summary).toContain("`_extends` may only name a repository of the same owner: `REPO`, `acme/REPO` or `acme/REPO:PATH.yml`");
      expect(run.output.summary).toContain("belongs to another owner (evil)");
      expect(run.actions.map((a) => a.identifier)).toEqual(["rerun"]);
    }
    expect(w.fake.requests.some((r) => r.path.startsWith("/repos/evil/"))).toBe(false);
  });

  it("fails on a malformed `_extends` too", async () => {
    w = await withConfigs("_extends: [policies]\n");
    const run = await open(2);
    expect(run).toMatchObject({ conclusion: "failure" });
    expect(run.output.summary).toContain("`_extends` may only name a repository of the same owner");
  });

  it("control: `_extends` to a repository of the same owner is applied, the repository's own keys on top, and the summary names both files", async () => {
    w = await withConfigs("_extends: policies:shared/agent-gate.yml\nagents:\n  logins: [bob]\n", {
      "acme/policies": { "shared/agent-gate.yml": "gate: all\nagents:\n  logins: [someone-else]\n" },
    });
    // bob's PR is gated because the repo's own agents.logins names him (the extended list is replaced).
    const run = await open(1);
    expect(run.output.summary).toContain("Agent-authored");
    expect(run.output.summary).toMatch(
      /_Configuration: `\.github\/agent-gate\.yml` in `acme\/shop` at `main` \(blob `[0-9a-f]{7}`\), extending `shared\/agent-gate\.yml` in `acme\/policies` at `main` \(blob `[0-9a-f]{7}`\)\._$/,
    );
  });

  it("control: a same-owner `_extends` whose settings apply on their own (gate: all)", async () => {
    w = await withConfigs("_extends: acme/policies\n", { "acme/policies": { ".github/agent-gate.yml": "gate: all\n" } });
    const run = await open(1);
    expect(run.output.summary).toContain("No agent signal fired, but `gate: all` gates every pull request.");
  });

  it("falls back to the owner's .github repository and says so", async () => {
    w = await withConfigs(undefined, { "acme/.github": { ".github/agent-gate.yml": "gate: all\n" } });
    const run = await open(1);
    expect(run.output.summary).toContain("`gate: all` gates every pull request");
    expect(run.output.summary).toMatch(/_Configuration: `\.github\/agent-gate\.yml` in `acme\/\.github` at `main` \(blob `[0-9a-f]{7}`\)\._$/);
  });

  it("names the built-in defaults when there is no config", async () => {
    w = await withConfigs(undefined);
    const run = await open(1);
    expect(run).toMatchObject({ conclusion: "success" });
    expect(run.output.summary).toMatch(/_Configuration: the built-in defaults \(no `\.github\/agent-gate\.yml` on the default branch, nor in the owner's `\.github` repository\)\._$/);
  });

  it("fails closed when `_extends` names a file that does not exist", async () => {
    w = await withConfigs("_extends: policies\n");
    const run = await open(2);
    expect(run).toMatchObject({ conclusion: "failure" });
    expect(run.output.summary).toContain("`_extends` names acme/policies:.github/agent-gate.yml, which does not exist or cannot be read by the app");
  });
});

const COPILOT = { name: "Copilot", email: "198982749+Copilot@users.noreply.github.com", login: "Copilot" };
/** No USER in the final stage: any/container-root, a warning by default. */
const ROOT_IMAGE = 'FROM node:20-slim\nWORKDIR /app\nCOPY . .\nCMD ["node", "server.js"]\n';
/** A script piped from the network into sh: any/remote-script-exec, blocking by default. */
const PIPED_INSTALL = "FROM node:20-slim\nRUN curl -fsSL https://get.example.com/install.sh | sh\nUSER node\nCMD [\"node\", \"server.js\"]\n";

/** An agent's PR adding a Dockerfile, under the repository config `own` (undefined: the defaults). */
async function agentDockerfile(own: string | undefined, dockerfile: string) {
  w = await world((repo) => {
    if (own !== undefined) repo.files.main = { ...repo.files.main, ".github/agent-gate.yml": own };
    addPull(repo, { number: 3, user: "Copilot", headRef: "copilot/image", files: { Dockerfile: dockerfile }, commitAuthor: COPILOT });
  });
  const run = await open(3);
  const levels = run.annotations.map((a) => `${(a.title ?? "").split(" ")[0]}:${a.annotation_level}`);
  return { run, levels };
}

describe("rules: overrides a rule's severity end to end", () => {
  it("control: a warning-level rule is annotated and listed under Warnings, and the PR passes", async () => {
    const { run, levels } = await agentDockerfile(undefined, ROOT_IMAGE);
    expect(run).toMatchObject({ conclusion: "success" });
    expect(levels).toEqual(["any/container-root:warning"]);
    expect(run.output.summary).toContain("### Warnings (1)");
  });

  it("a warning-level rule raised to blocking gates the PR", async () => {
    const { run, levels } = await agentDockerfile("rules:\n  any/container-root: blocking\n", ROOT_IMAGE);
    expect(run).toMatchObject({ conclusion: "action_required" });
    expect(levels).toEqual(["any/container-root:failure"]);
    expect(run.output.summary).toContain("### Findings (1 blocking, 0 other)");
    expect(run.output.summary).toContain("| `any/container-root` (");
    expect(run.actions.map((a) => a.identifier)).toEqual(["approve", "rerun"]);
  });

  it("control: a blocking rule gates the PR", async () => {
    const { run, levels } = await agentDockerfile(undefined, PIPED_INSTALL);
    expect(run).toMatchObject({ conclusion: "action_required" });
    expect(levels).toEqual(["any/remote-script-exec:failure"]);
  });

  it("a blocking rule lowered to warning lets the PR pass, its finding listed under Warnings", async () => {
    const { run, levels } = await agentDockerfile("rules:\n  any/remote-script-exec: warning\n", PIPED_INSTALL);
    expect(run).toMatchObject({ conclusion: "success" });
    expect(levels).toEqual(["any/remote-script-exec:warning"]);
    expect(run.output.summary).toContain("### Findings (0 blocking, 1 other)");
    expect(run.output.summary).toContain("Nothing blocks the merge.");
    const summary = run.output.summary ?? "";
    const warnings = summary.slice(summary.indexOf("### Warnings (1)"));
    expect(warnings).toContain("| `any/remote-script-exec` (");
    expect(warnings).toContain("`Dockerfile:2`");
  });
});
