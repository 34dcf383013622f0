// When the app's throttling retries a rate-limited request: a few times, and never for a wait past the cap.
import { describe, expect, it } from "@jest/globals";
import { RATE_LIMIT_RETRIES, RATE_LIMIT_WAIT_CAP_S, retryRateLimit } from "../../src/github/octokit.js";

const warnings: string[] = [];
const octokit = { log: { warn: (m: string) => void warnings.push(m) } };
const request = { method: "POST", url: "/repos/{owner}/{repo}/check-runs" };

describe("retryRateLimit", () => {
  it.each(["secondary", "primary"] as const)("retries a %s limit after the wait GitHub asks for, up to the retry count", (kind) => {
    const decide = retryRateLimit(kind);
    expect(decide(60, request, octokit, 0)).toBe(true);
    expect(decide(RATE_LIMIT_WAIT_CAP_S, request, octokit, RATE_LIMIT_RETRIES - 1)).toBe(true);
    expect(decide(60, request, octokit, RATE_LIMIT_RETRIES)).toBe(false);
  });

  it("gives up on a wait past the cap (an exhausted hourly budget): the evaluation fails closed instead of hanging", () => {
    expect(retryRateLimit("primary")(RATE_LIMIT_WAIT_CAP_S + 1, request, octokit, 0)).toBe(false);
    expect(warnings.at(-1)).toContain("giving up");
  });
});
