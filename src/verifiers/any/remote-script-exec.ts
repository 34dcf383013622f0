// Code fetched over the network and run at once: `curl ... | sh`, `bash -c "$(curl ...)"`,
// `bash <(wget ...)`, and a file downloaded and then executed with no checksum or signature
// check in between. Read from every place a repository keeps shell commands.
import { defineVerifier } from "../types.js";
import { COMMAND_KINDS, fileKind, withoutTrailingSlashes } from "./formats/kind.js";
import { FETCHERS, INTERPRETERS, SHELLS, allSegments, commandOf, commandsOf, fetcherIn, isPython, readsProgramFromStdin, substitutions, type Segment } from "./formats/shell.js";

const MESSAGE_IDS = ["pipe", "substitution", "downloadRun"] as const;
type MessageId = (typeof MESSAGE_IDS)[number];

/** Commands that verify a download: after one, earlier downloads count as checked. */
const VERIFIERS = /^(?:sha(?:1|224|256|384|512)?sum|shasum|md5sum|b2sum|cksum|gpg|gpgv|gpg2|cosign|minisign|signify|slsa-verifier)$/;
const PACKAGE_INSTALLERS = new Set(["dpkg", "rpm"]);
const LOCAL_PACKAGE_INSTALLERS = new Set(["apt", "apt-get", "dnf", "yum", "zypper"]);
const SOURCING = new Set(["eval", "source", "."]);

const base = (p: string) => p.slice(p.lastIndexOf("/") + 1);

/** Where a curl or wget command writes what it downloads, if to a file. */
function outputFile(name: string, args: string[], redirects: string[]): string | undefined {
  const redirected = redirects.map((r) => /^1?>{1,2}([^&].*)$/.exec(r)?.[1]).find((f) => f !== undefined);
  if (redirected) return redirected;
  let url: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? "";
    if (name === "curl" && (a === "-o" || a === "--output" || /^-[a-zA-Z]*o$/.test(a))) return args[i + 1];
    if (name === "curl" && /^-[a-zA-Z]*o./.test(a) && !a.startsWith("--")) return a.slice(a.indexOf("o") + 1);
    if (name === "wget" && (a === "-O" || a === "--output-document")) return args[i + 1];
    if (name === "wget" && a.startsWith("--output-document=")) return a.slice("--output-document=".length);
    if (name === "wget" && /^-[a-zA-Z]*O./.test(a)) return a.slice(a.indexOf("O") + 1);
    if (/^https?:\/\//.test(a)) url = a;
  }
  const remoteName = name === "wget" || args.some((a) => a === "-O" || a === "--remote-name" || /^-[a-zA-Z]*O$/.test(a));
  return remoteName && url ? base(withoutTrailingSlashes(url.split(/[?#]/)[0] ?? "")) : undefined;
}

export const verifier = defineVerifier({
  id: "any/remote-script-exec",
  languages: ["any"],
  messageIds: MESSAGE_IDS,
  check(ctx) {
    const kind = fileKind(ctx.path, ctx.text);
    if (!COMMAND_KINDS.has(kind)) return;
    const reported = new Set<number>();
    const downloads = new Map<string, { line: number; fetcher: string }>();
    for (const cmd of commandsOf(ctx, kind)) {
      const segs = allSegments(cmd.text);
      const report = (seg: Segment, messageId: MessageId, data: Record<string, string>) => {
        const line = cmd.lineAt(seg.at);
        if (reported.has(line)) return;
        reported.add(line);
        ctx.report({ messageId, data: { ...data, origin: cmd.origin }, line });
      };
      segs.forEach((seg, i) => {
        const { name, args } = commandOf(seg);
        const next = segs[i + 1];
        if (FETCHERS.has(name) && seg.next === "|" && next) {
          const target = commandOf(next);
          if (readsProgramFromStdin(target.name, target.args)) report(next, "pipe", { fetcher: name, interpreter: target.name });
        }
        if (SHELLS.has(name) || INTERPRETERS.has(name) || isPython(name) || SOURCING.has(name)) {
          for (const word of args) {
            const fetcher = substitutions(word).map(fetcherIn).find((f) => f !== undefined);
            if (fetcher) report(seg, "substitution", { fetcher, interpreter: name });
          }
        }
        if (FETCHERS.has(name)) {
          const file = outputFile(name, args, seg.redirects);
          if (file && file !== "-" && file !== "/dev/null") downloads.set(base(file), { line: cmd.lineAt(seg.at), fetcher: name });
          return;
        }
        if (VERIFIERS.test(name)) {
          downloads.clear();
          return;
        }
        const runs = runTarget(name, args);
        const got = runs === undefined ? undefined : downloads.get(base(runs));
        if (got) report(seg, "downloadRun", { file: base(runs ?? ""), fetcher: got.fetcher, downloadLine: String(got.line) });
      });
    }
  },
});

/**
 * The file a command executes or installs: a script given to an interpreter, a package file given
 * to dpkg/rpm or to apt/dnf install (which check no signature on a local file), or the command itself.
 */
function runTarget(name: string, args: string[]): string | undefined {
  const interpreter = SHELLS.has(name) || isPython(name) || INTERPRETERS.has(name) || SOURCING.has(name);
  const installer = PACKAGE_INSTALLERS.has(name) && args.some((a) => /^-(?:-install|-upgrade|[a-zA-Z]*[iU][a-zA-Z]*)$/.test(a));
  if (interpreter || installer) return args.find((a) => !a.startsWith("-"));
  if (LOCAL_PACKAGE_INSTALLERS.has(name) && (args[0] === "install" || args[0] === "localinstall")) {
    return args.find((a) => /\.(?:deb|rpm)$/.test(a));
  }
  return name === "" ? undefined : name;
}
