// Signing secrets and credentials written into code where the line-based
// any/hardcoded-credentials rule cannot see them: as positional arguments (`jwt.sign(p, "s")`,
// `new Sequelize(db, user, "pw")`, `cookieParser("s")`), as `app.keys` or cookie-session `keys`
// arrays, as values it reads as prose or placeholders (`secret: "keyboard cat"`), and as
// fallbacks (`process.env.JWT_SECRET || "dev-secret"`). A line that rule already flags is left to it.
import { ts } from "ts-morph";
import { defineVerifier, type VerifierContext } from "../types.js";
import { verifier as lineCredentials } from "../any/hardcoded-credentials.js";
import { nameWords } from "../names.js";
import { isTestOrSeedPath } from "../../analysis/typescript/dev-only.js";
import { calleeName, lastName, receiverOf, unwrap } from "../../analysis/typescript/expressions.js";
import { indexOf, type FileIndex } from "../../analysis/typescript/file-index.js";
import { inLineOrder } from "../../analysis/typescript/line-order.js";
import { propertyName, stringValue } from "../../analysis/typescript/literals.js";
import { lineOf, snippet } from "../../analysis/typescript/positions.js";
import { PLAIN, valueFlow } from "../../analysis/typescript/value-flow.js";
import { SECRET_NAME_HINT, isSecretName } from "../../knowledge/secret-names.js";
import { searchText } from "./source.js";

const MESSAGE_IDS = ["literal", "fallback"] as const;
type MessageId = (typeof MESSAGE_IDS)[number];

/** Keys whose value signs or encrypts: a literal there is live in every deployment. */
const SIGNING_KEYS = /^(?:secret|secretOrKey|secretOrPrivateKey|privateKey|signingKey|signingSecret|jwtSecret|sessionSecret|cookieSecret|tokenSecret|accessTokenSecret|refreshTokenSecret|encryptionKey|clientSecret|appSecret|webhookSecret)$/;
/** Calls whose argument at this position is a signing secret. */
const POSITIONAL: Record<string, { at: number; what: string; env: string }> = {
  sign: { at: 1, what: "The JWT signing secret", env: "JWT_SECRET" },
  verify: { at: 1, what: "The JWT verification secret", env: "JWT_SECRET" },
  createHmac: { at: 1, what: "The HMAC key", env: "HMAC_KEY" },
  createCipheriv: { at: 1, what: "The encryption key", env: "ENCRYPTION_KEY" },
  createDecipheriv: { at: 1, what: "The encryption key", env: "ENCRYPTION_KEY" },
  cookieParser: { at: 0, what: "The cookie signing secret", env: "COOKIE_SECRET" },
};
const TRIGGER = new RegExp(`${SECRET_NAME_HINT.source}|sign|Sequelize|cookieParser|Hmac|Cipher`, "i");
const JWT_OWNERS = /^(?:jwt|jsonwebtoken|JWT|jwtService|Jwt)$/;
const JWT_MODULES = /^(?:jsonwebtoken|hono\/jwt|hono\/utils\/jwt\/jwt|@tsndr\/cloudflare-worker-jwt)$/;

interface Hit {
  node: ts.Node;
  value: string;
  what: string;
  env: string;
  fallback?: string;
  /** Where the literal was written, when it reached the use through a local. */
  origin?: ts.Node;
}

