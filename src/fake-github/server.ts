import { createHash, randomBytes } from "node:crypto";
import { createServer, STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import {
  appBotLogin, deleteIssueComment, findRepo, nextId, restCheckRun, restComment, restCommit, restFile, restPull, restRepo,
  restReview, restUser,
  type FakeAnnotation, type FakeCheckRun, type FakePull, type FakeRepo, type FakeState, type LegacyPermission,
} from "./state.js";
import { commitAuthorsAnswer } from "./commit-authors.js";
import { FakeHook } from "./hook-deliveries.js";

/** A GitHub REST and GraphQL API on loopback for the demo and end-to-end tests; see state.ts for what it holds. */

export interface RecordedRequest {
  method: string;
  /** Decoded, without the query. */
  path: string;
  query: Record<string, string>;
  body: unknown;
  /** Scheme of the Authorization header, lowercased (token, bearer); absent without one. */
  auth?: string;
}

interface Ctx { state: FakeState; params: string[]; query: Record<string, string>; body: unknown; accept: string; origin: string; path: string }
interface Reply { status: number; json?: unknown; raw?: string; headers?: Record<string, string> }
type Route = [method: string, pattern: RegExp, handler: (c: Ctx) => Reply];

const DOCS = "https://docs.github.com/rest";
const FILES_CAP = 3000;
const COMMITS_CAP = 250;
const GRAPHQL_TEXT_LIMIT = 512_000;
const ANNOTATIONS_PER_REQUEST = 50;
const CONCLUSIONS = ["action_required", "cancelled", "failure", "neutral", "success", "skipped", "timed_out"];
const STATUSES = ["queued", "in_progress", "completed"];
const LEVELS = ["notice", "warning", "failure"];
const REACTIONS = ["+1", "-1", "laugh", "confused", "heart", "hooray", "rocket", "eyes"];
const LEGACY: Record<string, LegacyPermission> = { admin: "admin", maintain: "write", write: "write", triage: "read", read: "read" };
/** Messages GitHub gives for these statuses; 403 is the missing-permission one, so throttling does not retry it. */
const MESSAGES: Record<number, string> = {
  401: "Bad credentials",
  403: "Resource not accessible by integration",
  404: "Not Found",
  422: "Validation Failed",
  500: "Server Error",
};

const SECONDARY_LIMIT = "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.";

/** The hourly request budget the fake reports in x-ratelimit-limit. */
export const RATE_LIMIT = 5000;

const ok = (json: unknown, status = 200, headers?: Record<string, string>): Reply => ({ status, json, ...(headers ? { headers } : {}) });
const error = (status: number, message = MESSAGES[status] ?? STATUS_CODES[status] ?? "Error"): Reply =>
  ok({ message, documentation_url: DOCS, status: String(status) }, status);
const notFound = (): Reply => error(404);
const invalid = (errors: string[]): Reply => error(422, `Invalid request.\n\n${errors.join("\n")}`);
/** GitHub's timestamps have no milliseconds. */
const isoTime = (ms = Date.now()): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
const asRecord = (x: unknown): Record<string, unknown> | undefined =>
  typeof x === "object" && x !== null && !Array.isArray(x) ? (x as Record<string, unknown>) : undefined;
const int = (text: string | undefined, fallback: number): number => {
  const n = Number.parseInt(text ?? "", 10);
  return Number.isFinite(n) ? n : fallback;
};

/** One page as GitHub cuts it (per_page ≤ 100), with the `link` header Octokit's paginate follows. */
function page<T>(c: Ctx, items: readonly T[], cap = Infinity): { items: T[]; headers: Record<string, string> } {
  const perPage = Math.min(Math.max(int(c.query.per_page, 30), 1), 100);
  const number = Math.max(int(c.query.page, 1), 1);
  const total = Math.min(items.length, cap);
  const last = Math.max(Math.ceil(total / perPage), 1);
  const link = (n: number, rel: string) => `<${c.origin}${c.path}?${new URLSearchParams({ ...c.query, per_page: String(perPage), page: String(n) })}>; rel="${rel}"`;
  const headers: Record<string, string> = number < last ? { link: `${link(number + 1, "next")}, ${link(last, "last")}` } : {};
  return { items: items.slice((number - 1) * perPage, Math.min(number * perPage, total)), headers };
}

function paged<T>(c: Ctx, items: readonly T[], cap?: number): Reply {
  const { items: slice, headers } = page(c, items, cap);
  return ok(slice, 200, headers);
}

function repoRoute(method: string, suffix: string, handler: (c: Ctx, repo: FakeRepo) => Reply): Route {
  return [method, new RegExp(`^/repos/([^/]+)/([^/]+)${suffix}$`), (c) => {
    const repo = findRepo(c.state, c.params[0] ?? "", c.params[1] ?? "");
    return repo ? handler({ ...c, params: c.params.slice(2) }, repo) : notFound();
  }];
}

/** Routes on a PR, under `pulls/N` or (PRs being issues) `issues/N`. */
function pullRoute(method: string, kind: "pulls" | "issues", suffix: string, handler: (c: Ctx, repo: FakeRepo, pull: FakePull) => Reply): Route {
  return repoRoute(method, `/${kind}/(\\d+)${suffix}`, (c, repo) => {
    const pull = repo.pulls.find((p) => p.number === Number(c.params[0]));
    return pull ? handler(c, repo, pull) : notFound();
  });
}

function checkRunRoute(method: string, suffix: string, handler: (c: Ctx, repo: FakeRepo, run: FakeCheckRun) => Reply): Route {
  return repoRoute(method, `/check-runs/(\\d+)${suffix}`, (c, repo) => {
    const run = repo.checkRuns.find((r) => r.id === Number(c.params[0]));
    return run ? handler(c, repo, run) : notFound();
  });
}

function contents(c: Ctx, repo: FakeRepo): Reply {
  const path = c.params[0] ?? "";
  const text = repo.files[c.query.ref ?? repo.defaultBranch]?.[path];
  if (text === undefined) return notFound();
  // Probot's config loader asks for the raw media type and rejects a JSON answer.
  if (c.accept.includes("raw")) return { status: 200, raw: text, headers: { "content-type": "application/vnd.github.raw; charset=utf-8" } };
  const bytes = Buffer.from(text);
  return ok({
    type: "file",
    encoding: "base64",
    size: bytes.length,
    name: path.split("/").pop(),
    path,
    // GitHub names the ref it read at, the default branch when none was asked for.
    url: `${c.origin}/repos/${repo.owner}/${repo.name}/contents/${path}?ref=${encodeURIComponent(c.query.ref ?? repo.defaultBranch)}`,
    sha: createHash("sha1").update(`blob ${bytes.length}\0`).update(bytes).digest("hex"),
    content: bytes.toString("base64").replace(/.{60}/g, "$&\n"),
  });
}

/** A commit's tree, as git/trees answers it: with `recursive`, every blob and directory below the root. */
function gitTree(c: Ctx, repo: FakeRepo): Reply {
  const sha = c.params[0] ?? "";
  const files = repo.files[sha];
  if (!files) return notFound();
  // GitHub: any value of `recursive`, "0" and "false" included, asks for the whole tree.
  const recursive = c.query.recursive !== undefined;
  const dirs = new Set<string>();
  for (const path of Object.keys(files)) {
    for (let i = path.indexOf("/"); i > 0; i = path.indexOf("/", i + 1)) dirs.add(path.slice(0, i));
  }
  const entry = (path: string, type: "blob" | "tree") => {
    const text = type === "blob" ? files[path] ?? "" : "";
    const bytes = Buffer.from(text);
    const id = createHash("sha1").update(`${type}:${path}:${text}`).digest("hex");
    return { path, mode: type === "blob" ? "100644" : "040000", type, sha: id, ...(type === "blob" ? { size: bytes.length } : {}), url: `${c.origin}/repos/${repo.owner}/${repo.name}/git/${type}s/${id}` };
  };
  const top = (p: string) => !p.includes("/");
  const tree = [...[...dirs].filter((d) => recursive || top(d)).map((d) => entry(d, "tree")), ...Object.keys(files).filter((p) => recursive || top(p)).map((p) => entry(p, "blob"))].sort((a, b) => a.path.localeCompare(b.path));
  return ok({ sha, url: `${c.origin}${c.path}`, tree, truncated: false });
}

/** The batched blob query: variables owner, name and e0, e1… ("sha:path"), answered as f0, f1… */
function graphql(c: Ctx): Reply {
  const vars = asRecord(asRecord(c.body)?.variables) ?? {};
  const expressions = Object.entries(vars).flatMap(([key, value]) => {
    const n = /^e(\d+)$/.exec(key)?.[1];
    return n !== undefined && typeof value === "string" ? [[n, value] as const] : [];
  });
  const authors = typeof vars.number === "number" ? commitAuthorsAnswer(c.state, String(asRecord(c.body)?.query ?? ""), vars) : undefined;
  if (authors && expressions.length === 0) return ok(authors);
  if (expressions.length === 0) return ok({ errors: [{ message: "fake GitHub answers only the batched blob query (variables e0, e1, …) and the commit authors' one" }] });
  const repo = findRepo(c.state, String(vars.owner), String(vars.name));
  if (!repo) {
    const message = `Could not resolve to a Repository with the name '${String(vars.owner)}/${String(vars.name)}'.`;
    return ok({ data: { repository: null }, errors: [{ type: "NOT_FOUND", path: ["repository"], message }] });
  }
  const repository = Object.fromEntries(expressions.map(([n, expression]) => {
    const colon = expression.indexOf(":");
    const [ref, path] = [expression.slice(0, colon), expression.slice(colon + 1)];
    if (colon >= 0 && repo.gitlinks?.[ref]?.includes(path)) return [`f${n}`, { __typename: "Commit" }];
    const text = colon < 0 ? undefined : repo.files[ref]?.[path];
    return [`f${n}`, text === undefined ? null : blob(text)];
  }));
  // Both in one query: the blobs and the pull request's commit authors, as GitHub answers several root fields.
  const pullRequest = (authors as { data?: { repository?: { pullRequest?: unknown } | null } } | undefined)?.data?.repository?.pullRequest;
  return ok({ data: { repository: { ...repository, ...(authors ? { pullRequest: pullRequest ?? null } : {}) } } });
}

function blob(text: string) {
  const bytes = Buffer.from(text);
  if (bytes.includes(0)) return { __typename: "Blob", byteSize: bytes.length, isBinary: true, isTruncated: false, text: null };
  const isTruncated = bytes.length > GRAPHQL_TEXT_LIMIT;
  // Streaming decode drops a multi-byte character cut in half at the limit.
  const cut = isTruncated ? new TextDecoder().decode(bytes.subarray(0, GRAPHQL_TEXT_LIMIT), { stream: true }) : text;
  return { __typename: "Blob", byteSize: bytes.length, isBinary: false, isTruncated, text: cut };
}

function annotationErrors(value: unknown, k: number): string[] {
  const a = asRecord(value);
  const at = `output.annotations[${k}]`;
  if (!a) return [`${at} is not an object`];
  const errors = ["path", "message"].filter((key) => typeof a[key] !== "string").map((key) => `${at}.${key} is required`);
  errors.push(...["start_line", "end_line"].filter((key) => !Number.isInteger(a[key])).map((key) => `${at}.${key} is required`));
  if (!LEVELS.includes(String(a.annotation_level))) errors.push(`${at}.annotation_level must be one of ${LEVELS.join(", ")}`);
  if ((a.start_column !== undefined || a.end_column !== undefined) && a.start_line !== a.end_line) {
    errors.push(`${at}: start_column and end_column need start_line == end_line`);
  }
  if (typeof a.title === "string" && a.title.length > 255) errors.push(`${at}.title is longer than 255`);
  return errors;
}

/** The limits GitHub enforces on check-run writes (GITHUB.md), so the app's mistakes show here. */
function checkRunErrors(input: Record<string, unknown>, run?: FakeCheckRun): string[] {
  const errors: string[] = [];
  if (!run) errors.push(...["name", "head_sha"].filter((key) => typeof input[key] !== "string").map((key) => `${key} is required`));
  if (input.status !== undefined && !STATUSES.includes(String(input.status))) errors.push(`status must be one of ${STATUSES.join(", ")}`);
  if (input.conclusion !== undefined && !CONCLUSIONS.includes(String(input.conclusion))) errors.push(`conclusion must be one of ${CONCLUSIONS.join(", ")}`);
  if (input.status === "completed" && input.conclusion === undefined && run?.conclusion == null) errors.push("conclusion is required when status is completed");
  const output = asRecord(input.output);
  if (input.output !== undefined && (typeof output?.title !== "string" || typeof output.summary !== "string")) errors.push("output.title and output.summary are required");
  for (const key of ["summary", "text"]) {
    const text = output?.[key];
    if (typeof text === "string" && text.length > 65_535) errors.push(`output.${key} is longer than 65535`);
  }
  const annotations = output?.annotations === undefined ? [] : output.annotations;
  if (!Array.isArray(annotations)) errors.push("output.annotations must be an array");
  else {
    if (annotations.length > ANNOTATIONS_PER_REQUEST) errors.push(`at most ${ANNOTATIONS_PER_REQUEST} annotations per request`);
    annotations.forEach((a, k) => errors.push(...annotationErrors(a, k)));
  }
  if (input.actions !== undefined) {
    const actions = Array.isArray(input.actions) ? input.actions.map(asRecord) : [undefined];
    if (actions.length > 3) errors.push("at most 3 actions");
    const limits = { label: 20, description: 40, identifier: 20 };
    for (const action of actions) {
      for (const [key, max] of Object.entries(limits)) {
        const text = action?.[key];
        if (typeof text !== "string" || text.length > max) errors.push(`actions[].${key} is required, at most ${max} characters`);
      }
    }
  }
  return errors;
}

/** Applies a validated create or update; annotations accumulate and a conclusion completes the run. */
function mergeCheckRun(run: FakeCheckRun, input: Record<string, unknown>): void {
  const text = (key: string) => (typeof input[key] === "string" ? (input[key] as string) : undefined);
  run.name = text("name") ?? run.name;
  run.details_url = text("details_url") ?? run.details_url;
  run.external_id = text("external_id") ?? run.external_id;
  run.started_at = text("started_at") ?? run.started_at;
  run.status = (text("status") as FakeCheckRun["status"] | undefined) ?? run.status;
  if (input.actions !== undefined) run.actions = input.actions as FakeCheckRun["actions"];
  const output = asRecord(input.output);
  if (output) {
    run.annotations.push(...((output.annotations as FakeAnnotation[] | undefined) ?? []));
    run.output = {
      title: output.title as string,
      summary: output.summary as string,
      text: typeof output.text === "string" ? output.text : run.output.text,
      annotations_count: run.annotations.length,
    };
  }
  if (text("conclusion") !== undefined) {
    run.conclusion = text("conclusion") ?? null;
    run.status = "completed";
  }
  if (run.status === "completed") run.completed_at = text("completed_at") ?? run.completed_at ?? isoTime();
}

function createCheckRun(c: Ctx, repo: FakeRepo, app: FakeCheckRun["app"] = { id: c.state.apps.id, slug: c.state.apps.slug }): Reply {
  const input = asRecord(c.body) ?? {};
  const errors = checkRunErrors(input);
  if (errors.length > 0) return invalid(errors);
  const run: FakeCheckRun = {
    id: nextId(c.state.repos.flatMap((r) => r.checkRuns), 1000),
    name: String(input.name),
    head_sha: String(input.head_sha),
    status: "queued",
    conclusion: null,
    output: { title: null, summary: null, text: null, annotations_count: 0 },
    actions: [],
    details_url: null,
    external_id: null,
    started_at: isoTime(),
    completed_at: null,
    app,
    annotations: [],
  };
  mergeCheckRun(run, input);
  repo.checkRuns.push(run);
  return ok(restCheckRun(c.state, repo, run), 201);
}

function permission(c: Ctx, repo: FakeRepo): Reply {
  const login = c.params[0] ?? "";
  if (!(login in c.state.users)) return notFound();
  const role = repo.permissions[login];
  const role_name = role === undefined ? "none" : typeof role === "string" ? role : role.role_name;
  const legacy = role === undefined ? "none" : typeof role === "string" ? (LEGACY[role] ?? "read") : role.permission;
  return ok({ permission: legacy, role_name, user: restUser(c.state, login) });
}

function createComment(c: Ctx, repo: FakeRepo, pull: FakePull): Reply {
  const body = asRecord(c.body)?.body;
  if (typeof body !== "string") return invalid(["body is required"]);
  const at = isoTime();
  const comment = { id: nextId(repo.issueComments, 2_000_000_000), issue_number: pull.number, user: appBotLogin(c.state), body, created_at: at, updated_at: at };
  repo.issueComments.push(comment);
  return ok(restComment(c.state, repo, comment), 201);
}

function createReaction(c: Ctx, repo: FakeRepo): Reply {
  const commentId = Number(c.params[0]);
  const content = String(asRecord(c.body)?.content);
  if (!repo.issueComments.some((comment) => comment.id === commentId)) return notFound();
  if (!REACTIONS.includes(content)) return invalid([`content must be one of ${REACTIONS.join(", ")}`]);
  const user = appBotLogin(c.state);
  const existing = repo.reactions.find((r) => r.comment_id === commentId && r.content === content && r.user === user);
  // GitHub answers a repeated reaction with the existing one and 200.
  const reaction = existing ?? { id: nextId(repo.reactions, 300_000_000), comment_id: commentId, user, content, created_at: isoTime() };
  if (!existing) repo.reactions.push(reaction);
  return ok({ id: reaction.id, node_id: `REA_${reaction.id}`, user: restUser(c.state, user), content, created_at: reaction.created_at }, existing ? 200 : 201);
}

const routes: Route[] = [
  ["POST", /^\/app\/installations\/(\d+)\/access_tokens$/, (c) => Number(c.params[0]) !== c.state.installationId ? notFound() : ok({
    token: `ghs_fake${randomBytes(16).toString("hex")}`,
    expires_at: isoTime(Date.now() + 3_600_000),
    permissions: {},
    repository_selection: "all",
  }, 201)],
  ["GET", /^\/app$/, (c) => ok({ ...c.state.apps, node_id: `A_${c.state.apps.id}`, owner: { login: c.state.repos[0]?.owner ?? c.state.apps.slug } })],
  ["POST", /^\/graphql$/, graphql],
  ["GET", /^\/orgs\/([^/]+)\/teams\/([^/]+)\/memberships\/([^/]+)$/, (c) => {
    const state = c.state.teams[`${c.params[0]}/${c.params[1]}`]?.[c.params[2] ?? ""];
    return state ? ok({ url: `https://api.github.com${c.path}`, role: "member", state }) : notFound();
  }],
  repoRoute("GET", "", (_c, repo) => ok(restRepo(repo))),
  pullRoute("GET", "pulls", "", (c, repo, pull) => ok(restPull(c.state, repo, pull))),
  pullRoute("GET", "pulls", "/files", (c, _repo, pull) => paged(c, pull.files.map(restFile), FILES_CAP)),
  pullRoute("GET", "pulls", "/commits", (c, _repo, pull) => paged(c, pull.commits.map((commit) => restCommit(c.state, commit)), COMMITS_CAP)),
  pullRoute("GET", "pulls", "/reviews", (c, repo, pull) => paged(c, pull.reviews.map((r) => restReview(c.state, repo, r)))),
  pullRoute("GET", "issues", "/comments", (c, repo, pull) => paged(c, repo.issueComments
    .filter((comment) => comment.issue_number === pull.number && (c.query.since === undefined || comment.updated_at >= c.query.since))
    .map((comment) => restComment(c.state, repo, comment)))),
  pullRoute("POST", "issues", "/comments", createComment),
  repoRoute("DELETE", "/issues/comments/(\\d+)", (c, repo) => (deleteIssueComment(repo, Number(c.params[0])) ? { status: 204, raw: "" } : notFound())),
  repoRoute("POST", "/issues/comments/(\\d+)/reactions", createReaction),
  repoRoute("GET", "/contents/(.+)", contents),
  repoRoute("GET", "/git/trees/([^/]+)", gitTree),
  repoRoute("POST", "/check-runs", createCheckRun),
  checkRunRoute("GET", "", (c, repo, run) => ok(restCheckRun(c.state, repo, run))),
  checkRunRoute("PATCH", "", (c, repo, run) => {
    const input = asRecord(c.body) ?? {};
    const errors = checkRunErrors(input, run);
    if (errors.length > 0) return invalid(errors);
    mergeCheckRun(run, input);
    return ok(restCheckRun(c.state, repo, run));
  }),
  checkRunRoute("GET", "/annotations", (c, _repo, run) => paged(c, run.annotations)),
  repoRoute("GET", "/commits/([^/]+)/check-runs", (c, repo) => {
    const all = repo.checkRuns
      .filter((r) => r.head_sha === c.params[0] && (c.query.check_name === undefined || r.name === c.query.check_name))
      .sort((a, b) => b.id - a.id);
    // GitHub's default filter, "latest", keeps only the newest run of each name.
    const runs = (c.query.filter ?? "latest") === "all" ? all : all.filter((r, i) => all.findIndex((x) => x.name === r.name) === i);
    const { items, headers } = page(c, runs);
    return ok({ total_count: runs.length, check_runs: items.map((r) => restCheckRun(c.state, repo, r)) }, 200, headers);
  }),
  // GitHub answers nothing here for a commit that lives only in a fork.
  repoRoute("GET", "/commits/([^/]+)/pulls", (c, repo) => ok(repo.pulls.filter((p) => p.head.sha === c.params[0] && p.head.repo === undefined).map((p) => restPull(c.state, repo, p)))),
  repoRoute("GET", "/pulls", (c, repo) => {
    const state = c.query.state ?? "open";
    return paged(c, repo.pulls.filter((p) => state === "all" || (p.state ?? "open") === state).map((p) => restPull(c.state, repo, p)));
  }),
  repoRoute("GET", "/collaborators/([^/]+)/permission", permission),
];

export class FakeGitHub {
  readonly requests: RecordedRequest[] = [];
  /** Called with each request before it is answered; a returned promise holds the answer back. */
  readonly observers: ((request: RecordedRequest) => void | Promise<void>)[] = [];
  private readonly failures: { method: string; pattern: RegExp; reply: () => Reply; times: number }[] = [];
  private readonly server: Server = createServer((req, res) => void this.handle(req, res));
  /** The app's webhook: deliveries sent to it and their outcomes (Probot's default secret until a test sets its own). */
  readonly hook = new FakeHook("development");

  constructor(public state: FakeState) {}

  /** Listens on 127.0.0.1 at a free port; returns the base URL. */
  start(): Promise<string> {
    return new Promise((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(this.server.address() as AddressInfo).port}`));
    });
  }

  stop(): Promise<void> {
    // fetch keeps connections alive; close() alone would wait for them.
    this.server.closeAllConnections();
    return new Promise((resolve, reject) => this.server.close((err) => (err ? reject(err) : resolve())));
  }

  /** The next `times` requests matching method and path answer `status` with a GitHub-style error. */
  failNext(method: string, pathPattern: RegExp, status: number, times = 1): void {
    this.failures.push({ method: method.toUpperCase(), pattern: pathPattern, reply: () => error(status), times });
  }

  /** The next `times` matching requests meet GitHub's secondary rate limit: 403, its wording, and `retry-after`. */
  limitNext(method: string, pathPattern: RegExp, times = 1, retryAfterSeconds = 1): void {
    const reply = (): Reply => ({ ...error(403, SECONDARY_LIMIT), headers: { "retry-after": String(retryAfterSeconds) } });
    this.failures.push({ method: method.toUpperCase(), pattern: pathPattern, reply, times });
  }

  /** Creates a check run as another app (or a workflow's GitHub Actions app), as GitHub would accept it from that app. */
  createCheckRunAs(app: { id: number; slug: string }, owner: string, repo: string, input: Record<string, unknown>): FakeCheckRun {
    const target = findRepo(this.state, owner, repo);
    if (!target) throw new Error(`fake GitHub has no repository ${owner}/${repo}`);
    const reply = createCheckRun({ state: this.state, params: [], query: {}, body: input, accept: "", origin: "", path: "" }, target, app);
    if (reply.status !== 201) throw new Error(`check run refused: ${JSON.stringify(reply.json)}`);
    return target.checkRuns[target.checkRuns.length - 1]!;
  }

  resetRequests(): void {
    this.requests.length = 0;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString("utf8");
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const method = req.method ?? "GET";
    const query = Object.fromEntries(url.searchParams);
    let path = url.pathname;
    let body: unknown;
    let reply: Reply | undefined;
    try {
      path = decodeURIComponent(url.pathname);
      body = text === "" ? undefined : JSON.parse(text);
    } catch {
      body = text;
      reply = error(400, "Problems parsing JSON");
    }
    const scheme = req.headers.authorization?.split(" ")[0]?.toLowerCase();
    const recorded: RecordedRequest = { method, path, query, body, ...(scheme ? { auth: scheme } : {}) };
    this.requests.push(recorded);
    for (const observe of this.observers) await observe(recorded);
    const origin = `http://${req.headers.host ?? "127.0.0.1"}`;
    reply ??= this.takeFailure(method, path) ?? this.hookRoute(method, path, query, scheme, origin) ?? this.route({
      state: this.state, params: [], query, body, path, origin,
      accept: req.headers.accept ?? "",
    }, method);
    const payload = reply.raw ?? JSON.stringify(reply.json);
    // GitHub's rate-limit headers: one request fewer left per request served.
    const rateLimit = { "x-ratelimit-limit": String(RATE_LIMIT), "x-ratelimit-remaining": String(Math.max(0, RATE_LIMIT - this.requests.length)) };
    res.writeHead(reply.status, { "content-type": "application/json; charset=utf-8", ...rateLimit, ...reply.headers });
    res.end(payload);
  }

  private takeFailure(method: string, path: string): Reply | undefined {
    const index = this.failures.findIndex((f) => f.method === method && f.pattern.test(path));
    const failure = this.failures[index];
    if (!failure) return undefined;
    if (--failure.times === 0) this.failures.splice(index, 1);
    return failure.reply();
  }

  /** The app's webhook deliveries (JWT routes; GitHub refuses installation tokens there). */
  private hookRoute(method: string, path: string, query: Record<string, string>, scheme: string | undefined, origin: string): Reply | undefined {
    const list = method === "GET" && path === "/app/hook/deliveries";
    const attempt = method === "POST" ? /^\/app\/hook\/deliveries\/(\d+)\/attempts$/.exec(path) : null;
    if (!list && !attempt) return undefined;
    if (scheme !== "bearer") return error(401, "A JSON web token could not be decoded");
    return list ? this.hook.list(query, origin) : this.hook.redeliver(Number(attempt![1]));
  }

  private route(c: Ctx, method: string): Reply {
    for (const [routeMethod, pattern, handler] of routes) {
      const match = routeMethod === method ? pattern.exec(c.path) : null;
      if (!match) continue;
      try {
        return handler({ ...c, params: match.slice(1).map((p) => p ?? "") });
      } catch (err) {
        return error(500, `fake GitHub failed: ${String(err)}`);
      }
    }
    return notFound();
  }
}
