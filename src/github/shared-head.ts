// Check runs belong to a commit, not a pull request: every open PR whose head is the commit is
// evaluated and the commit carries the strictest verdict. Finding them:
// `repos.listPullRequestsAssociatedWithCommit` answers nothing for a commit that lives only in a
// fork (the commit is not an object of the base repository), and for a base-repository commit it
// also returns PRs that merely contain it. So the open PRs are listed, 100 per page, and matched
// on `head.sha`, which fork PRs report too: ⌈open PRs / 100⌉ requests per evaluation.
import type { Octokit } from "./pull-source.js";

/** More PRs than this on one head make the evaluation fail closed rather than multiply its cost. */
export const MAX_SHARED_PULLS = 20;

/** Numbers of the repository's open PRs whose head commit is `sha`, ascending. */
export async function openPullsWithHead(octokit: Octokit, owner: string, repo: string, sha: string): Promise<number[]> {
  const open = await octokit.paginate(octokit.rest.pulls.list, { owner, repo, state: "open", per_page: 100 });
  return open.filter((p) => p.head.sha === sha).map((p) => p.number).sort((a, b) => a - b);
}
