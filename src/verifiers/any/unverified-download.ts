// Packages and files fetched with their integrity check missing or switched off: Dockerfile
// `ADD <url>` without --checksum, pip installs from URLs or VCS without hashes, pip over plain
// http or with --trusted-host, npm/yarn/pnpm installs of git refs and tarball URLs, package
// managers told to skip signatures, and apt keys taken from whatever a URL serves.
import { defineVerifier, type VerifierContext } from "../types.js";
import { parseDockerfile } from "./formats/dockerfile.js";
import { COMMAND_KINDS, fileKind } from "./formats/kind.js";
import { FETCHERS, allSegments, commandOf, commandsOf, isPython, joinLines } from "./formats/shell.js";
import { entries, get, pairLine, readYaml, str } from "./formats/yaml.js";

const MESSAGE_IDS = ["trustedHost", "httpIndex", "pipVcs", "pipUrl", "npmGit", "npmTarball", "signaturesOff", "aptKey", "trustedRepo", "add", "addGit"] as const;
type MessageId = (typeof MESSAGE_IDS)[number];

const COMMIT = /^[0-9a-f]{40}$/;
const LOCAL_HOST = /^http:\/\/(?:localhost|127\.\d{1,3}\.\d{1,3}\.\d{1,3}|\[::1\]|0\.0\.0\.0)(?:[:/]|$)/;
const TRUSTED_REPO = /\[[^\]\n]{0,200}\b(?:trusted|allow-insecure)=yes\b/;

type Found = { messageId: MessageId; data: Record<string, string> };

/** A VCS requirement not pinned to a full commit: `git+https://host/repo@v1.2`. */
function unpinnedVcs(req: string): boolean {
  const url = req.replace(/^[\w.[\],-]{1,100}\s{0,5}@\s{0,5}/, "");
  if (!/^(?:git|hg|svn|bzr)\+/.test(url)) return false;
  const path = beforeFirst(url, "#").replace(/^[a-z+]{1,12}:\/\//, "");
  const at = path.lastIndexOf("@");
  const ref = at > path.indexOf("/") ? path.slice(at + 1) : "";
  return !COMMIT.test(ref);
}

/** A direct archive URL with no hash in its fragment. */
function unhashedUrl(req: string): boolean {
  const url = req.replace(/^[\w.[\],-]{1,100}\s{0,5}@\s{0,5}/, "");
  return /^https?:\/\//.test(url) && !/#(?:[^#]*&)?(?:sha256|sha384|sha512)=/.test(url);
}

/** Findings of pip arguments: VCS and URL requirements, trusted hosts, plain-http indexes. */
function pipFindings(args: string[], hashesRequired: boolean): Found[] {
  const out: Found[] = [];
  const hashed = hashesRequired || args.some((a) => a === "--require-hashes" || a.startsWith("--hash="));
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? "";
    const [flag, inline] = a.startsWith("--") && a.includes("=") ? [a.slice(0, a.indexOf("=")), a.slice(a.indexOf("=") + 1)] : [a, undefined];
    const value = () => inline ?? args[++i] ?? "";
    if (flag === "--trusted-host") {
      out.push({ messageId: "trustedHost", data: { host: value() } });
    } else if (["-i", "--index-url", "--extra-index-url", "-f", "--find-links"].includes(flag)) {
      const url = value();
      if (url.startsWith("http://") && !LOCAL_HOST.test(url)) out.push({ messageId: "httpIndex", data: { url: url.replace(/\/\/[^@/]*@/, "//") } });
    } else if (["-r", "--requirement", "-c", "--constraint", "--target", "-t", "--prefix", "--root", "--platform", "--python-version", "--implementation", "--abi"].includes(flag)) {
      value();
    } else if (!hashed && (unpinnedVcs(a) || unhashedUrl(a))) {
      out.push({ messageId: unpinnedVcs(a) ? "pipVcs" : "pipUrl", data: { requirement: shorten(a) } });
    }
  }
  return out;
}

const NPM_VALUE_OPTIONS = new Set(["-w", "--workspace", "--prefix", "--registry", "--tag", "-C", "--dir", "--filter", "-F", "--cwd", "--cache"]);

