// Runs git without a shell: arguments are passed as they are, so no path or ref can inject a command.
import { spawn } from "node:child_process";

/** git exited non-zero or could not start; `message` carries its stderr. */
export class GitError extends Error {}

export interface GitOptions {
  input?: string;
  env?: Record<string, string>;
}

/** git's stdout as bytes; rejects with GitError naming the command when it fails. */
export function gitBytes(cwd: string, args: string[], o: GitOptions = {}): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    // Quoted paths would not match the names the engine reads back; -c keeps them raw.
    const child = spawn("git", ["-c", "core.quotePath=false", ...args], {
      cwd,
      env: { ...process.env, GIT_TERMINAL_PROMPT: "0", GIT_OPTIONAL_LOCKS: "0", ...o.env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (b: Buffer) => out.push(b));
    child.stderr.on("data", (b: Buffer) => err.push(b));
    child.on("error", (e) => reject(new GitError(`could not run git: ${e.message}`)));
    child.on("close", (code) => {
      if (code === 0) resolve(Buffer.concat(out));
      else reject(new GitError(`git ${args[0]} failed: ${Buffer.concat(err).toString("utf8").trim() || `exit ${code}`}`));
    });
    child.stdin.on("error", () => undefined);
    child.stdin.end(o.input ?? "");
  });
}

export async function git(cwd: string, args: string[], o: GitOptions = {}): Promise<string> {
  return (await gitBytes(cwd, args, o)).toString("utf8");
}

/** The commit a ref names, or undefined when it names none. */
export async function commitOf(cwd: string, ref: string): Promise<string | undefined> {
  try {
    return (await git(cwd, ["rev-parse", "--verify", "--quiet", "--end-of-options", `${ref}^{commit}`])).trim() || undefined;
  } catch {
    return undefined;
  }
}
