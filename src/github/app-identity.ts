// Who this app is on GitHub. Check runs named `agent-gate` can be written by any app or by a
// workflow with `checks: write`; only runs whose `app.id` is this app's are ever read.
import type { Octokit } from "./pull-source.js";

export interface AppIdentity {
  id: number;
  slug: string;
}

/** The authenticated app (GET /app with the app's JWT). */
export async function readAppIdentity(octokit: Octokit): Promise<AppIdentity> {
  const { data } = await octokit.rest.apps.getAuthenticated();
  if (!data || typeof data.id !== "number") throw new Error("GET /app did not name the app");
  return { id: data.id, slug: data.slug ?? "agent-gate" };
}

/** True only for a run this app wrote; an unknown app id trusts nothing. */
export function ownRun(run: { app?: { id?: number | null } | null }, appId: number | undefined): boolean {
  return appId !== undefined && run.app?.id === appId;
}
