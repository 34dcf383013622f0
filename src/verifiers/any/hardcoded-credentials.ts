// Credentials written into a file's text: well-known token formats anywhere, literal values
// assigned to secret-named keys, and connection URLs that carry a password. Line by line with
// regular expressions, so every text format (source, YAML, .env, HCL, shell...) is read alike.
// Every pattern is bounded, or starts with a look-behind that stops it from restarting inside a
// run it already scanned, so a hostile line costs linear time.
import { SECRET_NAME_HINT, secretKind, secretNameWords } from "../../knowledge/secret-names.js";
import { LiteralSet } from "../../engine/literal-set.js";
import { BCRYPT_HASH, CRYPT_HASH, KEYED_FORMATS, SHADOW_LINE, TOKEN_FORMATS, entropy } from "../../knowledge/token-formats.js";
import { defineVerifier, type Report } from "../types.js";
import { extension } from "./formats/kind.js";
import { GitLines } from "../../engine/lines.js";
import { isTestOrFixturePath } from "../../knowledge/test-paths.js";

const MESSAGE_IDS = ["token", "privateKey", "assignment", "url", "npmrc", "shadow", "passwordHash"] as const;
type MessageId = (typeof MESSAGE_IDS)[number];

/** A quoted value longer than this is data, not a credential. */
const MAX_VALUE = 1000;

