// Entry of the GitHub Action (action.yml runs the bundle of this file, action/dist/index.mjs).
import { runAction } from "./run.js";

process.exitCode = await runAction(process.env, (line) => process.stdout.write(`${line}\n`));
