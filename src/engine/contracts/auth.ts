// contracts.require_auth: every state-changing route in the route files the team names carries
// one of the named guards, unless it is on the public list.
import type { Contracts } from "./config.js";
import type { FileFacts, RouteFact } from "./facts.js";
import { CONTRACT_RULES, listing, type Reporter } from "./report.js";

type Contract = NonNullable<Contracts["require_auth"]>;

function guardPattern(guard: string): RegExp {
  // A guard is a name: `authenticate` is in `fastify.authenticate`, `AuthGuard` is not in `JwtAuthGuard`.
  return new RegExp(`(?<![\\w$])${guard.replace(/[.$]/g, "\\$&")}(?![\\w$])`);
}

function wildcard(pattern: string): RegExp {
  return new RegExp(`^${pattern.split("*").map((p) => p.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`);
}

/** "POST /auth/login", "/health" (any method) or a handler's name (`login`, `AuthController.login`). */
function isPublic(route: RouteFact, entries: string[]): boolean {
  return entries.some((entry) => {
    const m = /^([A-Za-z]+|\*)\s+(\S+)$/.exec(entry.trim());
    if (m) {
      const method = m[1]!.toUpperCase();
      return (method === "*" || route.methods.includes(method) || route.methods.includes("*")) && route.path !== undefined && wildcard(m[2]!).test(route.path);
    }
    if (entry.startsWith("/")) return route.path !== undefined && wildcard(entry).test(route.path);
    const handler = route.handler ?? "";
    return handler === entry || handler.endsWith(`.${entry}`) || handler.split(".")[0] === entry;
  });
}

function label(route: RouteFact): string {
  const methods = route.methods.includes("*") ? "ALL" : route.methods.join("|");
  return route.path !== undefined ? `${methods} ${route.path}` : `${methods} ${route.handler ?? "route"}`;
}

export function checkRequireAuth(contract: Contract, facts: FileFacts, reporter: Reporter): void {
  const patterns = contract.guards.map((g) => [g, guardPattern(g)] as const);
  const guardedBy = (r: RouteFact) => patterns.filter(([, re]) => r.guards.some((t) => re.test(t))).map(([g]) => g);
  // The guard the file's other routes use is the example to follow.
  const used = facts.routes.flatMap(guardedBy);
  const example = used[0] ?? contract.guards[0]!;
  for (const route of facts.routes) {
    const writes = route.methods.includes("*") || route.methods.some((m) => contract.methods.includes(m));
    if (!writes || isPublic(route, contract.public) || guardedBy(route).length > 0) continue;
    reporter.report(
      CONTRACT_RULES.requireAuth,
      "missing",
      {
        route: label(route),
        handler: route.handler ? `handler \`${route.handler}\`` : "inline handler",
        routes: listing(contract.routes.map((r) => `\`${r}\``)),
        guards: listing(contract.guards.map((g) => `\`${g}\``)),
        example: used.length > 0 ? `\`${example}\`, as the other routes in this file do` : `\`${example}\``,
      },
      facts,
      route.line,
      route.endLine,
    );
  }
}
