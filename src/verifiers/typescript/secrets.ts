// Signing secrets and credentials written into code where the line-based
// any/hardcoded-credentials rule cannot see them: as positional arguments (`jwt.sign(p, "s")`,
// `new Sequelize(db, user, "pw")`, `cookieParser("s")`), as `app.keys` or cookie-session `keys`
// arrays, as values it reads as prose or placeholders (`secret: "keyboard cat"`), and as
// fallbacks (`process.env.JWT_SECRET || "dev-secret"`). A line that rule already flags is left to it.
import { ts } from "ts-morph";
import { defineVerifier, type VerifierContext } from "../types.js";
import { allOf, anyCase, keyGate, memberAssignGate, memberGate, wordGate } from "../../engine/rule-gate.js";
import { verifier as lineCredentials } from "../any/hardcoded-credentials.js";
import { nameWords } from "../names.js";
import { isTestOrSeedPath } from "../../analysis/typescript/dev-only.js";
import { calleeName, lastName, receiverOf, unwrap } from "../../analysis/typescript/expressions.js";
import { indexOf, type FileIndex } from "../../analysis/typescript/file-index.js";
import { inLineOrder } from "../../analysis/typescript/line-order.js";
import { propertyName, stringValue } from "../../analysis/typescript/literals.js";
import { walk } from "../../analysis/typescript/walk.js";
import { lineOf, snippet } from "../../analysis/typescript/positions.js";
import { PLAIN, valueFlow } from "../../analysis/typescript/value-flow.js";
import { isSecretName, isTokenPayloadSecret, isUserRecordName } from "../../knowledge/secret-names.js";

/** Keys whose value signs or encrypts: a literal there is live in every deployment. */
const SIGNING_KEYS = new Set([
  "secret", "secretOrKey", "secretOrPrivateKey", "privateKey", "signingKey", "signingSecret", "jwtSecret", "sessionSecret",
  "cookieSecret", "tokenSecret", "accessTokenSecret", "refreshTokenSecret", "encryptionKey", "clientSecret", "appSecret", "webhookSecret",
]);
/** Calls whose argument at this position is a signing secret. */
const POSITIONAL: Record<string, { at: number; what: string; env: string }> = {
  sign: { at: 1, what: "The JWT signing secret", env: "JWT_SECRET" },
  verify: { at: 1, what: "The JWT verification secret", env: "JWT_SECRET" },
  createHmac: { at: 1, what: "The HMAC key", env: "HMAC_KEY" },
  createCipheriv: { at: 1, what: "The encryption key", env: "ENCRYPTION_KEY" },
  createDecipheriv: { at: 1, what: "The encryption key", env: "ENCRYPTION_KEY" },
  cookieParser: { at: 0, what: "The cookie signing secret", env: "COOKIE_SECRET" },
};
/** Receivers of `sign`/`verify` that are jsonwebtoken, and modules a bare `sign`/`verify` comes from. */
const JWT_OWNER_NAMES = ["jwt", "jsonwebtoken", "JWT", "jwtService", "Jwt"];
const JWT_MODULE_NAMES = ["jsonwebtoken", "hono/jwt", "hono/utils/jwt/jwt", "@tsndr/cloudflare-worker-jwt"];
const JWT_OWNERS = new RegExp(`^(?:${JWT_OWNER_NAMES.join("|")})$`);
const JWT_MODULES = new RegExp(`^(?:${JWT_MODULE_NAMES.join("|")})$`);

interface Hit {
  node: ts.Node;
  value: string;
  what: string;
  env: string;
  fallback?: string;
  /** Where the literal was written, when it reached the use through a local. */
  origin?: ts.Node;
  messageId?: "payload" | "payloadObject";
}

/** What a key expression is when the file fixes it: a literal, held or fallen back to. */
interface KeyValue {
  value: string;
  /** The name that carried it to the use: a local, a field, a helper. */
  through?: string;
  origin?: ts.Node;
  /** `a || "literal"`: the expression with the fallback. */
  fallback?: ts.Expression;
}

