// Authentication done in a way that does not authenticate: a JWT decoded instead of verified,
// `none` accepted as a signing algorithm, expiry ignored, passwords compared in plain text or
// hashed with a fast digest or a low bcrypt cost.
import { ts } from "ts-morph";
import { defineVerifier } from "../types.js";
import { allOf, anyCase, keyGate, memberGate, shorthandGate, wordGate } from "../../engine/rule-gate.js";
import { nameWords } from "../names.js";
import { isTestOrSeedPath } from "../../analysis/typescript/dev-only.js";
import { calleeLabel, calleeName, enclosingFunction, lastName, receiverOf, unwrap } from "../../analysis/typescript/expressions.js";
import { indexOf, type FileIndex } from "../../analysis/typescript/file-index.js";
import { inLineOrder } from "../../analysis/typescript/line-order.js";
import { declaredValue, isTrue, propertyName, stringValue } from "../../analysis/typescript/literals.js";
import { lineOf, snippet } from "../../analysis/typescript/positions.js";
import { requestData } from "../../knowledge/typescript/request-data.js";
import { PASSWORD_WORDS } from "../../knowledge/secret-names.js";
import { walk } from "../../analysis/typescript/walk.js";

/** Where a decoded token would be trusted: server code. */
const SERVER_MODULES = /^(?:express|fastify|koa|@koa\/router|koa-router|hono(?:\/[\w-]+)?|@nestjs\/[\w-]+|@hapi\/hapi|restify|jsonwebtoken|jose|@fastify\/jwt|passport(?:-[\w-]+)?|next\/server|h3)$/;
const JWT_OWNER_NAMES = ["jwt", "jsonwebtoken", "JWT", "jwtService", "jose", "Jwt", "token", "tokens", "fastify.jwt"];
const JWT_OWNERS = new RegExp(`^(?:${JWT_OWNER_NAMES.join("|").replace(/\./g, "\\.")})$`);
const DECODER_NAMES = ["decode", "decodeJwt", "jwtDecode", "jwt_decode", "decodeToken"];
const DECODERS = new RegExp(`^(?:${DECODER_NAMES.join("|")})$`);
const DECODE_MODULE_NAMES = ["jsonwebtoken", "jwt-decode", "jose", "hono/jwt", "hono/utils/jwt/jwt"];
const DECODE_MODULES = new RegExp(`^(?:${DECODE_MODULE_NAMES.join("|")})$`);
const VERIFIERS = /^(?:verify|verifyAsync|jwtVerify|verifyToken|verifyJwt|verifyJWT|verifyIdToken|verifyAccessToken|jwtVerifyAsync)$/;
const PASSWORD = new RegExp(`^(?:${[...PASSWORD_WORDS].join("|")})$`, "i");
const NOT_THE_SECRET = /confirm|repeat|again|retype|verify|verification|2$|old|previous|current/i;
const DIGEST_NAMES = ["md5", "sha1", "sha256", "sha512", "sha224", "sha384", "MD5", "SHA1", "SHA256", "SHA512", "SHA224", "SHA384", "ripemd160"];
const DIGESTS = new RegExp(`^(?:${DIGEST_NAMES.join("|")})$`);
const MIN_BCRYPT_COST = 10;

/**
 * What each report needs in the text: `ignoreExpiration`/`algorithm(s)` keys (also shorthand); a DECODERS call on
 * a JWT_OWNERS receiver or from DECODE_MODULES; `createHash`, or a DIGESTS call with a
 * password-named identifier; bcrypt; a `.password`-like member (PASSWORD, any case) for the plain
 * comparison. `pass` and `Decode` alone are everywhere in 3D code (RenderPass).
 */
const GATE = wordGate(
  ["ignoreExpiration", "createHash"],
  /bcrypt/,
  keyGate(["algorithm", "algorithms"]),
  shorthandGate(["algorithm", "algorithms"]),
  allOf(wordGate(DECODER_NAMES), new RegExp([...JWT_OWNER_NAMES, ...DECODE_MODULE_NAMES].join("|").replace(/\./g, "\\."))),
  allOf(wordGate(DIGEST_NAMES), new RegExp(anyCase(PASSWORD_WORDS).join("|"))),
  memberGate(anyCase(PASSWORD_WORDS)),
);

