// Which names say they hold a secret (a password, secret, token, key or credential), for every
// rule in every language: variables, attributes, dictionary and config keys, environment
// variables. The one vocabulary; rules import it and spell out no word list of their own.
import { nameWords } from "../verifiers/names.js";

/** The words that name a password (any case): `pwd`, `passphrase`. */
export const PASSWORD_WORDS: ReadonlySet<string> = new Set(["password", "passwd", "passphrase", "pwd", "pass"]);
/** Compound last words split into qualifier + noun: `apikey`, `dbpassword`, `clientsecret`. */
const NOUNS = ["password", "passwd", "passphrase", "secret", "token", "key"];
/** What makes a `key` a secret one (`api_key`, `SIGNING_KEY`); a bare `key` or `cache_key` is not. */
const KEY_QUALIFIERS = new Set([
  "api", "secret", "private", "access", "client", "auth", "encryption", "signing", "master", "app",
  "consumer", "webhook", "session", "account", "license", "service", "subscription", "ssh", "deploy",
]);
/** Tokens that are identifiers, not credentials: pagination cursors, CSRF form values. */
const NON_SECRET_TOKENS = new Set(["page", "next", "continuation", "csrf", "xsrf", "cancellation", "cursor", "pagination", "sync"]);
/** Values that carry credentials when written out whole: the Authorization header, cookies. */
const CARRIERS = new Set(["authorization", "cookie", "cookies"]);
/** Words that turn a secret's name into something about it: its hash, length, expiry, name, field. */
const ABOUT_SECRET = new Set([
  "hash", "hashed", "hasher", "digest", "len", "length", "count", "num", "id", "type", "types", "name", "url", "uri",
  "path", "file", "expires", "expiry", "exp", "expiration", "ttl", "timeout", "valid", "is", "has", "changed", "field",
  "label", "prompt", "policy", "min", "max", "required", "hint", "strength", "endpoint", "validator", "validators",
  "form", "input", "mask", "masked", "redacted", "backend", "version", "scope", "scopes", "header", "prefix", "usage",
  "arn", "ref", "manager", "store", "class", "model", "serializer", "generator", "format", "csrf", "xsrf",
  "page", "next", "cursor", "pagination", "continuation", "sync", "template", "message", "error", "algorithm",
]);

/** A cheap text test before the real one: any text naming a secret matches it (never the reverse). */
export const SECRET_NAME_HINT = /pass|pwd|secret|token|key|credential|authorization|cookie/i;

/** Lower-case words of a name, digits dropped, a compound last word split: `dbPassword2` → db, password. */
export function secretNameWords(name: string): string[] {
  const words = nameWords(name)
    .map((w) => w.replace(/[0-9]+$/, ""))
    .filter((w) => w !== "");
  const last = words.pop() ?? "";
  const noun = NOUNS.find((n) => last.endsWith(n) && last !== n);
  return noun ? [...words, last.slice(0, -noun.length), noun] : [...words, last];
}

/**
 * The kind of secret a name holds, by its last word: "password", "secret", "client secret",
 * "token", "API key", "<qualifier> key", "credential", "secret key"; undefined for any other name.
 */
export function secretKind(name: string): string | undefined {
  // Every word below is a substring of the name: most names fail here, before the split.
  if (!SECRET_NAME_HINT.test(name)) return undefined;
  const words = secretNameWords(name);
  const last = words.at(-1) ?? "";
  const prev = words.at(-2) ?? "";
  if (PASSWORD_WORDS.has(last)) return "password";
  if (last === "secret") return prev === "client" ? "client secret" : "secret";
  if (last === "token") return NON_SECRET_TOKENS.has(prev) ? undefined : "token";
  if ((last === "key" || last === "keys") && KEY_QUALIFIERS.has(prev)) return prev === "api" ? "API key" : `${prev} key`;
  if (last === "credential" || last === "credentials") return "credential";
  if (last === "base" && prev === "key" && words.at(-3) === "secret") return "secret key";
  return undefined;
}

/**
 * Whether a value under this name is a secret to keep out of logs and responses: a secret kind
 * or a credential carrier (`authorization`, `cookies`), and no other word makes it about the
 * secret rather than the secret itself (`password_hash`, `token_type`, `max_tokens`).
 */
export function isSecretName(name: string): boolean {
  const words = secretNameWords(name);
  const last = words.at(-1) ?? "";
  if (secretKind(name) === undefined && !CARRIERS.has(last)) return false;
  const about = last === "key" || last === "keys" ? words.slice(0, -2) : words.slice(0, -1);
  return !about.some((w) => ABOUT_SECRET.has(w));
}

/** Fields that must never be in a token's payload (it is only base64): the password, its hash or salt, an OTP seed. */
const PAYLOAD_SECRETS = new Set([
  "password", "passwd", "pwd", "passwordhash", "hashedpassword", "passwordsalt", "pwhash", "pwdhash",
  "otpsecret", "mfasecret", "totpsecret", "twofactorsecret",
]);

/** Whether a payload field by this name carries a password or one-time-password secret: `password`, `password_hash`. */
export function isTokenPayloadSecret(name: string): boolean {
  return PAYLOAD_SECRETS.has(name.toLowerCase().replace(/[-_]/g, ""));
}

/** A whole user record, which carries the password hash: `user`, `foundUser`, `db_user`, `account`, `customer`. */
export function isUserRecordName(name: string): boolean {
  const words = nameWords(name);
  const last = words.at(-1) ?? "";
  return words.length <= 3 && ["user", "account", "admin", "member", "customer", "profile"].includes(last);
}
