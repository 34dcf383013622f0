// The real-world Python the Python rules are measured on: Django, Flask and SQLAlchemy as Debian
// packages them. Installs the packages when missing (benchmarks only, never tests).
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";

const PACKAGES = ["python3-django", "python3-flask", "python3-sqlalchemy"];
const ROOT = "/usr/lib/python3/dist-packages";
const DIRS = ["django", "flask", "sqlalchemy"];

export interface PySource {
  /** Path relative to dist-packages, e.g. django/db/models/query.py. */
  path: string;
  text: string;
  lines: number;
}

function run(cmd: string, args: string[]): boolean {
  console.error(`$ ${cmd} ${args.join(" ")}`);
  return spawnSync(cmd, args, { stdio: ["ignore", 2, 2] }).status === 0;
}

function installed(): boolean {
  return spawnSync("dpkg-query", ["-W", "-f=${Status}\n", ...PACKAGES], { encoding: "utf8" }).stdout.split("\n").filter((l) => l.includes("install ok installed")).length === PACKAGES.length;
}

export function ensurePackages(): void {
  if (installed()) return;
  const install = ["install", "-y", "--no-install-recommends", ...PACKAGES];
  if (!run("apt-get", install) && !(run("apt-get", ["update"]) && run("apt-get", install))) {
    throw new Error(`could not install ${PACKAGES.join(", ")} with apt-get`);
  }
}

function walk(dir: string, out: string[]): void {
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    const st = statSync(full);
    if (st.isDirectory()) {
      if (name !== "__pycache__") walk(full, out);
    } else if (name.endsWith(".py")) out.push(full);
  }
}

export function loadSources(): PySource[] {
  ensurePackages();
  const files: string[] = [];
  for (const d of DIRS) {
    const dir = join(ROOT, d);
    if (!existsSync(dir)) throw new Error(`${dir} is missing after installing the packages`);
    walk(dir, files);
  }
  return files.sort().map((full) => {
    const text = readFileSync(full, "utf8");
    return { path: relative(ROOT, full), text, lines: text.split("\n").length };
  });
}