/** `Authorization: Bearer <token>` with the token written out, in code, curl flags or config. */
const AUTH_HEADER = /\bAuthorization["']?\s{0,3}[:=,]\s{0,3}["'`]?\s{0,3}(Bearer|Basic|Token|token)\s{1,3}([A-Za-z0-9._~+/=-]{16,1000})(?![A-Za-z0-9._~+/=-])/gi;
/** A .netrc entry: `machine host login user password secret`. */
const NETRC_PASSWORD = /(?:^|\s)password\s{1,10}(\S{1,200})/;
const NETRC_PATH = /(?:^|\/)[._]netrc$/;
const NPMRC_PATH = /(?:^|\/)\.?npmrc$/;
/** An .npmrc credential: `//registry.npmjs.org/:_authToken=…`, `_auth=…` (base64 user:password), `_password=…`. */
const NPMRC_AUTH = /(?:^|:)(_authToken|_auth|_password)\s{0,5}=\s{0,5}["']?([^\s"']{1,2000})/;

const PEM = /-----BEGIN ((?:[A-Z0-9]{1,20} ){0,3}PRIVATE KEY(?: BLOCK)?)-----/;
/** A run of base64 as long as a key body line: a header alone (documentation, a prefix check) is not a key. */
const PEM_BODY = /[A-Za-z0-9+/]{40}/;

const URL_WITH_PASSWORD =
  /(?<![A-Za-z0-9+.-])([A-Za-z][A-Za-z0-9+.-]{1,30}):\/\/[^\s:@/'"`]{0,100}:([^\s@/'"`]{1,200})@(?=[\w[])/g;

const NAME =
  /(?<![\w.])(?<!\w-)([A-Za-z_][\w.-]{0,100})["'\]]{0,2}\s{0,8}(:=|=>|\|\|=|\?\?=|=(?![=~>])|:(?!:))/g;
/** What may precede the first key of a line in .env, YAML, Dockerfiles, shell and CLI flags. */
const LINE_START = /^\s{0,200}(?:-\s{1,8})?(?:(?:export|ENV|ARG|set|setx|local|readonly|declare)\s{1,8})?(?:--?|["'])?/;
/** A type annotation between a name and its value: `password: str = "..."`. */
const ANNOTATION = /^\s{0,8}[A-Za-z_][\w.[\]|, ]{0,80}=(?![=>])/;
const XML_ELEMENT = /<([A-Za-z_][\w.-]{0,60})>([^<\n]{1,500})<\/\1>/g;

/** Where an unquoted value is an expression (a variable, a call), never a literal. */
const CODE_EXTENSIONS = new Set(
  "py pyi ts tsx mts cts js jsx mjs cjs java kt kts scala groovy go rs rb php cs fs vb swift dart c cc cpp cxx h hpp m mm lua pl pm ex exs erl clj tf tfvars hcl".split(" "),
);

/** Tests and example files (.env.example) hold fixtures and placeholders: only random-looking values count there. */
const SAMPLE_PATH = /\.(?:example|sample|template|dist)$|(?:^|\/)(?:examples?|samples?)\//;

/** Values that are key names, types or switches rather than secrets. */
const NON_VALUES = new Set([
  "password", "passwd", "pwd", "pass", "passphrase", "secret", "secretkey", "token", "key", "apikey", "apitoken",
  "accesstoken", "authtoken", "privatekey", "clientsecret", "credential", "credentials", "dbpassword",
  "none", "null", "nil", "undefined", "true", "false", "yes", "no", "on", "off", "required", "optional",
  "string", "str", "text", "bytes", "secretstr", "value", "default", "empty", "hidden", "masked", "notset", "unset",
  "na", "n/a", "~", "todo", "tbd", "fixme",
  // fetch's `credentials` modes.
  "omit", "sameorigin", "include",
]);
const PLACEHOLDER =
  /^(?:x+|\*+|\.+|…+|-+|_+|#+|\?+|0+)$|change[-_ ]?(?:me|it|this)|example|dummy|placeholder|redacted|xxxx|\*\*\*|^your[-_ ]?|[-_ ]here$|^replace[-_ ]|^insert[-_ ]|^enter[-_ ]/i;
const REFERENCE = /\$\{|\{\{|\$\(|%\(|^\$[A-Za-z_]|^%[A-Za-z_]\w*%$|^#\{|^@[A-Za-z_][\w.]*@$|^\{[\w.]*\}$|^<[^<>]*>$/;
const FILE_OR_URL = /^(?:\.{0,2}\/|~\/|[A-Za-z]:\\|https?:\/\/)/;
/** A sentence or a capitalised word: a form label or a translation, not a secret. */
const PROSE = /^\p{L}+(?: \p{L}+)+[.:!?]?$|^\p{Lu}\p{Ll}+:?$/u;
/** snake_case, dotted or UPPER_SNAKE names: an environment variable or config key used as a value. */
const IDENTIFIER_VALUE = /^[a-z]+(?:[_.][a-z]+)+$|^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/;
/** A CSS selector or an event namespace (`.data-api`, `#login-form`), not a secret. */
const SELECTOR = /^[.#][a-z][\w-]*$/;
/** A lexer's token types (`token: "comment"`, `"keyword.operator"`): what a bare `token` names beside a `regex` in an editor mode. */
const TOKEN_TYPE = /^[a-z]+(?:[._-][a-z]+)*$/;
const DOTTED_REFERENCE = /^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+$/;
const FAKE_WORDS = /test|fake|mock|dummy|example|sample|fixture|stub|invalid|bogus/i;
const FAKE_TOKEN = /example|x{6}|X{6}|0{6}|\*{3}|\.{3}|0123456|1234567|abcdefg|ABCDEFG/i;

export const verifier = defineVerifier({
  id: "any/hardcoded-credentials",
  languages: ["any"],
  messageIds: MESSAGE_IDS,
  check(ctx) {
    const inTests = isTestOrFixturePath(ctx.path) || SAMPLE_PATH.test(ctx.path);
    const code = CODE_EXTENSIONS.has(extension(ctx.path));
    const netrc = NETRC_PATH.test(ctx.path);
    const npmrc = NPMRC_PATH.test(ctx.path);
    const lines = ctx.text.split("\n");
    const tokens = knownTokens(ctx.text, inTests);
    // Literal text each pattern needs: a file without it skips that pattern on every line.
    const has = { pem: ctx.text.includes("-----BEGIN "), auth: /authorization/i.test(ctx.text), xml: ctx.text.includes("</") };
    lines.forEach((line, i) => {
      if (line.length < 4 || line.trim() === "") return;
      const found =
        (has.pem ? privateKey(line, lines, i) : undefined) ??
        tokens.get(i) ??
        urlPassword(line, inTests) ??
        (has.auth ? authorizationHeader(line, inTests) : undefined) ??
        (netrc || /^\s{0,20}(?:machine|default)\s/.test(line) ? netrcPassword(line, inTests) : undefined) ??
        (npmrc ? npmrcAuth(line, inTests) : undefined) ??
        passwordHash(line, inTests) ??
        assignment(line, code, inTests) ??
        (has.xml ? xmlElement(line, inTests) : undefined);
      if (found) ctx.report({ ...found, line: i + 1 });
    });
  },
});

type Found = Pick<Report<MessageId>, "messageId" | "data">;

function privateKey(line: string, lines: string[], i: number): Found | undefined {
  const m = PEM.exec(line);
  if (!m) return undefined;
  const after = [line.slice(m.index + m[0].length), ...lines.slice(i + 1, i + 5)];
  return after.some((l) => PEM_BODY.test(l)) ? { messageId: "privateKey", data: { kind: m[1] ?? "PRIVATE KEY" } } : undefined;
}

const TOKEN_HINTS = new LiteralSet([...new Set(TOKEN_FORMATS.flatMap((f) => f.hint))]);

/**
 * The well-known token on each line (0-based index), one pass per format over the whole text:
 * no format's character classes include a line break, so a match never spans lines, and a line
 * gets the first format (in table order) that matches it there, as a line-by-line search would.
 */
function knownTokens(text: string, inTests: boolean): Map<number, Found> {
  const found = new Map<number, Found>();
  const lines = new GitLines(text);
  const hints = TOKEN_HINTS.presentIn(text);
  for (const format of TOKEN_FORMATS) {
    if ((inTests && format.inTests === false) || !format.hint.some((h) => hints.has(h))) continue;
    for (const m of text.matchAll(format.pattern)) {
      const token = m[0];
      const line = lines.lineOf(m.index) - 1;
      if (found.has(line) || looksFake(token) || (format.valid && !format.valid(token))) continue;
      found.set(line, { messageId: "token", data: { kind: format.kind, preview: preview(token) } });
    }
  }
  return found;
}

function urlPassword(line: string, inTests: boolean): Found | undefined {
  if (!line.includes("://")) return undefined;
  for (const m of line.matchAll(URL_WITH_PASSWORD)) {
    const [, scheme = "", password = ""] = m;
    if (!isSecretValue(password, "password", "", inTests)) continue;
    return { messageId: "url", data: { scheme: scheme.toLowerCase(), preview: preview(password) } };
  }
  return undefined;
}

function authorizationHeader(line: string, inTests: boolean): Found | undefined {
  for (const m of line.matchAll(AUTH_HEADER)) {
    const [, scheme = "", value = ""] = m;
    if (!isSecretValue(value, "token", "", inTests) || looksFake(value)) continue;
    return { messageId: "token", data: { kind: `A ${scheme.toLowerCase() === "basic" ? "Basic" : "bearer"} credential in an Authorization header`, preview: preview(value) } };
  }
  return undefined;
}

function netrcPassword(line: string, inTests: boolean): Found | undefined {
  const value = NETRC_PASSWORD.exec(line)?.[1];
  if (value === undefined || !isSecretValue(value, "password", "password", inTests)) return undefined;
  return { messageId: "assignment", data: { name: "password", kind: "password", preview: preview(value) } };
}

function npmrcAuth(line: string, inTests: boolean): Found | undefined {
  const [, key = "", value = ""] = NPMRC_AUTH.exec(line) ?? [];
  if (!value || !isSecretValue(value, "token", key, inTests) || looksFake(value)) return undefined;
  return { messageId: "npmrc", data: { key, preview: preview(value) } };
}

/** A crypt(3) hash in an /etc/shadow line sets a login password; a bcrypt hash in code can be cracked offline. */
function passwordHash(line: string, inTests: boolean): Found | undefined {
  if (!line.includes("$")) return undefined;
  const shadow = SHADOW_LINE.exec(line);
  if (shadow) return { messageId: "shadow", data: { user: shadow[0].replace(/^["'\s]/, "").split(":")[0] ?? "" } };
  const bcrypt = inTests ? null : BCRYPT_HASH.exec(line);
  return bcrypt && !looksFake(bcrypt[0].slice(7)) ? { messageId: "passwordHash", data: { preview: preview(bcrypt[0]) } } : undefined;
}

function assignment(line: string, code: boolean, inTests: boolean): Found | undefined {
  // The secret's name is part of the line: a line without the hint has none.
  if (!SECRET_NAME_HINT.test(line)) return undefined;
  const lead = LINE_START.exec(line)?.[0].length ?? 0;
  for (const m of line.matchAll(NAME)) {
    const [whole, name = "", sep = ""] = m;
    const kind = secretKind(name);
    if (!kind) continue;
    const words = secretNameWords(name);
    // `?password=`, `;Password=`: a parameter inside a URL or connection string.
    const param = m.index > 0 && "?&;".includes(line.charAt(m.index - 1));
    let rest = line.slice(m.index + whole.length);
    if (code && sep === ":") rest = rest.slice(ANNOTATION.exec(rest)?.[0].length ?? 0);
    const value = readValue(rest, { unquoted: param || (!code && m.index === lead), param });
    if (value === undefined) continue;
    const keyed = KEYED_FORMATS.find((f) => f.words.every((w) => words.includes(w)) && f.value.test(value));
    if (keyed) {
      if (looksFake(value)) continue;
      return { messageId: "token", data: { kind: keyed.kind, preview: preview(value) } };
    }
    // Ansible's `password: "$6$…"` sets a login password as a shadow line does; bcrypt is passwordHash's.
    if (kind === "password" && !inTests && CRYPT_HASH.test(value) && !/^\$2/.test(value)) return { messageId: "shadow", data: { user: name } };
    // An editor mode's lexer rule (`{token:"comment",regex:…}`): a token type, not a credential.
    if (name.toLowerCase() === "token" && TOKEN_TYPE.test(value) && /\bregex\b/.test(line)) continue;
    if (!isSecretValue(value, kind, name, inTests)) continue;
    return { messageId: "assignment", data: { name, kind, preview: preview(value) } };
  }
  return undefined;
}

function xmlElement(line: string, inTests: boolean): Found | undefined {
  if (!SECRET_NAME_HINT.test(line)) return undefined;
  for (const m of line.matchAll(XML_ELEMENT)) {
    const [, name = "", raw = ""] = m;
    const kind = secretKind(name);
    const value = raw.trim();
    if (kind && isSecretValue(value, kind, name, inTests)) {
      return { messageId: "assignment", data: { name, kind, preview: preview(value) } };
    }
  }
  return undefined;
}

/** The literal a name is set to, or undefined when it is an expression, a reference or absent. */
function readValue(rest: string, opts: { unquoted: boolean; param: boolean }): string | undefined {
  const start = rest.length - rest.trimStart().length;
  // Python string prefixes; an f-string with braces is built at run time.
  const prefix = /^[rRbBuUfF]{0,2}(?=["'`])/.exec(rest.slice(start))?.[0] ?? "";
  const open = start + prefix.length;
  const quote = rest.charAt(open);
  if (quote === '"' || quote === "'" || quote === "`") {
    const value = readQuoted(rest, open);
    if (value === undefined || (/[fF]/.test(prefix) && value.includes("{"))) return undefined;
    return value;
  }
  if (!opts.unquoted) return undefined;
  const raw = /^[^\s'"`]{0,1000}/.exec(rest.slice(start))?.[0] ?? "";
  const value = (opts.param ? raw.split(/[&;]/)[0] ?? "" : raw).replace(/[,;]+$/, "");
  // YAML tags, anchors, block scalars and flow collections; shell expansions; calls.
  if (/^[!&*|>{[($]/.test(value) || value.includes("(") || DOTTED_REFERENCE.test(value)) return undefined;
  return value;
}

function readQuoted(s: string, open: number): string | undefined {
  const quote = s.charAt(open);
  let out = "";
  for (let i = open + 1; i < s.length && i - open <= MAX_VALUE; i++) {
    const c = s.charAt(i);
    if (c === quote) return out;
    if (c === "\\") {
      out += s.charAt(i + 1);
      i++;
    } else {
      out += c;
    }
  }
  return undefined;
}

/**
 * Whether a literal looks like a real secret rather than a placeholder, a reference or a name.
 * Passwords are often short words, so outside tests any literal password counts; keys and tokens
 * are machine-made, so they must also look random. In tests only long random values count.
 */
function isSecretValue(value: string, kind: string, name: string, inTests: boolean): boolean {
  const v = value.trim();
  const squashed = v.toLowerCase().replace(/[-_. ]/g, "");
  if (v === "" || NON_VALUES.has(squashed) || squashed === name.toLowerCase().replace(/[-_. ]/g, "")) return false;
  if (CRYPT_HASH.test(v) || PLACEHOLDER.test(v) || REFERENCE.test(v) || FILE_OR_URL.test(v) || PROSE.test(v) || IDENTIFIER_VALUE.test(v)) return false;
  // A password may start with `#` or `.`; a key or token that reads as a selector is one.
  if (kind !== "password" && SELECTOR.test(v)) return false;
  if (inTests) return v.length >= 16 && entropy(v) >= 3.5 && !FAKE_WORDS.test(v);
  if (kind === "password") return v.length >= 4;
  // Tokens are machine-made: text with spaces in it (`"#define inline"`) is a marker, not a token.
  if (kind === "token" && /\s/.test(v)) return false;
  return v.length >= 8 && entropy(v) >= 2.5;
}

function looksFake(token: string): boolean {
  return FAKE_TOKEN.test(token) || entropy(token) < 3;
}

/** At most the first four characters, fewer for short values, so a message never leaks the secret. */
function preview(secret: string): string {
  return `${secret.slice(0, Math.min(4, Math.floor(secret.length / 4)))}…`;
}

