// Structural contracts through the real app and the fake GitHub: the config on the default
// branch declares them, the head's file list costs one request, and the check run shows which
// layer imported which.
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

const ORM_ONLY = `contracts:
  orm:
    require: sqlalchemy
`;
const WITH_LAYERS = `${ORM_ONLY}  use: [clean-architecture]
`;

const PROJECT = {
  "inventory/__init__.py": "",
  "inventory/models/__init__.py": "",
  "inventory/models/item.py": "class Item:\n    pass\n",
  "inventory/repositories/__init__.py": "",
  "inventory/repositories/items.py": "from inventory.models.item import Item\n",
  "inventory/services/__init__.py": "",
  "inventory/services/items.py": "from inventory.repositories import items\n",
};

const CHANGE = {
  "inventory/routes/__init__.py": "",
  "inventory/routes/items.py": "import sqlite3\n\nfrom inventory.services import items\nfrom inventory.models.item import Item\n\n\ndef count():\n    return len(items.all())\n",
};

async function evaluate(config: string) {
  w = await world((repo) => {
    repo.files.main = { ...repo.files.main, ...PROJECT, ".github/agent-gate.yml": config };
    addPull(repo, { number: 5, user: "Copilot", headRef: "copilot/items", files: CHANGE, commitAuthor: COPILOT_AUTHOR });
  });
  await deliver(w.gate.webhookUrl, "pull_request", pullRequestEvent(w.fake.state, w.repo, 5, "opened"), SECRET);
  await w.gate.gate.queue.idle();
  const pull = w.repo.pulls.find((p) => p.number === 5)!;
  const runs = w.repo.checkRuns.filter((r) => r.head_sha === pull.head.sha);
  const requests = w.fake.requests.map((r) => `${r.method} ${r.path}`);
  await w.stop();
  w = undefined;
  return { runs, requests, head: pull.head.sha };
}

describe("structural contracts end to end", () => {
  it("blocks a layer skip declared in the default branch's config; layers cost one request, the head's file list", async () => {
    const plain = await evaluate(ORM_ONLY);
    const gated = await evaluate(WITH_LAYERS);

    const [run] = gated.runs;
    expect(run).toMatchObject({ conclusion: "action_required" });
    expect(run!.annotations.map((a) => `${a.path}:${a.start_line} ${a.title}`).sort()).toEqual([
      "inventory/routes/items.py:1 contracts/orm (orm-required, CWE-1057)",
      "inventory/routes/items.py:4 contracts/layers (layering, CWE-1054)",
    ]);
    expect(run!.output.summary).toContain("### Structural contracts");
    expect(run!.output.summary).toContain("| `routes` | `models` | 1 | ⛔ skips a layer | `inventory/routes/items.py:4 → inventory/models/item.py` |");
    expect(plain.runs[0]!.annotations.map((a) => a.title)).toEqual(["contracts/orm (orm-required, CWE-1057)"]);

    expect(gated.requests.filter((r) => r === `GET /repos/acme/shop/git/trees/${gated.head}`)).toHaveLength(1);
    expect(plain.requests.some((r) => r.includes("/git/trees/"))).toBe(false);
    expect(gated.requests.filter((r) => r.includes("/graphql"))).toHaveLength(1);
    expect(gated.requests.length - plain.requests.length).toBe(1);
  });
});
