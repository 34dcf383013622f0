import { commitAuthors, findRepo, type FakeState } from "./state.js";

// GitHub lists at most 250 commits of a pull request, over GraphQL as over REST.
const COMMITS_CAP = 250;

/**
 * The fake's answer to `repository.pullRequest(number).commits(first, after) { … commit { oid
 * authors(first) { … } } }`: pages of commits with the accounts linked to their authors. The
 * page sizes are read from the query text, as GitHub reads its arguments.
 */
export function commitAuthorsAnswer(state: FakeState, query: string, vars: Record<string, unknown>): unknown {
  const repo = findRepo(state, String(vars.owner), String(vars.name));
  const pull = repo?.pulls.find((p) => p.number === vars.number);
  if (!repo || !pull) {
    return { data: { repository: repo ? { pullRequest: null } : null }, errors: [{ type: "NOT_FOUND", path: ["repository"], message: "Could not resolve to a PullRequest." }] };
  }
  const perPage = Number(/commits\(first:\s*(\d+)/.exec(query)?.[1] ?? 100);
  const perCommit = Number(/authors\(first:\s*(\d+)/.exec(query)?.[1] ?? 100);
  const start = typeof vars.cursor === "string" ? Number(vars.cursor) : 0;
  const listed = pull.commits.slice(0, COMMITS_CAP);
  const slice = listed.slice(start, start + perPage);
  const end = start + slice.length;
  const nodes = slice.map((commit) => {
    const authors = commitAuthors(state, commit);
    return { commit: { oid: commit.sha, authors: { pageInfo: { hasNextPage: authors.length > perCommit }, nodes: authors.slice(0, perCommit) } } };
  });
  const pageInfo = { hasNextPage: end < listed.length, endCursor: slice.length > 0 ? String(end) : null };
  return { data: { repository: { pullRequest: { commits: { pageInfo, nodes } } } } };
}
