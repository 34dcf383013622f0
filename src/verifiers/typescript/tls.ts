// TLS that does not authenticate the server: certificate checks switched off in connection
// options (HTTPS agents, pg/mysql2 `ssl`, MongoDB, Redis, SMTP), for the whole process through
// NODE_TLS_REJECT_UNAUTHORIZED, or in a connection string; and protocol versions below TLS 1.2.
import { ts } from "ts-morph";
import { defineVerifier } from "../types.js";
import { isTestOrSeedPath, devOnly } from "../../analysis/typescript/dev-only.js";
import { isFunctionLike, unwrap } from "../../analysis/typescript/expressions.js";
import { indexOf } from "../../analysis/typescript/file-index.js";
import { inLineOrder } from "../../analysis/typescript/line-order.js";
import { isFalse, isTrue, propertyName, stringValue } from "../../analysis/typescript/literals.js";
import { lineOf, snippet } from "../../analysis/typescript/positions.js";
import { walk } from "../../analysis/typescript/walk.js";

const MESSAGE_IDS = ["verifyOff", "envOff", "hostnameOff", "oldProtocol", "urlOff"] as const;
type MessageId = (typeof MESSAGE_IDS)[number];

/** Options that switch verification off when set to this value. */
const OFF_WHEN_FALSE = new Set(["rejectUnauthorized", "strictSSL", "sslValidate", "verifySSL", "verify_ssl", "sslVerify"]);
const OFF_WHEN_TRUE = new Set(["tlsAllowInvalidCertificates", "tlsAllowInvalidHostnames", "tlsInsecure", "sslAllowInvalidCertificates", "sslAllowInvalidHostnames", "allowInsecure"]);
const OLD_PROTOCOLS = /^(?:SSLv2|SSLv3|TLSv1|TLSv1\.1|TLSv1_method|TLSv1_1_method|SSLv3_method|SSLv23_method|TLSv1_client_method|TLSv1_server_method)$/;
const INSECURE_URL = /[?&](?:sslmode=no-verify|tlsAllowInvalidCertificates=true|tlsInsecure=true|sslValidate=false|ssl_verify=false|rejectUnauthorized=false)\b/i;
const ENV_VAR = "NODE_TLS_REJECT_UNAUTHORIZED";

export const verifier = defineVerifier({
  id: "typescript/tls",
  languages: ["typescript", "javascript"],
  messageIds: MESSAGE_IDS,
  // The names each check looks for, and INSECURE_URL's parameters (the old text test missed `verify_ssl`).
  gate: new RegExp([...OFF_WHEN_FALSE, ...OFF_WHEN_TRUE, "checkServerIdentity", "secureProtocol", "minVersion", ENV_VAR, "sslmode", "ssl_verify"].join("|"), "i"),
  check: inLineOrder((ctx) => {
    if (isTestOrSeedPath(ctx.path)) return;
    const sf = ctx.typescript();
    const index = indexOf(sf);
    const report = (node: ts.Node, messageId: MessageId, data: Record<string, string> = {}) => {
      if (!devOnly(sf, node)) ctx.report({ messageId, line: lineOf(sf, node), data });
    };

    for (const p of index.of(ts.SyntaxKind.PropertyAssignment)) {
      const key = propertyName(p) ?? "";
      const v = unwrap(p.initializer);
      const zero = ts.isNumericLiteral(v) && v.text === "0";
      if ((OFF_WHEN_FALSE.has(key) && (isFalse(v) || zero)) || (OFF_WHEN_TRUE.has(key) && isTrue(v))) {
        report(p, "verifyOff", { setting: snippet(sf, p, 50) });
      } else if (key === "checkServerIdentity" && acceptsAll(v)) {
        report(p, "hostnameOff");
      } else if ((key === "secureProtocol" || key === "minVersion") && OLD_PROTOCOLS.test(stringValue(v) ?? "")) {
        report(p, "oldProtocol", { setting: snippet(sf, p, 50) });
      }
    }

    for (const b of index.of(ts.SyntaxKind.BinaryExpression)) {
      if (b.operatorToken.kind !== ts.SyntaxKind.EqualsToken) continue;
      const left = unwrap(b.left);
      const name = ts.isPropertyAccessExpression(left) ? left.name.text : ts.isElementAccessExpression(left) ? stringValue(left.argumentExpression) : undefined;
      const right = unwrap(b.right);
      const value = stringValue(right) ?? (ts.isNumericLiteral(right) ? right.text : undefined);
      if (name === ENV_VAR && value === "0") report(b, "envOff");
    }

    for (const kind of [ts.SyntaxKind.StringLiteral, ts.SyntaxKind.NoSubstitutionTemplateLiteral] as const) {
      for (const s of index.of(kind)) {
        const m = INSECURE_URL.exec(s.text);
        if (m && /:\/\//.test(s.text)) report(s, "urlOff", { param: m[0].slice(1) });
      }
    }
  }),
});

/** `() => undefined`, `() => {}`, `function () { return; }`: a check that never fails. */
function acceptsAll(e: ts.Expression): boolean {
  if (!isFunctionLike(e)) return false;
  const body = e.body;
  if (!ts.isBlock(body)) {
    const v = unwrap(body);
    return v.kind === ts.SyntaxKind.UndefinedKeyword || v.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(v) && v.text === "undefined") || ts.isVoidExpression(v);
  }
  let throws = false;
  let returnsValue = false;
  walk(body, (n) => {
    if (ts.isThrowStatement(n)) throws = true;
    if (ts.isReturnStatement(n) && n.expression) {
      const v = unwrap(n.expression);
      if (!(ts.isIdentifier(v) && v.text === "undefined") && v.kind !== ts.SyntaxKind.NullKeyword) returnsValue = true;
    }
  });
  return !throws && !returnsValue;
}
