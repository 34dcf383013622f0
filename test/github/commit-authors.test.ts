// The GraphQL read of commit authors (OctokitPullSource.commitAuthors) against the fake GitHub:
// one request per 100 commits, co-authors resolved to the accounts their e-mails are linked to.
import { afterEach, beforeEach, describe, expect, it } from "@jest/globals";
import { Octokit as RestOctokit } from "@octokit/rest";
import { demoState } from "../../src/fake-github/demo-state.js";
import { FakeGitHub } from "../../src/fake-github/server.js";
import { deleteIssueComment, type FakeCommit, type FakeRepo } from "../../src/fake-github/state.js";
import { readCommitAuthors, type Octokit } from "../../src/github/pull-source.js";

let fake: FakeGitHub;
let octokit: Octokit;
let shop: FakeRepo;
let base: string;

beforeEach(async () => {
  fake = new FakeGitHub(demoState());
  base = await fake.start();
  octokit = new RestOctokit({ baseUrl: base, auth: "ghs_test" }) as unknown as Octokit;
  shop = fake.state.repos[0]!;
});
afterEach(() => fake.stop());

const bob = { name: "Bob", email: "bob@acme.example", login: "bob" };

function commits(n: number, message: (k: number) => string): FakeCommit[] {
  return Array.from({ length: n }, (_, k) => ({ sha: k.toString(16).padStart(40, "0"), message: message(k), author: bob, committer: bob }));
}

describe("commit authors over GraphQL", () => {
  it("links co-authors by verified e-mail and by noreply address, and leaves the rest unlinked", async () => {
    fake.state.users.alice!.emails = ["alice@home.example"];
    shop.pulls[1]!.commits = commits(1, () => "x\n\nCo-authored-by: A. <alice@home.example>\nCo-authored-by: B <38211077+bob@users.noreply.github.com>\nCo-authored-by: Who <who@nowhere.example>\nCo-authored-by: Fake <1+bob@users.noreply.github.com>");
    const [c] = await readCommitAuthors(octokit, { owner: "acme", repo: "shop", number: 2 });
    expect(c).toEqual({
      sha: "0".repeat(40),
      cut: false,
      authors: [
        { name: "Bob", email: "bob@acme.example", login: "bob" },
        { name: "A.", email: "alice@home.example", login: "alice" },
        { name: "B", email: "38211077+bob@users.noreply.github.com", login: "bob" },
        { name: "Who", email: "who@nowhere.example" },
        { name: "Fake", email: "1+bob@users.noreply.github.com" },
      ],
    });
  });

  it("reads 250 commits in 3 requests and marks a commit with more authors than one page as cut", async () => {
    const many = Array.from({ length: 120 }, (_, k) => `Co-authored-by: P${k} <p${k}@x.example>`).join("\n");
    shop.pulls[1]!.commits = commits(300, (k) => (k === 5 ? `x\n\n${many}` : "x"));
    fake.resetRequests();
    const out = await readCommitAuthors(octokit, { owner: "acme", repo: "shop", number: 2 });
    expect(out).toHaveLength(250);
    expect(fake.requests.filter((r) => r.path === "/graphql")).toHaveLength(3);
    expect(out.filter((c) => c.cut).map((c) => c.sha)).toEqual([(5).toString(16).padStart(40, "0")]);
  });

  it("fails on a pull request GitHub does not know, instead of returning no authors", async () => {
    await expect(readCommitAuthors(octokit, { owner: "acme", repo: "shop", number: 99 })).rejects.toThrow();
  });
});

describe("deleting a comment", () => {
  it("answers 204, then 404 for the same comment", async () => {
    shop.issueComments.push({ id: 5, issue_number: 2, user: "alice", body: "/agent-gate approve ok", created_at: "2025-06-02T09:00:00Z", updated_at: "2025-06-02T09:00:00Z" });
    const del = () => fetch(`${base}/repos/acme/shop/issues/comments/5`, { method: "DELETE", headers: { authorization: "token ghs_test" } });
    expect((await del()).status).toBe(204);
    expect(shop.issueComments.some((c) => c.id === 5)).toBe(false);
    expect((await del()).status).toBe(404);
    expect(deleteIssueComment(shop, 5)).toBe(false);
  });
});
