// Reads .github/agent-gate.yml through Probot's context.config: default branch only (a PR's
// own edit is never obeyed), the org's .github repository as fallback, `_extends` supported.
import type { Context } from "probot";
import { ConfigError } from "../engine/config.js";

export const CONFIG_FILE = "agent-gate.yml";

export async function readRawConfig(context: Pick<Context, "config">): Promise<unknown> {
  try {
    return await context.config(CONFIG_FILE);
  } catch (err) {
    const status = (err as { status?: number }).status;
    if (typeof status === "number") throw err;
    const reason = err instanceof Error ? err.message.split("\n")[0] : String(err);
    throw new ConfigError([`not valid YAML: ${reason}`], `.github/${CONFIG_FILE}`);
  }
}
