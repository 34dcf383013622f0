// TLS certificate checks switched off: `verify=False` on requests/httpx/boto3 style calls,
// `session.verify = False`, aiohttp's `ssl=False`, `ssl._create_unverified_context`,
// `CERT_NONE` and `check_hostname = False`.
import type { Node } from "web-tree-sitter";
import { defineVerifier, type VerifierContext } from "../types.js";
import { wordGate } from "../../engine/rule-gate.js";
import { ancestor, calleeName, callsOf, dotted, indexOf, limited, lines, settingsOf, stringValue, unwrap, type SiteContext } from "./ast.js";
import { isTestOrFixturePath } from "../../knowledge/test-paths.js";

const MESSAGE_IDS = ["verifyFalse", "sessionVerify", "checkHostname", "certNone", "unverified"] as const;
type MessageId = (typeof MESSAGE_IDS)[number];

const NAMES = ["verify", "verify_certs", "verify_ssl", "ssl", "check_hostname", "verify_mode", "cert_reqs", "ssl_cert_reqs"];
const UNVERIFIED = "_create_unverified_context";
const NOT_TLS = /(?:^|\.)(?:decode|decode_complete)$|jwt|jose/i;
const AIOHTTP_SSL = /(?:^|\.)(?:TCPConnector|get|post|put|patch|delete|head|options|request|ws_connect)$/;
const CERT_KEYS = /^(?:cert_reqs|verify_mode|ssl_cert_reqs)$/;

function isFalse(node: Node | null): boolean {
  return node !== null && unwrap(node).type === "false";
}

function isCertNone(node: Node | null): boolean {
  if (!node) return false;
  const n = unwrap(node);
  return /(?:^|\.)CERT_NONE$/.test(dotted(n) ?? "") || stringValue(n) === "CERT_NONE";
}

function checkSite(ctx: VerifierContext<MessageId>, at: Node): void {
  if (at.type === "keyword_argument") {
    const name = at.childForFieldName("name")?.text ?? "";
    const value = at.childForFieldName("value");
    const call = ancestor(at.parent, new Set(["call"]), 1);
    const fn = call ? calleeName(call) ?? "" : "";
    if (!call || NOT_TLS.test(fn)) return;
    if (/^(?:verify|verify_certs|verify_ssl)$/.test(name) && isFalse(value)) {
      ctx.report({ messageId: "verifyFalse", data: { call: fn || "this call", kw: name }, ...lines(at) });
    } else if (name === "ssl" && isFalse(value) && AIOHTTP_SSL.test(fn)) {
      ctx.report({ messageId: "verifyFalse", data: { call: fn, kw: "ssl" }, ...lines(at) });
    } else if (CERT_KEYS.test(name) && isCertNone(value)) {
      ctx.report({ messageId: "certNone", data: { where: `${name}=` }, ...lines(at) });
    }
  } else if (at.type === "assignment") {
    const left = at.childForFieldName("left");
    const right = at.childForFieldName("right");
    const attr = left?.type === "attribute" ? left.childForFieldName("attribute")?.text ?? "" : "";
    if (/^(?:verify|check_hostname)$/.test(attr) && isFalse(right)) {
      ctx.report({ messageId: attr === "verify" ? "sessionVerify" : "checkHostname", data: { target: left?.text ?? attr }, ...lines(at) });
    } else if (CERT_KEYS.test(attr) && isCertNone(right)) {
      ctx.report({ messageId: "certNone", data: { where: `${left?.text ?? attr} =` }, ...lines(at) });
    } else if (/_create_unverified_context/.test(right?.text ?? "")) {
      ctx.report({ messageId: "unverified", ...lines(at) });
    }
  } else if (at.type === "call" && /(?:^|\.)_create_unverified_context$/.test(calleeName(at) ?? "")) {
    ctx.report({ messageId: "unverified", ...lines(at) });
  }
}

/**
 * Keyword arguments and assignments of the TLS switches, calls of `_create_unverified_context()`,
 * and assignments of the function itself (`ssl._create_default_https_context = ssl._create_unverified_context`).
 */
function sitesOf(ctx: SiteContext & { text: string }): readonly Node[] {
  const settings = settingsOf(ctx, NAMES).flatMap((s) => (s.at.type === "pair" || s.at.type === "augmented_assignment" ? [] : [s.at]));
  const assigned = (ctx.text.includes(UNVERIFIED) ? indexOf(ctx).of("assignment") : []).filter((a) => {
    const right = a.childForFieldName("right");
    return right !== null && right.type !== "call" && right.text.endsWith(UNVERIFIED);
  });
  const sites = new Map([...settings, ...callsOf(ctx, [UNVERIFIED]), ...assigned].map((n) => [n.id, n]));
  return limited(ctx, [...sites.values()].sort((a, b) => a.startIndex - b.startIndex));
}

function check(ctx: VerifierContext<MessageId>): void {
  if (isTestOrFixturePath(ctx.path) || !/\bFalse\b|_create_unverified_context|CERT_NONE/.test(ctx.text)) return;
  for (const at of sitesOf(ctx)) checkSite(ctx, at);
}

export const verifier = defineVerifier({
  id: "python/tls-verify-disabled",
  languages: ["python"],
  messageIds: MESSAGE_IDS,
  // Every site is a setting by one of NAMES, or the unverified context (`False` alone is everywhere).
  gate: wordGate([...NAMES, UNVERIFIED]),
  check,
});
