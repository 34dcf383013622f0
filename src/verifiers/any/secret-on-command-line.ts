// Passwords passed as command-line arguments, where every user of the machine can read them in
// the process list (ps, /proc/<pid>/cmdline), shell history and CI logs keep them, and a
// Dockerfile RUN keeps them in the image history: mysql -p<pw>, curl -u user:pw, sshpass -p,
// docker login -p, redis-cli -a, --password <value>, openssl -passin pass:..., URLs with a
// password. A variable there is exposed the same way once the shell expands it.
import { defineVerifier } from "../types.js";
import { COMMAND_KINDS, fileKind } from "./formats/kind.js";
import { ARRAY_ASSIGNMENT, allSegments, commandOf, commandsOf, type Segment } from "./formats/shell.js";

const MESSAGE_IDS = ["mysql", "curl", "sshpass", "docker", "generic"] as const;
type MessageId = (typeof MESSAGE_IDS)[number];

const MYSQL = /^(?:mysql|mysqldump|mysqladmin|mysqlimport|mysqlshow|mysqlcheck|mysqlpump|mariadb|mariadb-dump|mariadb-admin)$/;
const DOCKER_LIKE = new Set(["docker", "podman", "nerdctl", "buildah", "skopeo", "helm", "oras"]);
const URL_PASSWORD = /(?<![\w+.-])([A-Za-z][\w+.-]{1,30}):\/\/[^\s:@/'"`]{0,100}:([^\s@/'"`]{1,200})@/;
/** Long options that carry a password, and their file/stdin forms that do not. */
const PASSWORD_OPTION = /^--(?:[\w-]{0,30}-)?(?:password|passwd|pass)(?:=|$)/;
const SAFE_OPTION = /^--[\w-]{0,40}(?:-stdin|-file|-env|-from-[\w-]{1,20})(?:=|$)/;

interface Hit {
  tool: string;
  how: string;
}

/** A value that is really there: not empty and not another option. */
const given = (v: string | undefined): v is string => v !== undefined && v !== "" && !v.startsWith("-");

function hitsOf(name: string, args: string[]): Hit[] {
  const out: Hit[] = [];
  const docker = DOCKER_LIKE.has(name) && (args[0] === "login" || (args[0] === "registry" && args[1] === "login"));
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? "";
    const next = args[i + 1];
    if (MYSQL.test(name) && /^-p./.test(a)) out.push({ tool: name, how: "-p<password>" });
    else if (MYSQL.test(name) && /^--password=./.test(a)) out.push({ tool: name, how: "--password=<password>" });
    else if ((name === "curl" && (a === "-u" || a === "--user" || a === "-U" || a === "--proxy-user")) && given(next) && /:./.test(next)) {
      out.push({ tool: name, how: `${a} user:password` });
    } else if (name === "curl" && /^-u[^:\s]{0,100}:./.test(a)) out.push({ tool: name, how: "-u user:password" });
    else if (name === "sshpass" && (a === "-p" ? given(next) : /^-p./.test(a))) out.push({ tool: name, how: "-p <password>" });
    else if (docker && (a === "-p" || a === "--password") && given(next)) out.push({ tool: `${name} login`, how: `${a} <password>` });
    else if (name === "redis-cli" && (a === "-a" || a === "--pass") && given(next)) out.push({ tool: name, how: `${a} <password>` });
    else if (name === "openssl" && /^-pass(?:in|out)$/.test(a) && /^pass:./.test(next ?? "")) out.push({ tool: name, how: `${a} pass:<password>` });
    else if (!MYSQL.test(name) && PASSWORD_OPTION.test(a) && !SAFE_OPTION.test(a)) {
      const inline = a.includes("=") ? a.slice(a.indexOf("=") + 1) : undefined;
      if (inline !== undefined ? inline !== "" : given(next)) out.push({ tool: name, how: `${a.split("=")[0]} <password>` });
    } else {
      const m = URL_PASSWORD.exec(a.replace(/\s+/g, ""));
      if (m) out.push({ tool: name, how: `a ${m[1]}:// URL with user:password@` });
    }
    if (out.length > 0) return out;
  }
  return out;
}

export const verifier = defineVerifier({
  id: "any/secret-on-command-line",
  languages: ["any"],
  messageIds: MESSAGE_IDS,
  check(ctx) {
    const kind = fileKind(ctx.path, ctx.text);
    if (!COMMAND_KINDS.has(kind)) return;
    const reported = new Set<number>();
    for (const cmd of commandsOf(ctx, kind)) {
      for (const seg of allSegments(cmd.text)) {
        const { name, args } = commandOrArgumentList(seg);
        if (name === "" || name === "echo" || name === "printf") continue;
        const [hit] = hitsOf(name, args);
        const line = cmd.lineAt(seg.at);
        if (!hit || reported.has(line)) continue;
        reported.add(line);
        ctx.report({ messageId: fixFor(name), data: { tool: hit.tool, how: hit.how, origin: cmd.origin }, line });
      }
    }
  },
});

/** A command, or an array of arguments built for one (`WGET_OPTIONS+=( --http-password=... )`). */
function commandOrArgumentList(seg: Segment): { name: string; args: string[] } {
  const array = ARRAY_ASSIGNMENT.exec(seg.words[0] ?? "");
  return array ? { name: `the argument list ${array[1]}`, args: seg.words.slice(1) } : commandOf(seg);
}

/** Messages differ by tool, because each has its own way to take a password safely. */
function fixFor(name: string): MessageId {
  if (MYSQL.test(name)) return "mysql";
  if (name === "curl") return "curl";
  if (name === "sshpass") return "sshpass";
  if (DOCKER_LIKE.has(name)) return "docker";
  return "generic";
}
