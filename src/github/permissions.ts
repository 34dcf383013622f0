import { ROLE_RANK } from "../engine/approve.js";
import type { Octokit } from "./pull-source.js";

/** Whether a human account holds at least write on the repository (for recheck and Re-run). */
export async function canWrite(octokit: Octokit, owner: string, repo: string, user: { login: string; type?: string }): Promise<boolean> {
  if (user.type === "Bot" || user.login.endsWith("[bot]")) return false;
  try {
    const { data } = await octokit.rest.repos.getCollaboratorPermissionLevel({ owner, repo, username: user.login });
    const role = (data as { role_name?: string }).role_name ?? data.permission;
    return (ROLE_RANK[role] ?? 0) >= (ROLE_RANK.write ?? 3);
  } catch (err) {
    if ((err as { status?: number }).status === 404) return false;
    throw err;
  }
}