/** jose's builders: `new SignJWT(p)….sign(key)`, `new EncryptJWT(p)….encrypt(key)`. */
const JOSE_BUILDER_NAMES = ["SignJWT", "EncryptJWT", "CompactSign", "FlattenedSign", "GeneralSign", "CompactEncrypt", "FlattenedEncrypt", "GeneralEncrypt"];
const JOSE_BUILDERS = new RegExp(`^(?:${JOSE_BUILDER_NAMES.join("|")})$`);
/** jose's functions taking the key second: `jwtVerify(token, key)`. */
const JOSE_VERIFY_NAMES = ["jwtVerify", "jwtDecrypt", "compactVerify", "flattenedVerify", "generalVerify", "compactDecrypt", "flattenedDecrypt", "generalDecrypt"];
const JOSE_VERIFY = new RegExp(`^(?:${JOSE_VERIFY_NAMES.join("|")})$`);

/**
 * Every report needs one of these in the text (a necessary condition, not a finding): a signing
 * key's name (property or shorthand); a call of POSITIONAL, jose or `createSecretKey`/`JWK.asKey`;
 * `new Sequelize`; for `sign`/`verify`, a JWT_OWNERS receiver or a JWT_MODULES import (all spell
 * `jwt` or `jsonwebtoken`); Koa's `app.keys =`; session `keys:` in a call named /session|cookie/i;
 * a `process.env` fallback. `sign`, `verify`, `key` and `pass` alone are everywhere in 3D code.
 */
const GATE = wordGate(
  [...SIGNING_KEYS, ...Object.keys(POSITIONAL).filter((n) => n !== "sign" && n !== "verify"), ...JOSE_BUILDER_NAMES, ...JOSE_VERIFY_NAMES, "asKey", "createSecretKey", "Sequelize"],
  new RegExp([...JWT_OWNER_NAMES, ...JWT_MODULE_NAMES].join("|")),
  memberAssignGate(["keys"]),
  allOf(keyGate(["keys"]), new RegExp(anyCase(["session", "cookie"]).join("|"))),
  allOf(wordGate(["process"]), memberGate(["env"])),
);
/** How far a key is followed through locals and fields before the rule gives up on it. */
const MAX_KEY_HOPS = 6;

const MESSAGE_IDS = ["literal", "fallback", "payload", "payloadObject"] as const;
type MessageId = (typeof MESSAGE_IDS)[number];

/** Per file, the key expressions the value flow stopped following at its bound. */
const cutOff = new WeakMap<FileIndex, ts.Node[]>();

export const verifier = defineVerifier({
  id: "typescript/secrets",
  languages: ["typescript", "javascript"],
  messageIds: MESSAGE_IDS,
  gate: GATE,
  check: inLineOrder((ctx) => {
    if (isTestOrSeedPath(ctx.path)) return;
    const sf = ctx.typescript();
    const index = indexOf(sf);
    const hits = [...propertyHits(index), ...callHits(index), ...otherHits(index), ...payloadHits(index)];
    // A key the flow stopped following may be a literal behind the cut: could not check, not a pass.
    for (const node of cutOff.get(index) ?? []) {
      ctx.incomplete(`line ${lineOf(sf, node)}: the value of \`${snippet(sf, node, 30)}\` is built through more nested helpers or steps than the analysis follows`);
    }
    if (hits.length === 0) return;
    const lines = ctx.text.split("\n");
    const reported = new Set<number>();
    // A literal reported where it is written is not reported again where it is used.
    const written = new Set(hits.filter((h) => !h.origin).map((h) => lineOf(sf, h.node)));
    for (const hit of hits) {
      const line = lineOf(sf, hit.node);
      if (reported.has(line) || flaggedByLineRule(ctx, lines[line - 1] ?? "")) continue;
      if (hit.origin && written.has(lineOf(sf, hit.origin))) continue;
      // The any/hardcoded-credentials rule may already report the literal where it was written.
      if (hit.origin && flaggedByLineRule(ctx, lines[lineOf(sf, hit.origin) - 1] ?? "")) continue;
      reported.add(line);
      const data = { what: hit.what, preview: preview(hit.value), env: hit.env };
      if (hit.messageId) ctx.report({ messageId: hit.messageId, line, data });
      else if (hit.fallback) ctx.report({ messageId: "fallback", line, data: { ...data, expr: hit.fallback } });
      else ctx.report({ messageId: "literal", line, data });
    }
  }),
});

