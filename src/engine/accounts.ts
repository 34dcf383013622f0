// Who a git identity (a name and an e-mail the agent wrote) is on GitHub. GitHub's own linkage
// (REST commit authors, GraphQL Commit.authors) is the ground truth; the heuristics (noreply
// addresses, a name spelled like a login) only ever add candidates, so they can refuse an
// approval but never let one through.
import type { CommitAuthors, CommitInfo } from "./types.js";

const LOGIN = /^[a-z\d](?:[a-z\d-]{0,38})$/i;

/** The login inside a GitHub noreply address (`12345+login@users.noreply.github.com`). */
function noreplyLogin(email: string): string | undefined {
  const m = /^(?:\d+\+)?([^@]+)@users\.noreply\.github\.com$/i.exec(email.trim());
  return m?.[1]?.toLowerCase();
}

/** A name that is a valid login, lowercased: with no linkage, it is taken to be that account. */
function loginLike(name: string): string | undefined {
  const n = name.trim();
  return LOGIN.test(n) ? n.toLowerCase() : undefined;
}

function addTo(map: Map<string, Set<string>>, key: string, login: string): void {
  if (!key) return;
  const set = map.get(key) ?? new Set<string>();
  set.add(login.toLowerCase());
  map.set(key, set);
}

/** E-mails and names GitHub linked to accounts anywhere in the PR's commits. */
export class Accounts {
  private readonly byEmail = new Map<string, Set<string>>();
  private readonly byName = new Map<string, Set<string>>();

  constructor(commits: CommitInfo[], linked: CommitAuthors[] = []) {
    const people = [...commits.flatMap((c) => [c.author, c.committer]), ...linked.flatMap((c) => c.authors)];
    for (const p of people) {
      if (!p.login || p.login === "web-flow") continue;
      addTo(this.byEmail, p.email.trim().toLowerCase(), p.login);
      addTo(this.byName, p.name.trim().toLowerCase(), p.login);
    }
  }

  /** Every account the identity may be; `byName` also matches the display names GitHub linked. */
  logins(who: { name?: string; email?: string }, opts: { byName?: boolean } = {}): string[] {
    const out = new Set<string>();
    const email = who.email?.trim().toLowerCase() ?? "";
    for (const l of this.byEmail.get(email) ?? []) out.add(l);
    const noreply = email ? noreplyLogin(email) : undefined;
    if (noreply) out.add(noreply);
    const name = who.name?.trim() ?? "";
    const like = loginLike(name);
    if (like) out.add(like);
    if (opts.byName) for (const l of this.byName.get(name.toLowerCase()) ?? []) out.add(l);
    return [...out];
  }
}

/** Accounts GitHub linked to the authors and co-authors of each commit, with the first commit that shows each. */
export function linkedContributors(linked: CommitAuthors[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const c of linked) {
    for (const a of c.authors) if (a.login && !out.has(a.login.toLowerCase())) out.set(a.login.toLowerCase(), c.sha);
  }
  return out;
}