export const verifier = defineVerifier({
  id: "typescript/auth",
  languages: ["typescript", "javascript"],
  messageIds: ["decode", "algNone", "ignoreExpiration", "plainPassword", "fastHash", "weakCost"],
  gate: GATE,
  check: inLineOrder((ctx) => {
    const sf = ctx.typescript();
    const index = indexOf(sf);
    const inTests = isTestOrSeedPath(ctx.path);
    const server = index.once("server", () => [...index.modules].some((m) => SERVER_MODULES.test(m))) && !/\.[jt]sx$/.test(ctx.path);

    for (const p of [...index.of(ts.SyntaxKind.PropertyAssignment), ...index.of(ts.SyntaxKind.ShorthandPropertyAssignment)]) {
      // The key in any spelling (`"ignoreExpiration": true`, `["algorithms"]: …`, `{ algorithms }`),
      // the value through declarations (`const ALGS = ["none"]`).
      const key = propertyName(p);
      const value = declaredValue(index, ts.isPropertyAssignment(p) ? p.initializer : p.name);
      if (key === "ignoreExpiration" && isTrue(value) && !inTests) {
        ctx.report({ messageId: "ignoreExpiration", line: lineOf(sf, p) });
      } else if (key === "algorithms" || key === "algorithm") {
        const values = ts.isArrayLiteralExpression(value) ? value.elements.map((e) => stringValue(declaredValue(index, e))) : [stringValue(value)];
        if (values.some((s) => s?.toLowerCase() === "none")) ctx.report({ messageId: "algNone", line: lineOf(sf, p), data: { key } });
      }
    }

    for (const call of index.of(ts.SyntaxKind.CallExpression)) {
      const name = calleeName(call);
      if (!name) continue;
      const receiver = receiverOf(call);
      const owner = receiver ? lastName(receiver) ?? "" : "";
      if (DECODERS.test(name) && (server || hasRequestParameter(call)) && isJwtDecode(index, name, owner, receiver)) {
        if (!verifiedNearby(call)) ctx.report({ messageId: "decode", line: lineOf(sf, call), data: { call: calleeLabel(sf, call.expression) } });
        continue;
      }
      const arg = call.arguments[0];
      if (name === "update" && receiver && ts.isCallExpression(unwrap(receiver)) && calleeName(unwrap(receiver) as ts.CallExpression) === "createHash") {
        const algorithm = stringValue((unwrap(receiver) as ts.CallExpression).arguments[0]) ?? "a fast hash";
        if (arg && isPassword(arg)) ctx.report({ messageId: "fastHash", line: lineOf(sf, call), data: { digest: algorithm, value: snippet(sf, arg) } });
      } else if (DIGESTS.test(name) && arg && isPassword(arg)) {
        ctx.report({ messageId: "fastHash", line: lineOf(sf, call), data: { digest: name, value: snippet(sf, arg) } });
      } else if (/^bcrypt(?:js)?$/.test(owner) || index.imports.get(name)?.startsWith("bcrypt")) {
        const cost = name === "hash" || name === "hashSync" ? call.arguments[1] : name === "genSalt" || name === "genSaltSync" ? arg : undefined;
        const c = cost && unwrap(cost);
        if (c && ts.isNumericLiteral(c) && Number(c.text) < MIN_BCRYPT_COST) ctx.report({ messageId: "weakCost", line: lineOf(sf, call), data: { cost: c.text } });
      }
    }

    for (const b of index.of(ts.SyntaxKind.BinaryExpression)) {
      const op = b.operatorToken.kind;
      const equality =
        op === ts.SyntaxKind.EqualsEqualsEqualsToken ||
        op === ts.SyntaxKind.ExclamationEqualsEqualsToken ||
        op === ts.SyntaxKind.EqualsEqualsToken ||
        op === ts.SyntaxKind.ExclamationEqualsToken;
      if (!equality) continue;
      const stored = storedPassword(index, b.left) ? b.right : storedPassword(index, b.right) ? b.left : undefined;
      if (stored && isSubmittedPassword(index, stored)) {
        ctx.report({ messageId: "plainPassword", line: lineOf(sf, b), data: { comparison: snippet(sf, b) } });
      }
    }
  }),
});

function isJwtDecode(index: FileIndex, name: string, owner: string, receiver: ts.Expression | undefined): boolean {
  if (receiver) return JWT_OWNERS.test(owner) || JWT_OWNERS.test(receiver.getText(index.sf).replace(/^this\./, ""));
  return DECODE_MODULES.test(index.imports.get(name) ?? "");
}

/** A `verify` call in the same function (or one around it): the decode is then only a read of a verified token. */
function verifiedNearby(call: ts.CallExpression): boolean {
  for (let fn = enclosingFunction(call); fn; fn = enclosingFunction(fn)) {
    let found = false;
    walk(fn, (node) => {
      if (!found && ts.isCallExpression(node) && VERIFIERS.test(calleeName(node) ?? "")) found = true;
    });
    if (found) return true;
  }
  return false;
}

function hasRequestParameter(call: ts.CallExpression): boolean {
  const fn = enclosingFunction(call);
  if (fn && ts.isMethodDeclaration(fn) && fn.name.getText() === "canActivate") return true;
  return !!fn?.parameters.some((p) => ts.isIdentifier(p.name) && /^(?:req|request|ctx|c|context)$/.test(p.name.text));
}

/** `user.password`, `account.pwd`: a password read from a stored record (not from the request). */
function storedPassword(index: FileIndex, e: ts.Expression): boolean {
  const x = unwrap(e);
  if (!ts.isPropertyAccessExpression(x) || !PASSWORD.test(x.name.text)) return false;
  return !requestData(index, x);
}

/** The password the client submitted: a request field, or a local or parameter named like a password. */
function isSubmittedPassword(index: FileIndex, e: ts.Expression): boolean {
  const x = unwrap(e);
  if (ts.isCallExpression(x) || ts.isLiteralExpression(x) || x.kind === ts.SyntaxKind.NullKeyword || x.kind === ts.SyntaxKind.UndefinedKeyword) return false;
  const name = lastName(x) ?? "";
  if (NOT_THE_SECRET.test(name) || name === "undefined") return false;
  if (requestData(index, x)) return true;
  return PASSWORD.test(nameWords(name).at(-1) ?? "");
}

/** A value built from a password as typed (named like one, not a hash or a token about it). */
function isPassword(e: ts.Expression): boolean {
  let found = false;
  walk(e, (n) => {
    if (!found && ts.isIdentifier(n) && PASSWORD.test(nameWords(n.text).at(-1) ?? "")) found = true;
  });
  return found;
}