/** A hit for a key value found at `node`, worded by how the value got there. */
function keyHit(index: FileIndex, node: ts.Node, key: KeyValue, what: string, env: string): Hit {
  const via = key.through ? `${what} (held in \`${key.through}\`)` : what;
  if (key.fallback) {
    const envName = envVariable(ts.isBinaryExpression(key.fallback) ? key.fallback.left : key.fallback) ?? env;
    return { node, value: key.value, what: via, env: envName, fallback: snippet(index.sf, key.fallback, 60) };
  }
  return { node, value: key.value, what: via, env, ...(key.origin ? { origin: key.origin } : {}) };
}

/** `secret: …`, `secretOrKey`, `{ secret }` and session `keys`: properties that hold a signing secret. */
function propertyHits(index: FileIndex): Hit[] {
  const hits: Hit[] = [];
  for (const p of index.of(ts.SyntaxKind.PropertyAssignment)) {
    const key = propertyName(p) ?? "";
    if (SIGNING_KEYS.has(key)) {
      const value = keyValue(index, p.initializer);
      if (value) hits.push(keyHit(index, p, value, `\`${key}\``, envName(key, p)));
    } else if (key === "keys" && sessionContext(p)) {
      const value = keyValue(index, p.initializer);
      if (value) hits.push(keyHit(index, p, value, "The cookie signing `keys`", "COOKIE_KEYS"));
    }
  }
  for (const p of index.of(ts.SyntaxKind.ShorthandPropertyAssignment)) {
    const value = SIGNING_KEYS.has(p.name.text) ? keyValue(index, p.name) : undefined;
    if (value) hits.push(keyHit(index, p, { ...value, through: value.through ?? p.name.text }, `\`${p.name.text}\``, envName(p.name.text, p)));
  }
  return hits;
}

/** Calls that take a signing or encryption key: jsonwebtoken, jose, node:crypto, cookie-parser. */
function callHits(index: FileIndex): Hit[] {
  const hits: Hit[] = [];
  for (const call of index.of(ts.SyntaxKind.CallExpression)) {
    const name = calleeName(call) ?? "";
    const spec = keySpec(index, call, name);
    const arg = spec && call.arguments[spec.at];
    if (!spec || !arg) continue;
    const value = keyValue(index, arg);
    if (value) hits.push(keyHit(index, arg, value, `${spec.what} passed to \`${snippet(index.sf, call.expression, 30)}\``, spec.env));
  }
  return hits;
}

/** Which argument of this call is a key, if it is a call that takes one. */
function keySpec(index: FileIndex, call: ts.CallExpression, name: string): { at: number; what: string; env: string } | undefined {
  const spec = POSITIONAL[name];
  if (spec && positionalApplies(index, call, name)) return spec;
  const jose = index.imports.get(name) === "jose";
  if ((name === "sign" || name === "encrypt") && JOSE_BUILDERS.test(builderOf(index, call) ?? "")) return { at: 0, what: "The JWT signing key", env: "JWT_SECRET" };
  if (JOSE_VERIFY.test(name) && (jose || lastName(receiverOf(call) ?? call.expression) === "jose")) return { at: 1, what: "The JWT verification key", env: "JWT_SECRET" };
  if (name === "asKey" && lastName(receiverOf(call) ?? call.expression) === "JWK") return { at: 0, what: "The JWK key material", env: "JWT_SECRET" };
  if (name === "createSecretKey") return { at: 0, what: "The secret key", env: "SECRET_KEY" };
  return undefined;
}

/** The class a builder chain starts from: `SignJWT` for `new SignJWT(p).setProtectedHeader(h).sign(k)`, through a const local too. */
function builderOf(index: FileIndex, call: ts.CallExpression): string | undefined {
  let cur: ts.Expression = call.expression;
  for (let hop = 0; hop < 50; hop++) {
    cur = unwrap(cur);
    if (ts.isNewExpression(cur)) return lastName(cur.expression);
    if (ts.isPropertyAccessExpression(cur) || ts.isCallExpression(cur) || ts.isAwaitExpression(cur)) cur = cur.expression;
    else {
      const source = sourceOf(index, cur);
      if (!source) return undefined;
      cur = source;
    }
  }
  return undefined;
}

