// Debug mode switched on where production could run it: Django/Flask `DEBUG = True` (or an
// environment read that defaults to true) outside dev/test settings, `app.debug = True`,
// `app.run(debug=True)`, `FastAPI(debug=True)`, Werkzeug's `run_simple(use_debugger=True)`.
import type { Node } from "web-tree-sitter";
import { defineVerifier, type VerifierContext } from "../types.js";
import {
  DEV_OR_TEST_CLASS,
  DEV_OR_TEST_PATH,
  calleeName,
  dotted,
  enclosingClassName,
  envDefault,
  isTruthyLiteral,
  lines,
  moduleLevelNames,
  settingsOf,
} from "./ast.js";
import { isTestOrFixturePath } from "../../knowledge/test-paths.js";

const MESSAGE_IDS = ["setting", "envDefault", "run", "asgi", "attribute"] as const;
type MessageId = (typeof MESSAGE_IDS)[number];

/** A file that holds settings: by its path, or because it sets other framework settings. */
const SETTINGS_PATH = /(?:^|\/)[^/]*(?:settings|config|conf)[^/]*(?:\/|\.py$)/i;
const SETTINGS_NAME = /^(?:INSTALLED_APPS|ALLOWED_HOSTS|DATABASES|MIDDLEWARE|ROOT_URLCONF|SECRET_KEY|SQLALCHEMY_DATABASE_URI|SESSION_COOKIE_\w+)$/;
const CONFIG_CLASS = /Config|Settings/;
const APP_OBJECT = /(?:^|\.)(?:app|application|flask_app|server)$/i;
const DEBUG_CALLS = /(?:^|\.)(?:run|run_simple|FastAPI|Starlette|Quart|Sanic|Litestar)$/;

function check(ctx: VerifierContext<MessageId>): void {
  if (isTestOrFixturePath(ctx.path) || DEV_OR_TEST_PATH.test(ctx.path)) return;
  const settingsFile = SETTINGS_PATH.test(ctx.path) || [...moduleLevelNames(ctx)].some((n) => SETTINGS_NAME.test(n));
  for (const s of settingsOf(ctx, ["DEBUG", "debug", "use_debugger"])) {
    const className = enclosingClassName(s.at);
    if (className && DEV_OR_TEST_CLASS.test(className)) continue;
    const truthy = isTruthyLiteral(s.value);
    const fallback = truthy ? undefined : envDefault(s.value);
    if (!truthy && !(fallback && isTruthyLiteral(fallback))) continue;
    const at = lines(s.at);
    const messageId = truthy ? "setting" : "envDefault";
    if (s.name !== "DEBUG") {
      if (s.at.type === "keyword_argument") {
        const call = s.at.parent?.parent;
        const name = call?.type === "call" ? calleeName(call) : undefined;
        if (!truthy || !name || !DEBUG_CALLS.test(name)) continue;
        const asgi = /(?:^|\.)(?:FastAPI|Starlette|Litestar)$/.test(name);
        ctx.report({ messageId: asgi ? "asgi" : "run", data: { call: name, kw: s.name }, ...at });
      } else if (s.at.type === "assignment" && truthy) {
        const owner = dotted(s.at.childForFieldName("left")?.childForFieldName("object"));
        if (owner && APP_OBJECT.test(owner)) ctx.report({ messageId: "attribute", data: { target: `${owner}.${s.name}` }, ...at });
      }
      continue;
    }
    const left = s.at.type === "assignment" ? s.at.childForFieldName("left") : undefined;
    if (left?.type === "identifier" && !(className ? CONFIG_CLASS.test(className) : settingsFile && isModuleLevel(s.at))) continue;
    ctx.report({ messageId, data: { name: left?.text ?? "DEBUG" }, ...at });
  }
}

function isModuleLevel(assignment: Node): boolean {
  const statement = assignment.parent;
  return statement?.type === "expression_statement" && statement.parent?.type === "module";
}

export const verifier = defineVerifier({
  id: "python/debug-enabled",
  languages: ["python"],
  messageIds: MESSAGE_IDS,
  gate: /\bdebug|\bDEBUG\b|use_debugger/,
  check,
});
