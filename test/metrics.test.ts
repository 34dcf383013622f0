import { describe, expect, it } from "@jest/globals";
import { routeClass } from "../src/github/instrument.js";
import { DEFAULT_METRICS_PORT, Metrics, metricsOptionsFrom } from "../src/metrics.js";

describe("metricsOptionsFrom", () => {
  it("is off without METRICS or METRICS_PORT, and with METRICS=0", () => {
    expect(metricsOptionsFrom({})).toBeUndefined();
    expect(metricsOptionsFrom({ METRICS: "0" })).toBeUndefined();
  });

  it("serves on the default port with METRICS=1, on METRICS_PORT when given, on METRICS_HOST", () => {
    expect(metricsOptionsFrom({ METRICS: "1" })).toEqual({ port: DEFAULT_METRICS_PORT });
    expect(metricsOptionsFrom({ METRICS_PORT: "9100" })).toEqual({ port: 9100 });
    expect(metricsOptionsFrom({ METRICS: "1", METRICS_PORT: "9100", METRICS_HOST: "0.0.0.0" })).toEqual({ port: 9100, host: "0.0.0.0" });
  });

  it("refuses a METRICS_PORT that is not a port, instead of serving nothing", () => {
    for (const bad of ["abc", "-1", "70000", "9100.5"]) expect(() => metricsOptionsFrom({ METRICS_PORT: bad })).toThrow(/METRICS_PORT/);
  });
});

describe("routeClass", () => {
  it.each([
    ["/repos/{owner}/{repo}/pulls/{pull_number}/files", "pulls"],
    ["/repos/{owner}/{repo}/pulls", "pulls"],
    ["/repos/{owner}/{repo}/check-runs/{check_run_id}", "checks"],
    ["/repos/{owner}/{repo}/commits/{ref}/check-runs", "checks"],
    ["/repos/{owner}/{repo}/check-suites/{check_suite_id}/check-runs", "checks"],
    ["/graphql", "graphql"],
    ["/repos/{owner}/{repo}/contents/{path}", "contents"],
    ["/repos/{owner}/{repo}/compare/{basehead}", "contents"],
    ["/repos/{owner}/{repo}/issues/comments/{comment_id}/reactions", "reactions"],
    ["/repos/{owner}/{repo}/issues/{issue_number}/comments", "issues"],
    ["/app/installations/{installation_id}/access_tokens", "app"],
    ["/orgs/{org}/teams/{team_slug}/memberships/{username}", "other"],
    // A repository named like a route class is not that class.
    ["/repos/pulls/graphql/collaborators/{username}/permission", "other"],
  ])("%s is %s", (url, expected) => {
    expect(routeClass(url)).toBe(expected);
  });
});

const depth = (queued: number, active: number) => ({ depth: () => Promise.resolve({ queued, active }) });

describe("Metrics", () => {
  it("keeps each instance's figures in its own registry", async () => {
    const a = new Metrics(depth(0, 0));
    const b = new Metrics(depth(3, 1));
    a.evaluated({ conclusion: "success", mode: "scan", event: "pull_request.opened", seconds: 0.2, rules: [] });
    expect(await a.registry.metrics()).toContain('agent_gate_evaluations_total{conclusion="success",mode="scan",event="pull_request.opened"} 1');
    const other = await b.registry.metrics();
    expect(other).not.toContain('agent_gate_evaluations_total{');
    expect(other).toContain('agent_gate_queue_depth{state="queued"} 3');
  });

  it("ignores a rate-limit header that is not a number", async () => {
    const m = new Metrics(depth(0, 0));
    m.request("pulls", 200, "7", "oops");
    m.request("pulls", 200, "8", "41");
    const text = await m.registry.metrics();
    expect(text).not.toContain('installation="7"');
    expect(text).toContain('agent_gate_github_rate_limit_remaining{installation="8"} 41');
  });
});
