// Django REST framework views that write data but let anyone in: `permission_classes =
// [AllowAny]` or `authentication_classes = []` on a view or viewset with write actions, the
// same as decorators on `@api_view(["POST", ...])` functions, and AllowAny as the project default.
import type { Node } from "web-tree-sitter";
import { defineVerifier, type VerifierContext } from "../types.js";
import { PUBLIC_ENTRY } from "../../knowledge/python/auth.js";
import { VERIFIES_SIGNATURE, ancestor, callee, callsOf, decoratorsOf, elements, lines, settingsOf, stringValue, unwrap } from "./ast.js";

const MESSAGE_IDS = ["allowAny", "noAuthentication", "defaultAllowAny"] as const;
type MessageId = (typeof MESSAGE_IDS)[number];

const NAMES = ["permission_classes", "authentication_classes"];
const CLASS = new Set(["class_definition"]);
const WRITE_BASES = /(?<!ReadOnly)ModelViewSet|CreateAPIView|UpdateAPIView|DestroyAPIView|ListCreateAPIView|RetrieveUpdateAPIView|RetrieveDestroyAPIView|RetrieveUpdateDestroyAPIView|CreateModelMixin|UpdateModelMixin|DestroyModelMixin/;
const WRITE_METHODS = /^\s*(?:async\s+)?def\s+(?:post|put|patch|delete|create|update|partial_update|destroy|perform_create|perform_update|perform_destroy)\s*\(/m;
const WRITE_ACTION = /@action\([^)]*methods\s*=\s*\[[^\]]*["'](?:post|put|patch|delete)["']/i;
const WRITE_VERBS = /["'](?:POST|PUT|PATCH|DELETE)["']/i;

const allowAny = (value: Node): boolean => {
  const listed = elements(value);
  return listed !== undefined && listed.length > 0 && listed.every((e) => /(?:^|\.)AllowAny$/.test(e.text));
};
const emptyList = (value: Node): boolean => elements(value)?.length === 0;

function checkClass(ctx: VerifierContext<MessageId>, assignment: Node): void {
  const cls = ancestor(assignment.parent, CLASS, 3);
  const name = cls?.childForFieldName("name")?.text ?? "";
  const left = assignment.childForFieldName("left")?.text;
  const value = assignment.childForFieldName("right");
  if (!cls || !value || assignment.parent?.parent?.parent?.id !== cls.id) return;
  const open = left === "permission_classes" ? allowAny(value) : left === "authentication_classes" && emptyList(value);
  if (!open || PUBLIC_ENTRY.test(name)) return;
  const body = cls.text;
  const bases = cls.childForFieldName("superclasses")?.text ?? "";
  if (/def\s+get_(?:permissions|authenticators)\s*\(/.test(body) || VERIFIES_SIGNATURE.test(body)) return;
  if (!WRITE_BASES.test(bases) && !WRITE_METHODS.test(body) && !WRITE_ACTION.test(body)) return;
  ctx.report({ messageId: left === "permission_classes" ? "allowAny" : "noAuthentication", data: { view: name }, ...lines(assignment) });
}

function checkFunction(ctx: VerifierContext<MessageId>, decorator: Node): void {
  const call = decorator.namedChildren.find((c) => c.type === "call");
  const c = call ? callee(call) : undefined;
  const arg = call?.childForFieldName("arguments")?.namedChildren.find((a) => a.type !== "comment");
  if (!call || !c || !arg) return;
  const open = c.name === "permission_classes" ? allowAny(arg) : c.name === "authentication_classes" && emptyList(arg);
  const def = decorator.parent?.namedChildren.find((n) => n.type === "function_definition");
  if (!open || !def) return;
  const name = def.childForFieldName("name")?.text ?? "";
  if (PUBLIC_ENTRY.test(name) || VERIFIES_SIGNATURE.test(def.text)) return;
  const apiView = decoratorsOf(def).find((d) => d.type === "call" && callee(d)?.name === "api_view");
  if (!apiView || !WRITE_VERBS.test(apiView.text)) return;
  ctx.report({ messageId: c.name === "permission_classes" ? "allowAny" : "noAuthentication", data: { view: name }, ...lines(decorator) });
}

function check(ctx: VerifierContext<MessageId>): void {
  for (const s of settingsOf(ctx, NAMES)) if (s.at.type === "assignment") checkClass(ctx, s.at);
  for (const call of callsOf(ctx, NAMES)) if (call.parent?.type === "decorator") checkFunction(ctx, call.parent);
  if (!/DEFAULT_PERMISSION_CLASSES/.test(ctx.text)) return;
  for (const s of settingsOf(ctx, ["DEFAULT_PERMISSION_CLASSES"])) {
    const listed = elements(s.value);
    if (listed?.length && listed.every((e) => /AllowAny$/.test(stringValue(e) ?? unwrap(e).text))) {
      ctx.report({ messageId: "defaultAllowAny", ...lines(s.at) });
    }
  }
}

export const verifier = defineVerifier({
  id: "python/drf-allow-any",
  languages: ["python"],
  messageIds: MESSAGE_IDS,
  gate: /AllowAny|authentication_classes/,
  check,
});
