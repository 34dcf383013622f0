// package.json lifecycle scripts that fetch or run remote code. npm runs preinstall, install,
// postinstall and prepare on every machine that installs the package (prepare also when it is
// installed from git), before anyone reads the code, so a download there runs on developers'
// laptops and in CI with their credentials.
import { defineVerifier } from "../types.js";
import { fileKind } from "./formats/kind.js";
import { FETCHERS, allSegments, commandOf } from "./formats/shell.js";
import { entries, get, pairLine, readYaml, str } from "./formats/yaml.js";

const LIFECYCLE = new Set(["preinstall", "install", "postinstall", "prepare", "preprepare", "postprepare", "prepublish"]);
/** Runners that download a package and execute it on the spot. */
const DOWNLOAD_RUNNERS: Record<string, (args: string[]) => boolean> = {
  npx: () => true,
  bunx: () => true,
  pnpx: () => true,
  pnpm: (a) => a[0] === "dlx",
  yarn: (a) => a[0] === "dlx",
  npm: (a) => a[0] === "exec" || a[0] === "x",
};
const URL = /\bhttps?:\/\/[^\s'"`)]{1,300}/;
const NETWORK_CODE = /\b(?:fetch\s{0,5}\(|require\(\s{0,5}["'`]https?["'`]|from\s{1,5}["'`]https?["'`]|https?\.get\s{0,5}\(|XMLHttpRequest|urllib\.request|requests\.get)/;

function remoteAction(script: string): { what: string } | undefined {
  for (const seg of allSegments(script)) {
    const { name, args } = commandOf(seg);
    if (FETCHERS.has(name)) return { what: `downloads with ${name}` };
    if (name === "git" && args[0] === "clone") return { what: "clones a git repository" };
    if (DOWNLOAD_RUNNERS[name]?.(args)) {
      const pkg = args.find((a, i) => !a.startsWith("-") && !(i === 0 && ["dlx", "exec", "x"].includes(a)));
      return { what: `downloads and runs ${pkg ? `the package ${pkg}` : "a package"} with ${name}` };
    }
    if (/^pip[0-9.]{0,5}$/.test(name) && args[0] === "install") return { what: "installs Python packages" };
    if ((name === "node" || name === "nodejs") && args.some((a) => a === "-e" || a === "--eval") && NETWORK_CODE.test(seg.raw)) {
      return { what: "runs inline code that makes network requests" };
    }
  }
  const url = URL.exec(script);
  return url ? { what: `fetches ${url[0]}` } : undefined;
}

export const verifier = defineVerifier({
  id: "any/install-script",
  languages: ["any"],
  messageIds: ["remote"],
  check(ctx) {
    if (fileKind(ctx.path, ctx.text) !== "package-json") return;
    const file = readYaml(ctx);
    if (!file) return;
    for (const doc of file.docs) {
      for (const [name, value, pair] of entries(get(doc.contents, "scripts"))) {
        if (!LIFECYCLE.has(name)) continue;
        const found = remoteAction(str(value) ?? "");
        if (found) ctx.report({ messageId: "remote", data: { script: name, what: found.what }, line: pairLine(file, pair) });
      }
    }
  },
});