export const verifier = defineVerifier({
  id: "typescript/secrets",
  languages: ["typescript", "javascript"],
  messageIds: MESSAGE_IDS,
  check: inLineOrder((ctx) => {
    if (isTestOrSeedPath(ctx.path) || !TRIGGER.test(searchText(ctx))) return;
    const sf = ctx.typescript();
    const index = indexOf(sf);
    const hits: Hit[] = [];

    for (const p of index.of(ts.SyntaxKind.PropertyAssignment)) {
      const key = propertyName(p) ?? "";
      if (SIGNING_KEYS.test(key)) {
        const value = literal(p.initializer);
        if (value) hits.push({ node: p, value, what: `\`${key}\``, env: envName(key, p) });
      } else if (key === "keys" && sessionContext(p)) {
        const value = literal(p.initializer);
        if (value) hits.push({ node: p, value, what: "The cookie signing `keys`", env: "COOKIE_KEYS" });
      }
    }

    positionalHits(ctx, index, hits);

    for (const e of index.of(ts.SyntaxKind.NewExpression)) {
      // new Sequelize(database, username, password, options)
      const arg = e.arguments?.[2];
      const value = lastName(e.expression) === "Sequelize" && arg ? stringValue(arg) : undefined;
      if (value) hits.push({ node: arg as ts.Node, value, what: "The database password passed to `new Sequelize`", env: "DB_PASSWORD" });
    }

    for (const b of index.of(ts.SyntaxKind.BinaryExpression)) {
      const op = b.operatorToken.kind;
      if (op === ts.SyntaxKind.EqualsToken) {
        // Koa: app.keys = ["…"]
        const left = unwrap(b.left);
        if (ts.isPropertyAccessExpression(left) && left.name.text === "keys") {
          const value = literal(b.right);
          if (value && ts.isArrayLiteralExpression(unwrap(b.right))) hits.push({ node: b, value, what: "`app.keys` (the cookie signing keys)", env: "COOKIE_KEYS" });
        }
      } else if (op === ts.SyntaxKind.BarBarToken || op === ts.SyntaxKind.QuestionQuestionToken) {
        const env = envVariable(b.left);
        const value = stringValue(b.right);
        if (env && isSecretName(env) && value) hits.push({ node: b, value, what: `\`${env}\``, env, fallback: snippet(sf, b, 60) });
      }
    }

    // const { JWT_SECRET = "dev" } = process.env
    for (const el of index.of(ts.SyntaxKind.BindingElement)) {
      const pattern = el.parent;
      const decl = pattern.parent;
      const name = (el.propertyName ?? el.name).getText(sf);
      const value = el.initializer && stringValue(el.initializer);
      if (!value || !ts.isVariableDeclaration(decl) || !decl.initializer || !isProcessEnv(decl.initializer) || !isSecretName(name)) continue;
      hits.push({ node: el, value, what: `\`${name}\``, env: name, fallback: snippet(sf, el, 60) });
    }

    if (hits.length === 0) return;
    const lines = ctx.text.split("\n");
    const reported = new Set<number>();
    for (const hit of hits) {
      const line = lineOf(sf, hit.node);
      if (reported.has(line) || flaggedByLineRule(ctx, lines[line - 1] ?? "")) continue;
      // The any/hardcoded-credentials rule may already report the literal where it was written.
      if (hit.origin && flaggedByLineRule(ctx, lines[lineOf(sf, hit.origin) - 1] ?? "")) continue;
      reported.add(line);
      const data = { what: hit.what, preview: preview(hit.value), env: hit.env };
      if (hit.fallback) ctx.report({ messageId: "fallback", line, data: { ...data, expr: hit.fallback } });
      else ctx.report({ messageId: "literal", line, data });
    }
  }),
});

/** Secrets passed by position: `jwt.sign(p, "…")`, `createHmac("sha256", key)`, `cookieParser("…")`. */
function positionalHits(ctx: VerifierContext<MessageId>, index: FileIndex, hits: Hit[]): void {
  const sf = index.sf;
  for (const call of index.of(ts.SyntaxKind.CallExpression)) {
    const name = calleeName(call) ?? "";
    const spec = POSITIONAL[name];
    if (!spec || !positionalApplies(index, call, name)) continue;
    const arg = call.arguments[spec.at];
    const what = `${spec.what} passed to \`${snippet(sf, call.expression, 30)}\``;
    const value = arg && literal(keyMaterial(arg));
    const held = arg && !value ? heldLiteral(index, keyMaterial(arg)) : undefined;
    if (held === "limited") {
      ctx.incomplete(`line ${lineOf(sf, call)}: the value reaching \`${snippet(sf, call.expression, 30)}\` is built through more nested helpers or steps than the analysis follows`);
      continue;
    }
    if (value) hits.push({ node: arg, value, what, env: spec.env });
    else if (arg && held) hits.push({ node: arg, value: held.value, what: `${what} (held in \`${held.name}\`)`, env: spec.env, origin: held.decl });
    // jwt.sign(payload, process.env.KEY || "dev")
    const x = arg && unwrap(arg);
    const fallback = x && ts.isBinaryExpression(x) && envVariable(x.left) ? stringValue(x.right) : undefined;
    if (x && fallback) hits.push({ node: x, value: fallback, what, env: envVariable((x as ts.BinaryExpression).left) ?? spec.env, fallback: snippet(sf, x, 60) });
  }
}

