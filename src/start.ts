// Starts the app as `probot run` would, but with the app's Octokit (GateOctokit: GitHub's rate
// limits retried after retry-after, capped); the probot CLI takes no Octokit class.
import { run } from "probot";
import app from "./index.js";
import { GateOctokit } from "./github/octokit.js";

await run(app, { Octokit: GateOctokit });
