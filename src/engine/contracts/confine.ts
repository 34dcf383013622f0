// contracts.confine: APIs a team allows only under some paths (raw SQL in the data layer, token
// signing in the auth module, environment reads in the config module).
import type { Contracts } from "./config.js";
import { clip, type FileFacts, type UseFact } from "./facts.js";
import { looksLikeSql } from "../../knowledge/sql-text.js";
import { CONTRACT_RULES, Globs, type Reporter } from "./report.js";

const ENV = [/^(?:node:)?process\.env\b/, /^import\.meta\.env\b/, /^(?:Bun|Deno)\.env\b/, /^os\.(?:environ|getenv|putenv|unsetenv)\b/];
const JWT_SIGN_CANONICAL = [
  /^jsonwebtoken\.sign$/,
  /^jose\.SignJWT$/,
  /^jwt\.encode$/,
  /^jose\.jwt\.encode$/,
  /^flask_jwt_extended\.create_(?:access|refresh)_token$/,
  /^rest_framework_simplejwt\.tokens\.(?:RefreshToken|AccessToken)\.for_user$/,
  /^hono\/jwt\.sign$/,
  /^@nestjs\/jwt\.JwtService\.sign(?:Async)?$/,
];
const JWT_SIGN_WRITTEN = /(?:^|\.)(?:jwtService\.sign(?:Async)?|jwt\.sign|jwtSign)$/;
const SHELL = [
  /^subprocess\.(?:run|call|check_call|check_output|Popen|getoutput|getstatusoutput)$/,
  /^os\.(?:system|popen|exec\w*|spawn\w*)$/,
  /^asyncio\.create_subprocess_(?:shell|exec)$/,
  /^(?:node:)?child_process\.(?:exec|execSync|spawn|spawnSync|execFile|execFileSync|fork)$/,
  /^execa(?:\.\w+)?$/,
  /^Bun\.spawn(?:Sync)?$/,
];

const LABEL: Record<string, string> = {
  env: "environment variables",
  "jwt-sign": "token signing",
  shell: "a shell or subprocess",
  "raw-sql": "raw SQL",
};

/** Whether a use is the API: a built-in name, or a dotted call matched as written or by module. */
function matches(api: string, u: UseFact): boolean {
  const canonical = u.canonical ?? u.written;
  switch (api) {
    case "env":
      return ENV.some((re) => re.test(canonical) || re.test(u.written));
    case "jwt-sign":
      return u.call && (JWT_SIGN_CANONICAL.some((re) => re.test(canonical)) || JWT_SIGN_WRITTEN.test(u.written));
    case "shell":
      return u.call && SHELL.some((re) => re.test(canonical));
    default: {
      const starts = (s: string) => s === api || s.startsWith(`${api}.`) || s.startsWith(`${api}(`);
      return starts(u.written) || starts(canonical) || u.written.endsWith(`.${api}`);
    }
  }
}

export function checkConfine(entries: Contracts["confine"], facts: FileFacts, reporter: Reporter): void {
  for (const entry of entries) {
    const allowed = Globs.of(entry.only_in);
    if (allowed.match(facts.path)) continue;
    const api = LABEL[entry.api] ?? `\`${entry.api}\``;
    const data = (code: string) => ({ code, api, allowed: allowed.describe(), why: entry.why ? `: ${entry.why}` : "" });
    const done = new Set<number>();
    if (entry.api === "raw-sql") {
      for (const s of facts.strings) {
        if (done.has(s.line) || !looksLikeSql(s.text)) continue;
        done.add(s.line);
        reporter.report(CONTRACT_RULES.confine, "use", data(clip(s.text, 60)), facts, s.line, s.endLine);
      }
      continue;
    }
    for (const u of facts.uses) {
      if (done.has(u.line) || !matches(entry.api, u)) continue;
      done.add(u.line);
      reporter.report(CONTRACT_RULES.confine, "use", data(`${u.written.replace(/\(\)/g, "(…)")}${u.call ? "(…)" : ""}`), facts, u.line, u.endLine);
    }
  }
}