/** A non-empty literal string, a template without substitutions, or an array of them. */
function literal(e: ts.Expression): string | undefined {
  const x = unwrap(e);
  if (ts.isArrayLiteralExpression(x)) {
    const values = x.elements.map((el) => stringValue(el));
    return values.length > 0 && values.every((v) => v !== undefined && v !== "") ? values[0] : undefined;
  }
  const v = stringValue(x);
  return v && v.trim() !== "" ? v : undefined;
}

/**
 * A literal that reaches a secret's place through locals (`const material = "…"; jwt.sign(p,
 * material)`): moving the string into a variable does not make it any less written in the code.
 * "limited" when the flow's bound stopped following it: the literal may be behind the cut.
 */
function heldLiteral(index: FileIndex, e: ts.Expression): { value: string; name: string; decl: ts.Node } | "limited" | undefined {
  const x = unwrap(e);
  const decl = ts.isIdentifier(x) ? index.resolve(x) : undefined;
  if (!decl || !ts.isVariableDeclaration(decl) || !ts.isIdentifier(x)) return undefined;
  const { value: v, limited } = valueFlow(index, PLAIN).traced(x);
  if (v.kind !== "const") return limited ? "limited" : undefined;
  return v.text.trim() !== "" ? { value: v.text, name: x.text, decl } : undefined;
}

/** `Buffer.from("…")`, `new TextEncoder().encode("…")`: the literal inside. */
function keyMaterial(e: ts.Expression): ts.Expression {
  const x = unwrap(e);
  if (ts.isCallExpression(x) && (calleeName(x) === "from" || calleeName(x) === "encode") && x.arguments[0]) return x.arguments[0];
  return x;
}

function positionalApplies(index: FileIndex, call: ts.CallExpression, name: string): boolean {
  const receiver = receiverOf(call);
  if (name === "sign" || name === "verify") {
    if (receiver) return JWT_OWNERS.test((lastName(receiver) ?? "").replace(/^this\./, ""));
    return JWT_MODULES.test(index.imports.get(name) ?? "");
  }
  if (name === "cookieParser") return !receiver;
  return true;
}

/** `keys` inside `cookieSession({...})`, `session({...})` or a Koa/Fastify session config. */
function sessionContext(p: ts.PropertyAssignment): boolean {
  const call = p.parent.parent;
  return ts.isCallExpression(call) && /session|cookie/i.test(calleeName(call) ?? "");
}

function envName(key: string, p: ts.PropertyAssignment): string {
  if (key !== "secret" && key !== "secretOrKey") return nameWords(key).join("_").toUpperCase();
  const call = p.parent.parent;
  const owner = ts.isCallExpression(call) || ts.isNewExpression(call) ? (calleeName(call) ?? "") : "";
  if (/session/i.test(owner)) return "SESSION_SECRET";
  if (/cookie/i.test(owner)) return "COOKIE_SECRET";
  return "JWT_SECRET";
}

function isProcessEnv(e: ts.Expression): boolean {
  const x = unwrap(e);
  return ts.isPropertyAccessExpression(x) && x.name.text === "env" && lastName(x.expression) === "process";
}

/** `process.env.JWT_SECRET` or `process.env["JWT_SECRET"]`: the variable's name. */
function envVariable(e: ts.Expression): string | undefined {
  const x = unwrap(e);
  if (ts.isPropertyAccessExpression(x) && isProcessEnv(x.expression)) return x.name.text;
  if (ts.isElementAccessExpression(x) && isProcessEnv(x.expression)) return stringValue(x.argumentExpression);
  return undefined;
}


/** Whether any/hardcoded-credentials already reports this line; it owns those findings. */
function flaggedByLineRule(ctx: VerifierContext<MessageId>, line: string): boolean {
  let flagged = false;
  lineCredentials.check({
    ...ctx,
    text: line,
    report: () => {
      flagged = true;
    },
  });
  return flagged;
}

function preview(secret: string): string {
  return `"${secret.slice(0, Math.min(3, Math.floor(secret.length / 3)))}…"`;
}
