// Django middleware that needs another one earlier in MIDDLEWARE: authentication reads the
// session, messages are stored in it, login-required and remote-user read request.user.
import { defineVerifier, type VerifierContext } from "../types.js";
import { lines, literalStrings, settingsOf } from "./ast.js";

const MESSAGE_IDS = ["order", "missing"] as const;
type MessageId = (typeof MESSAGE_IDS)[number];

const NEEDS: { later: string; earlier: string; why: string }[] = [
  { later: "AuthenticationMiddleware", earlier: "SessionMiddleware", why: "it reads the logged-in user from the session" },
  { later: "MessageMiddleware", earlier: "SessionMiddleware", why: "it keeps messages in the session" },
  { later: "LoginRequiredMiddleware", earlier: "AuthenticationMiddleware", why: "it needs `request.user`" },
  { later: "RemoteUserMiddleware", earlier: "AuthenticationMiddleware", why: "it needs `request.user`" },
  { later: "PersistentRemoteUserMiddleware", earlier: "AuthenticationMiddleware", why: "it needs `request.user`" },
];

const shortName = (path: string): string => path.slice(path.lastIndexOf(".") + 1);

function check(ctx: VerifierContext<MessageId>): void {
  if (!ctx.text.includes("Middleware")) return;
  for (const s of settingsOf(ctx, ["MIDDLEWARE", "MIDDLEWARE_CLASSES"])) {
    if (s.at.type !== "assignment") continue;
    const entries = literalStrings(s.value);
    if (!entries || !entries.some((e) => e.value.startsWith("django."))) continue;
    const names = entries.map((e) => shortName(e.value));
    for (const need of NEEDS) {
      const at = names.indexOf(need.later);
      if (at < 0) continue;
      const before = names.indexOf(need.earlier);
      if (before >= 0 && before < at) continue;
      const entry = entries[at];
      if (!entry) continue;
      const data = { later: need.later, earlier: need.earlier, why: need.why, setting: s.name };
      ctx.report({ messageId: before < 0 ? "missing" : "order", data, ...lines(entry.node) });
    }
  }
}

export const verifier = defineVerifier({
  id: "python/django-middleware-order",
  languages: ["python"],
  messageIds: MESSAGE_IDS,
  gate: /\bMIDDLEWARE(?:_CLASSES)?\b/,
  check,
});
