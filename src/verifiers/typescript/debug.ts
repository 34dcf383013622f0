// Development aids left switched on for every environment: `debugger` statements, ORM query
// logging (which writes the values in each query to the logs), the errorhandler middleware and
// GraphQL stack traces in responses.
import { ts } from "ts-morph";
import { defineVerifier } from "../types.js";
import { allOf, keyGate, wordGate } from "../../engine/rule-gate.js";
import { DEV_PATH, isTestOrSeedPath, devOnly } from "../../analysis/typescript/dev-only.js";
import { calleeName, lastName, receiverOf, unwrap } from "../../analysis/typescript/expressions.js";
import { indexOf } from "../../analysis/typescript/file-index.js";
import { inLineOrder } from "../../analysis/typescript/line-order.js";
import { isTrue, property, propertyName, stringValue } from "../../analysis/typescript/literals.js";
import { lineOf, snippet } from "../../analysis/typescript/positions.js";

const MESSAGE_IDS = ["debugger", "queryLog", "errorhandler", "stacktraces"] as const;
type MessageId = (typeof MESSAGE_IDS)[number];

const SETTINGS = new Set(["logging", "log", "debug", "includeStacktraceInErrorResponses"]);
const ORM_CONFIG_KEYS = ["type", "entities", "database", "dialect", "host", "url", "datasources", "datasourceUrl", "client", "connection", "autoLoadEntities"];

/**
 * What each report needs in the text: `debugger`; a `logging:` key; a `log:` key and `PrismaClient`;
 * a `debug:` key and a `client` (Knex) or an Apollo server; the stack-trace key; mongoose; the
 * errorhandler module. `debug` alone is everywhere in 3D code (debug layers, `log` in shaders).
 */
const GATE = wordGate(
  ["debugger", "includeStacktraceInErrorResponses", "mongoose"],
  /errorhandler/,
  keyGate(["logging"]),
  allOf(keyGate(["log"]), wordGate(["PrismaClient"])),
  allOf(keyGate(["debug"]), wordGate(["client"], /Apollo/)),
);

export const verifier = defineVerifier({
  id: "typescript/debug",
  languages: ["typescript", "javascript"],
  messageIds: MESSAGE_IDS,
  gate: GATE,
  check: inLineOrder((ctx) => {
    if (isTestOrSeedPath(ctx.path) || DEV_PATH.test(ctx.path)) return;
    const sf = ctx.typescript();
    const index = indexOf(sf);
    const report = (node: ts.Node, messageId: MessageId, data: Record<string, string> = {}) => {
      if (!devOnly(sf, node)) ctx.report({ messageId, line: lineOf(sf, node), data });
    };

    for (const d of index.of(ts.SyntaxKind.DebuggerStatement)) report(d, "debugger");

    for (const p of index.of(ts.SyntaxKind.PropertyAssignment)) {
      const key = propertyName(p) ?? "";
      if (!SETTINGS.has(key)) continue;
      const v = unwrap(p.initializer);
      const config = ORM_CONFIG_KEYS.some((k) => property(p.parent, k));
      const setting = snippet(sf, p, 50);
      if (key === "logging" && config && logsQueries(v)) report(p, "queryLog", { setting, fix: 'logging: process.env.NODE_ENV === "development"' });
      else if (key === "log" && ts.isNewExpression(p.parent.parent) && lastName(p.parent.parent.expression) === "PrismaClient" && prismaQueries(v)) {
        report(p, "queryLog", { setting, fix: 'log: process.env.NODE_ENV === "development" ? ["query", "warn", "error"] : ["warn", "error"]' });
      } else if (key === "debug" && isTrue(v) && property(p.parent, "client")) report(p, "queryLog", { setting, fix: 'debug: process.env.NODE_ENV === "development"' });
      else if ((key === "includeStacktraceInErrorResponses" || (key === "debug" && apollo(p))) && isTrue(v)) report(p, "stacktraces", { setting });
    }

    for (const call of index.of(ts.SyntaxKind.CallExpression)) {
      const name = calleeName(call);
      const receiver = receiverOf(call);
      if (name === "set" && receiver && lastName(receiver) === "mongoose" && stringValue(call.arguments[0]) === "debug" && isTrue(call.arguments[1])) {
        report(call, "queryLog", { setting: snippet(sf, call, 50), fix: 'mongoose.set("debug", process.env.NODE_ENV === "development")' });
      } else if (!receiver && name && index.imports.get(name) === "errorhandler") {
        report(call, "errorhandler");
      }
    }
  }),
});

/** TypeORM `true`, `"all"`, `["query", …]`; Sequelize `console.log` or `true`. */
function logsQueries(v: ts.Expression): boolean {
  if (isTrue(v) || stringValue(v) === "all") return true;
  if (ts.isArrayLiteralExpression(v)) return v.elements.some((e) => stringValue(e) === "query");
  return ts.isPropertyAccessExpression(v) && v.getText() === "console.log";
}

/** Prisma `log: ["query", …]` or `log: [{ level: "query", … }]`. */
function prismaQueries(v: ts.Expression): boolean {
  if (!ts.isArrayLiteralExpression(v)) return false;
  return v.elements.some((e) => {
    const x = unwrap(e);
    if (stringValue(x) === "query") return true;
    if (!ts.isObjectLiteralExpression(x)) return false;
    const level = x.properties.find((q) => propertyName(q) === "level");
    return !!level && ts.isPropertyAssignment(level) && stringValue(level.initializer) === "query";
  });
}

function apollo(p: ts.PropertyAssignment): boolean {
  const owner = p.parent.parent;
  return ts.isNewExpression(owner) && /Apollo/.test(lastName(owner.expression) ?? "");
}