function gitSpec(spec: string): boolean {
  return /^(?:git\+|git:\/\/|git@|github:|gitlab:|bitbucket:|gist:)/.test(spec) || /^[A-Za-z0-9][\w.-]{0,100}\/[\w.-]{1,100}(?:#.{0,200})?$/.test(spec);
}

/** Findings for a dependency spec given to npm, yarn, pnpm or bun on a command line. */
function npmSpecFinding(spec: string): Found | undefined {
  const target = spec.replace(/^(?:@[\w.-]{1,100}\/)?[\w.-]{1,214}@(?=(?:git|https?|github|gitlab|bitbucket)[+:])/, "");
  if (gitSpec(target) && !/\.(?:tgz|tar\.gz|tar)$/.test(target)) {
    const ref = target.includes("#") ? target.slice(target.lastIndexOf("#") + 1) : "";
    return COMMIT.test(ref) ? undefined : { messageId: "npmGit", data: { spec: shorten(spec) } };
  }
  if (/^https?:\/\//.test(target)) return { messageId: "npmTarball", data: { spec: shorten(spec) } };
  return undefined;
}

function npmFindings(tool: string, args: string[]): Found[] {
  const sub = args[0] ?? "";
  const adds =
    (tool === "npm" && ["install", "i", "add", "isntall", "in"].includes(sub)) ||
    ((tool === "yarn" || tool === "pnpm" || tool === "bun") && ["add", "install", "i"].includes(sub)) ||
    (tool === "yarn" && sub === "global" && args[1] === "add");
  if (!adds) return [];
  const out: Found[] = [];
  for (let i = tool === "yarn" && sub === "global" ? 2 : 1; i < args.length; i++) {
    const a = args[i] ?? "";
    if (NPM_VALUE_OPTIONS.has(a)) i++;
    else if (!a.startsWith("-")) {
      const f = npmSpecFinding(a);
      if (f) out.push(f);
    }
  }
  return out;
}

function packageManagerFindings(name: string, args: string[]): Found[] {
  const has = (...flags: string[]) => args.find((a) => flags.includes(a));
  if (name === "apt-get" || name === "apt" || name === "aptitude") {
    const flag =
      has("--allow-unauthenticated", "--allow-insecure-repositories", "--force-yes") ??
      args.find((a) => /(?:AllowUnauthenticated|AllowInsecureRepositories|AllowDowngradeToInsecureRepositories)=(?:1|true|yes)/i.test(a));
    return flag ? [{ messageId: "signaturesOff", data: { tool: name, flag } }] : [];
  }
  const flag =
    (["yum", "dnf", "microdnf", "tdnf"].includes(name) && has("--nogpgcheck")) ||
    (name === "zypper" && has("--no-gpg-checks")) ||
    (name === "rpm" && has("--nosignature", "--nodigest", "--noverify")) ||
    (name === "apk" && has("--allow-untrusted"));
  return flag ? [{ messageId: "signaturesOff", data: { tool: name, flag } }] : [];
}

function commandFindings(text: string): { at: number; found: Found }[] {
  const out: { at: number; found: Found }[] = [];
  const segs = allSegments(text);
  segs.forEach((seg, i) => {
    const { name, args } = commandOf(seg);
    const push = (found: Found) => out.push({ at: seg.at, found });
    if (/^pip[0-9.]{0,5}$/.test(name) && args[0] === "install") pipFindings(args.slice(1), false).forEach(push);
    if (isPython(name) && args[0] === "-m" && /^pip[0-9.]{0,5}$/.test(args[1] ?? "") && args[2] === "install") pipFindings(args.slice(3), false).forEach(push);
    if ((name === "uv" && args[0] === "pip" && args[1] === "install") || (name === "pipx" && args[0] === "install")) {
      pipFindings(args.slice(name === "uv" ? 2 : 1), false).forEach(push);
    }
    if (["npm", "yarn", "pnpm", "bun"].includes(name)) npmFindings(name, args).forEach(push);
    packageManagerFindings(name, args).forEach(push);
    if (name === "apt-key" && args[0] === "add" && FETCHERS.has(commandOf(segs[i - 1] ?? seg).name) && segs[i - 1]?.next === "|") {
      push({ messageId: "aptKey", data: {} });
    }
    if (name === "apt-key" && args.includes("--fetch-keys")) push({ messageId: "aptKey", data: {} });
    if (TRUSTED_REPO.test(seg.raw)) push({ messageId: "trustedRepo", data: {} });
  });
  return out;
}

function beforeFirst(s: string, c: string): string {
  const at = s.indexOf(c);
  return at < 0 ? s : s.slice(0, at);
}

function shorten(s: string): string {
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

export const verifier = defineVerifier({
  id: "any/unverified-download",
  languages: ["any"],
  messageIds: MESSAGE_IDS,
  check(ctx) {
    const kind = fileKind(ctx.path, ctx.text);
    const reported = new Set<number>();
    const report = (line: number, f: Found) => {
      if (reported.has(line)) return;
      reported.add(line);
      ctx.report({ ...f, line });
    };
    if (kind === "dockerfile") checkDockerAdd(ctx, report);
    if (kind === "requirements") checkRequirements(ctx, report);
    if (kind === "package-json") checkDependencies(ctx, report);
    if (!COMMAND_KINDS.has(kind)) return;
    for (const cmd of commandsOf(ctx, kind)) {
      for (const { at, found } of commandFindings(cmd.text)) report(cmd.lineAt(at), found);
    }
  },
});

type Report = (line: number, f: Found) => void;

function checkDockerAdd(ctx: VerifierContext, report: Report): void {
  for (const ins of parseDockerfile(ctx)) {
    if (ins.keyword !== "ADD") continue;
    let words: string[];
    try {
      const parsed: unknown = ins.args.trimStart().startsWith("[") ? JSON.parse(ins.args) : undefined;
      words = Array.isArray(parsed) ? parsed.map(String) : ins.args.split(/\s+/).filter((w) => w !== "");
    } catch {
      words = ins.args.split(/\s+/).filter((w) => w !== "");
    }
    const checksum = words.some((w) => w.startsWith("--checksum="));
    const sources = words.filter((w) => !w.startsWith("--")).slice(0, -1);
    for (const src of sources) {
      const git = /^git@|\.git(?:#|$)|^git:\/\//.test(src);
      if (git) {
        const ref = src.includes("#") ? (src.slice(src.indexOf("#") + 1).split(":")[0] ?? "") : "";
        if (!COMMIT.test(ref)) report(ins.line, { messageId: "addGit", data: { source: shorten(src) } });
      } else if (/^https?:\/\//.test(src) && !checksum) {
        report(ins.line, { messageId: "add", data: { source: shorten(src) } });
      }
    }
  }
}

function checkRequirements(ctx: VerifierContext, report: Report): void {
  const lines = joinLines(
    ctx.text.split("\n").map((text, i) => ({ line: i + 1, text: text.replace(/(?:^|\s)#.*$/, "") })),
    "requirements",
  );
  const hashMode = lines.some((l) => l.text.includes("--hash="));
  for (const l of lines) {
    const words = l.text.trim().split(/\s+/).filter((w) => w !== "");
    const args = words[0] === "-e" || words[0] === "--editable" ? words.slice(1) : words;
    const req = /^[\w.[\],-]{1,100}\s{0,5}@\s{0,5}\S/.test(l.text.trim()) ? [l.text.trim().split(/\s+;/)[0] ?? ""] : args;
    for (const f of pipFindings(req, hashMode)) report(l.line, f);
  }
}

const DEPENDENCY_FIELDS = ["dependencies", "devDependencies", "optionalDependencies"];

function checkDependencies(ctx: VerifierContext, report: Report): void {
  const file = readYaml(ctx);
  for (const doc of file?.docs ?? []) {
    for (const field of DEPENDENCY_FIELDS) {
      for (const [name, value, pair] of entries(get(doc.contents, field))) {
        const spec = str(value) ?? "";
        const line = file ? pairLine(file, pair) : 1;
        if (spec.startsWith("http://")) report(line, { messageId: "npmTarball", data: { spec: `${name}: ${shorten(spec)}` } });
        else if (gitSpec(spec) && !COMMIT.test(spec.includes("#") ? spec.slice(spec.lastIndexOf("#") + 1) : "")) {
          report(line, { messageId: "npmGit", data: { spec: `${name}: ${shorten(spec)}` } });
        }
      }
    }
  }
}
