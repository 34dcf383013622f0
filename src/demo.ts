// `npm run demo`: the whole product on one machine with no GitHub account. An embedded fake
// GitHub serves an org with a human PR and an agent PR; the real app receives signed webhooks
// over HTTP and writes its check runs back; the demo prints them.
import { CHECK_NAME } from "./engine/render.js";
import { demoState } from "./fake-github/demo-state.js";
import { startGate } from "./fake-github/harness.js";
import { FakeGitHub } from "./fake-github/server.js";
import { pullRequestEvent, type FakeCheckRun } from "./fake-github/state.js";
import { deliver } from "./fake-github/webhooks.js";

const SECRET = "demo-webhook-secret";

function indent(text: string, by = "    "): string {
  return text
    .split("\n")
    .map((l) => (l === "" ? "" : by + l))
    .join("\n");
}

function printRun(print: (line: string) => void, run: FakeCheckRun): void {
  print(`  check run "${run.name}" on ${run.head_sha.slice(0, 7)}: ${run.status}, conclusion ${run.conclusion ?? "none"}`);
  print(`  title: ${run.output.title ?? ""}`);
  print("  summary:");
  print(indent(run.output.summary ?? ""));
  if (run.annotations.length > 0) {
    print(`  annotations (${run.annotations.length}):`);
    for (const a of run.annotations) {
      print(`    ${a.path}:${a.start_line} [${a.annotation_level}] ${a.title ?? ""}`);
      print(indent(a.message.split("\n")[0] ?? "", "      "));
    }
  }
  print(`  buttons: ${run.actions.map((a) => a.label).join(", ") || "none"}`);
}

export async function runDemo(print: (line: string) => void): Promise<number> {
  const fake = new FakeGitHub(demoState());
  const apiUrl = await fake.start();
  const running = await startGate(apiUrl, { secret: SECRET });
  try {
    const repo = fake.state.repos[0]!;
    print(`agent-gate demo: fake GitHub at ${apiUrl}, app listening at ${running.webhookUrl}`);
    const expected = new Map<number, string>();
    for (const pull of repo.pulls) {
      const res = await deliver(running.webhookUrl, "pull_request", pullRequestEvent(fake.state, repo, pull.number, "opened"), SECRET);
      print(`delivered pull_request.opened for #${pull.number} "${pull.title}" by ${pull.user}: HTTP ${res.status}`);
      const author = fake.state.users[pull.user];
      expected.set(pull.number, author?.type === "Bot" ? "action_required" : "success");
    }
    await running.gate.queue.idle();

    let ok = true;
    for (const pull of repo.pulls) {
      const runs = repo.checkRuns.filter((r) => r.head_sha === pull.head.sha && r.name === CHECK_NAME);
      print("");
      print(`PR #${pull.number} "${pull.title}" by ${pull.user} (${pull.head.ref})`);
      for (const run of runs) printRun(print, run);
      const conclusion = runs[runs.length - 1]?.conclusion;
      if (conclusion !== expected.get(pull.number)) {
        ok = false;
        print(`  UNEXPECTED: wanted ${expected.get(pull.number)}, got ${conclusion ?? "no check run"}`);
      }
    }
    print("");
    print(`${fake.requests.length} GitHub API requests in all.`);
    print(ok ? "demo: the agent PR is blocked and the human PR passes, as expected." : "demo: FAILED, see above.");
    return ok ? 0 : 1;
  } finally {
    await running.stop();
    await fake.stop();
  }
}
