// ORM objects read after the session that loaded them ended, where one function shows it: after
// a commit (expire_on_commit, the default, expires every attribute) any attribute read raises
// DetachedInstanceError once the session is closed; without a commit, lazy relationships
// declared in this file still do unless the query eagerly loaded them.
import type { Node } from "web-tree-sitter";
import { defineVerifier, type VerifierContext } from "../types.js";
import { EAGER_LOADERS, NOT_A_DATABASE_SESSION, SQLALCHEMY_WORDS } from "../../knowledge/python/orm.js";
import { callee, enclosingFunction, indexOf, lazyRelationships, limited, lines, positionalArgs, settingsOf, unwrap } from "./ast.js";

const MESSAGE_IDS = ["expired", "lazy"] as const;
type MessageId = (typeof MESSAGE_IDS)[number];

const FACTORY = /^(?:[\w.]*(?:Session|session)\w*)(?:\.begin)?\(/;
/** Calls on the session whose result is an ORM object or a list of them. */
const LOADS = /^(?:await\s+)?\(?\s*(?:await\s+)?S\.(?:get|query|scalars|scalar|execute|merge)\(/;

interface End {
  session: string;
  /** Where the session's work starts and where it is over. */
  from: number;
  to: number;
  body: string;
  /** Whether the session commits before it ends (begin() blocks commit on exit). */
  commits: boolean;
  fn: Node;
}

function endsOf(ctx: VerifierContext<MessageId>): End[] {
  const out: End[] = [];
  const index = indexOf(ctx);
  const sites = [...index.of("with_statement"), ...index.callsNamed(["close"])].sort((a, b) => a.startIndex - b.startIndex);
  for (const site of limited(ctx, sites)) {
    const fn = enclosingFunction(site);
    if (!fn) continue;
    if (site.type === "with_statement") {
      const item = site.descendantsOfType("with_item")[0];
      const pattern = item?.namedChildren[0];
      const value = pattern?.type === "as_pattern" ? pattern.namedChildren[0] : undefined;
      const alias = pattern?.type === "as_pattern" ? pattern.childForFieldName("alias")?.text : undefined;
      if (!value || !alias || !FACTORY.test(value.text) || NOT_A_DATABASE_SESSION.test(value.text) || !/^\w+$/.test(alias)) continue;
      const body = site.childForFieldName("body")?.text ?? "";
      const commits = /\.begin\(/.test(value.text) || new RegExp(`\\b${alias}\\.commit\\(`).test(body);
      out.push({ session: alias, from: site.startIndex, to: site.endIndex, body, commits, fn });
    } else {
      const c = callee(site);
      if (c?.name !== "close" || c.object?.type !== "identifier" || positionalArgs(site).length > 0) continue;
      const session = c.object.text;
      const before = ctx.text.slice(fn.startIndex, site.startIndex);
      if (!new RegExp(`\\b${session}\\s*=\\s*[\\w.]*[Ss]ession\\w*\\(`).test(before) || NOT_A_DATABASE_SESSION.test(before)) continue;
      // Only a close at the function's own level ends the session for what follows.
      if (site.parent?.parent?.parent?.id !== fn.id) continue;
      const commits = new RegExp(`\\b${session}\\.commit\\(`).test(before);
      out.push({ session, from: fn.startIndex, to: site.endIndex, body: before, commits, fn });
    }
  }
  return out;
}

function check(ctx: VerifierContext<MessageId>): void {
  if (!/[Ss]ession/.test(ctx.text) || !SQLALCHEMY_WORDS.test(ctx.text)) return;
  const relationships = lazyRelationships(ctx);
  // Objects stay loaded after commit only when a session factory really says so, not a comment.
  const expires = !settingsOf(ctx, ["expire_on_commit"]).some((x) => unwrap(x.value).type === "false");
  for (const end of endsOf(ctx)) {
    const s = end.session;
    const loads = new RegExp(LOADS.source.replace(/S/g, s));
    const tied = new Map<string, string>();
    for (const a of end.fn.descendantsOfType("assignment")) {
      if (a.startIndex < end.from || a.endIndex > end.to) continue;
      const left = a.childForFieldName("left");
      const right = a.childForFieldName("right");
      if (left?.type === "identifier" && right && loads.test(right.text)) tied.set(left.text, right.text);
    }
    for (const m of end.body.matchAll(new RegExp(`\\b${s}\\.add\\(\\s*(\\w+)\\s*\\)`, "g"))) if (m[1]) tied.set(m[1], `${s}.add(${m[1]})`);
    if (tied.size === 0) continue;
    const reported = new Set<string>();
    const reassigned = new Map<string, number>();
    for (const a of end.fn.descendantsOfType(["assignment", "for_statement"])) {
      if (a.startIndex < end.to) continue;
      const left = a.childForFieldName("left");
      const right = a.childForFieldName("right");
      if (a.type === "for_statement" && left?.type === "identifier" && right?.type === "identifier" && tied.has(right.text)) {
        tied.set(left.text, tied.get(right.text) ?? "");
      } else if (left?.type === "identifier" && tied.has(left.text) && !reassigned.has(left.text)) {
        reassigned.set(left.text, a.startIndex);
      }
    }
    for (const attr of end.fn.descendantsOfType("attribute")) {
      if (attr.startIndex < end.to) continue;
      const object = attr.childForFieldName("object");
      const name = attr.childForFieldName("attribute")?.text ?? "";
      const x = object?.type === "identifier" ? object.text : "";
      if (!tied.has(x) || reported.has(x) || attr.startIndex > (reassigned.get(x) ?? Infinity)) continue;
      const parent = attr.parent;
      const isCall = parent?.type === "call" && parent.childForFieldName("function")?.id === attr.id;
      const isWrite = parent?.type === "assignment" && parent.childForFieldName("left")?.id === attr.id;
      if (isCall || isWrite) continue;
      const refreshed = new RegExp(`\\b${s}\\.refresh\\(\\s*${x}\\b`).test(end.body);
      const relationship = relationships.has(name) && !(EAGER_LOADERS.test(end.body) && new RegExp(`\\.${name}\\b`).test(end.body));
      const expired = end.commits && expires && !refreshed;
      if (!expired && !relationship) continue;
      reported.add(x);
      ctx.report({
        messageId: expired ? "expired" : "lazy",
        data: { object: x, attribute: name, session: s },
        ...lines(attr),
      });
    }
  }
}

export const verifier = defineVerifier({
  id: "python/detached-instance",
  languages: ["python"],
  messageIds: MESSAGE_IDS,
  check,
});