/** Sequelize's positional password, Koa's `app.keys`, env fallbacks and env destructuring defaults. */
function otherHits(index: FileIndex): Hit[] {
  const sf = index.sf;
  const hits: Hit[] = [];
  for (const e of index.of(ts.SyntaxKind.NewExpression)) {
    // new Sequelize(database, username, password, options)
    const arg = e.arguments?.[2];
    const value = lastName(e.expression) === "Sequelize" && arg ? stringValue(arg) : undefined;
    if (value) hits.push({ node: arg as ts.Node, value, what: "The database password passed to `new Sequelize`", env: "DB_PASSWORD" });
  }
  for (const b of index.of(ts.SyntaxKind.BinaryExpression)) {
    const op = b.operatorToken.kind;
    if (op === ts.SyntaxKind.EqualsToken) {
      // Koa: app.keys = ["…"] (or app["keys"])
      const left = unwrap(b.left);
      if ((ts.isPropertyAccessExpression(left) || ts.isElementAccessExpression(left)) && lastName(left) === "keys") {
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
    const decl = el.parent.parent;
    const name = (el.propertyName ?? el.name).getText(sf);
    const value = el.initializer && stringValue(el.initializer);
    if (!value || !ts.isVariableDeclaration(decl) || !decl.initializer || !isProcessEnv(decl.initializer) || !isSecretName(name)) continue;
    hits.push({ node: el, value, what: `\`${name}\``, env: name, fallback: snippet(sf, el, 60) });
  }
  return hits;
}

/**
 * The literal a key expression holds, following locals, readonly fields, constant objects and
 * helpers through the value flow, and `x || "literal"` fallbacks wherever they were written.
 */
function keyValue(index: FileIndex, e: ts.Expression, hops = 0): KeyValue | undefined {
  const x = keyMaterial(e);
  const direct = literal(x);
  if (direct) return hops === 0 ? { value: direct } : { value: direct, origin: x };
  if (ts.isBinaryExpression(x) && (x.operatorToken.kind === ts.SyntaxKind.BarBarToken || x.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken)) {
    const right = stringValue(x.right);
    if (right && right.trim() !== "" && valueFlow(index, PLAIN).valueOf(x.left).kind !== "const") return { value: right, fallback: x };
  }
  const configDefault = configFallback(x);
  if (configDefault) return configDefault;
  if (hops >= MAX_KEY_HOPS) return undefined;
  const source = sourceOf(index, x);
  if (source) {
    const held = keyValue(index, source, hops + 1);
    // The name at the use, however many hops the literal took to get there.
    return held && { ...held, through: x.getText(index.sf).slice(0, 40) };
  }
  const decl = ts.isIdentifier(x) ? index.resolve(x) : undefined;
  if (ts.isIdentifier(x) && !(decl && ts.isVariableDeclaration(decl))) return undefined;
  const { value: v, limited } = valueFlow(index, PLAIN).traced(x);
  if (v.kind !== "const" && limited) cutOff.set(index, [...(cutOff.get(index) ?? []), x]);
  return v.kind === "const" && v.text.trim() !== "" ? { value: v.text.trim(), through: x.getText(index.sf).slice(0, 40), origin: x } : undefined;
}

/** `this.key` where the class declares `readonly key = …`: what it is set to. */
function readonlyField(e: ts.PropertyAccessExpression): ts.Expression | undefined {
  let n: ts.Node = e;
  while (!ts.isClassLike(n)) {
    if (ts.isSourceFile(n)) return undefined;
    n = n.parent;
  }
  const field = n.members.find((m): m is ts.PropertyDeclaration => ts.isPropertyDeclaration(m) && m.name.getText() === e.name.text);
  const readonly = field?.modifiers?.some((k) => k.kind === ts.SyntaxKind.ReadonlyKeyword);
  return readonly ? field?.initializer : undefined;
}

/** NestJS `config.get("JWT_SECRET", "dev-secret")`: the default is a fallback. */
function configFallback(x: ts.Expression): KeyValue | undefined {
  if (!ts.isCallExpression(x) || calleeName(x) !== "get" || !/config/i.test(lastName(receiverOf(x) ?? x.expression) ?? "")) return undefined;
  const value = x.arguments[1] && stringValue(x.arguments[1]);
  return value && value.trim() !== "" ? { value, fallback: x } : undefined;
}

/** Where a local, a constant object's member or a local helper's result comes from, when the file shows it. */
function sourceOf(index: FileIndex, x: ts.Expression): ts.Expression | undefined {
  if (ts.isIdentifier(x)) {
    const decl = index.resolve(x);
    const constant = decl && ts.isVariableDeclaration(decl) && (decl.parent.flags & ts.NodeFlags.Const) !== 0;
    return constant && decl.initializer ? decl.initializer : undefined;
  }
  if (ts.isPropertyAccessExpression(x)) {
    const owner = unwrap(x.expression);
    if (owner.kind === ts.SyntaxKind.ThisKeyword) return readonlyField(x);
    const object = sourceOf(index, owner);
    const init = object && unwrap(object);
    if (!init || !ts.isObjectLiteralExpression(init)) return undefined;
    const prop = init.properties.find((p) => (ts.isPropertyAssignment(p) || ts.isShorthandPropertyAssignment(p)) && propertyName(p) === x.name.text);
    if (prop && ts.isPropertyAssignment(prop)) return prop.initializer;
    return prop && ts.isShorthandPropertyAssignment(prop) ? prop.name : undefined;
  }
  return undefined;
}

/** Ways the record was loaded without its password: `select("-password")`, `exclude`, a rest that drops it. */
const PASSWORD_DROPPED = /-password|exclude|omit|select\s*:|attributes\s*:|projection/i;

/** `jwt.sign({ password: … })`, `new SignJWT({ ...user })`: secrets inside the token's payload. */
function payloadHits(index: FileIndex): Hit[] {
  const payloads: ts.Expression[] = [];
  for (const call of index.of(ts.SyntaxKind.CallExpression)) {
    const name = calleeName(call);
    // NestJS JwtService has signAsync too; both take the payload first.
    if ((name === "sign" || name === "signAsync") && positionalApplies(index, call, "sign") && call.arguments[0]) payloads.push(call.arguments[0]);
  }
  for (const e of index.of(ts.SyntaxKind.NewExpression)) {
    if (JOSE_BUILDERS.test(lastName(e.expression) ?? "") && e.arguments?.[0]) payloads.push(e.arguments[0]);
  }
  const hits: Hit[] = [];
  const properties: ts.ObjectLiteralElementLike[] = [];
  for (const arg of payloads) {
    const object = objectOf(index, arg);
    if (object) properties.push(...object.properties, ...addedLater(index, arg));
    else if (wholeRecord(index, arg)) hits.push({ node: arg, value: "", what: `\`${snippet(index.sf, arg, 30)}\``, env: "", messageId: "payloadObject" });
  }
  for (const p of properties) {
    const key = ts.isSpreadAssignment(p) ? undefined : (propertyName(p) ?? "");
    if (key !== undefined && isTokenPayloadSecret(key)) {
      hits.push({ node: p, value: key, what: `\`${key}\``, env: "", messageId: "payload" });
    } else if (ts.isSpreadAssignment(p) || ts.isShorthandPropertyAssignment(p)) {
      const record = ts.isSpreadAssignment(p) ? p.expression : p.name;
      if (wholeRecord(index, record)) hits.push({ node: p, value: "", what: `\`${snippet(index.sf, p, 30)}\``, env: "", messageId: "payloadObject" });
    }
  }
  for (const set of payloads.flatMap((arg) => keysSetLater(index, arg))) {
    hits.push({ node: set.node, value: set.key, what: `\`${set.key}\``, env: "", messageId: "payload" });
  }
  return hits;
}

/** The local a payload is read from, and the uses of it before the signing call in the same function. */
function earlierUses(index: FileIndex, arg: ts.Expression): ts.Identifier[] {
  const x = unwrap(arg);
  const decl = ts.isIdentifier(x) ? index.resolve(x) : undefined;
  if (!decl || !ts.isVariableDeclaration(decl) || !ts.isIdentifier(x)) return [];
  let scope: ts.Node = decl;
  while (!ts.isSourceFile(scope) && !ts.isFunctionLike(scope)) scope = scope.parent;
  const uses: ts.Identifier[] = [];
  walk(scope, (n) => {
    if (ts.isIdentifier(n) && n.text === x.text && n.pos < arg.pos && n !== decl.name && index.resolve(n) === decl) uses.push(n);
  });
  return uses;
}

/** `Object.assign(payload, { password })`: what is merged into the payload before it is signed. */
function addedLater(index: FileIndex, arg: ts.Expression): ts.ObjectLiteralElementLike[] {
  return earlierUses(index, arg).flatMap((id) => {
    const call = id.parent;
    if (!ts.isCallExpression(call) || call.arguments[0] !== id || calleeName(call) !== "assign") return [];
    return call.arguments.slice(1).flatMap((a) => objectOf(index, a)?.properties ?? []);
  });
}

/** `payload.password = …`, `payload["passwordHash"] = …`: keys set on the payload before it is signed. */
function keysSetLater(index: FileIndex, arg: ts.Expression): { node: ts.Node; key: string }[] {
  return earlierUses(index, arg).flatMap((id) => {
    const access = id.parent;
    const set = access.parent;
    if (!ts.isBinaryExpression(set) || set.left !== access || set.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return [];
    const key = ts.isPropertyAccessExpression(access) ? access.name.text : ts.isElementAccessExpression(access) ? stringValue(access.argumentExpression) : undefined;
    return key && isTokenPayloadSecret(key) ? [{ node: set, key }] : [];
  });
}

/** The object literal a payload is, directly or through a const local. */
function objectOf(index: FileIndex, e: ts.Expression): ts.ObjectLiteralExpression | undefined {
  const x = unwrap(e);
  if (ts.isObjectLiteralExpression(x)) return x;
  const source = ts.isIdentifier(x) ? sourceOf(index, x) : undefined;
  return source && ts.isObjectLiteralExpression(unwrap(source)) ? (unwrap(source) as ts.ObjectLiteralExpression) : undefined;
}

/** A user record spread or nested whole, unless the file shows it was loaded without its password. */
function wholeRecord(index: FileIndex, e: ts.Expression): boolean {
  let x = unwrap(e);
  // `user.toJSON()`, `user.get({ plain: true })`, `user.toObject()`
  if (ts.isCallExpression(x) && /^(?:toJSON|toObject|get)$/.test(calleeName(x) ?? "") && receiverOf(x)) x = unwrap(receiverOf(x) as ts.Expression);
  if (!ts.isIdentifier(x)) return false;
  const decl = index.resolve(x);
  if (!decl || !(isUserRecordName(x.text) || readsUserStore(decl))) return false;
  if (ts.isBindingElement(decl) && decl.dotDotDotToken) return false;
  const source = ts.isVariableDeclaration(decl) ? decl.initializer : undefined;
  return !(source && PASSWORD_DROPPED.test(source.getText(index.sf)));
}

/** Where user rows are read from: `User.findOne`, `prisma.user`, `this.usersService`, `userRepository`. */
const USER_STORE = /^(?:users?|accounts?|members?|customers?)(?:Repository|Repo|Model|Service|Collection|Store|Dao)$/i;

/** `const found = await User.findOne(…)`: a local bound from a query of the users, whatever it is called. */
function readsUserStore(decl: ts.Node): boolean {
  if (!ts.isVariableDeclaration(decl) || !decl.initializer) return false;
  let init = unwrap(decl.initializer);
  while (ts.isAwaitExpression(init)) init = unwrap(init.expression);
  if (!ts.isCallExpression(init)) return false;
  const names: string[] = [];
  for (let e: ts.Expression = unwrap(init.expression); ; ) {
    if (ts.isPropertyAccessExpression(e)) names.push(e.name.text), (e = unwrap(e.expression));
    else if (ts.isCallExpression(e)) e = unwrap(e.expression);
    else {
      if (ts.isIdentifier(e)) names.push(e.text);
      break;
    }
  }
  return names.some((n) => USER_STORE.test(n) || (isUserRecordName(n) && nameWords(n).length === 1));
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

/** `Buffer.from("…")`, `new TextEncoder().encode("…")`: the literal inside. */
function keyMaterial(e: ts.Expression): ts.Expression {
  const x = unwrap(e);
  const name = ts.isCallExpression(x) ? calleeName(x) : undefined;
  if (ts.isCallExpression(x) && (name === "from" || name === "encode" || name === "createSecretKey") && x.arguments[0]) return keyMaterial(x.arguments[0]);
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

function envName(key: string, p: ts.PropertyAssignment | ts.ShorthandPropertyAssignment): string {
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
