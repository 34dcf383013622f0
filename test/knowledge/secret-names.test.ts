// The one vocabulary of secret-like names, as every rule reads it.
import { describe, expect, it } from "@jest/globals";
import { SECRET_NAME_HINT, isSecretName, secretKind, secretNameWords } from "../../src/knowledge/secret-names.js";

describe("secret-like names", () => {
  it.each([
    ["DB_PASSWORD", "password"],
    ["dbPassword2", "password"],
    ["pwd", "password"],
    ["clientSecret", "client secret"],
    ["GITHUB_TOKEN", "token"],
    ["APIKEY", "API key"],
    ["stripe_api_key", "API key"],
    ["SSH_KEY", "ssh key"],
    ["session_keys", "session key"],
    ["aws_credentials", "credential"],
    ["secret_key_base", "secret key"],
  ])("%s holds a %s", (name, kind) => {
    expect(secretKind(name)).toBe(kind);
    expect(isSecretName(name)).toBe(true);
  });

  it.each(["next_page_token", "csrfToken", "XSRF_TOKEN", "cache_key", "key", "username", "max_tokens", "monkey"])("%s is not a secret", (name) => {
    expect(secretKind(name)).toBeUndefined();
    expect(isSecretName(name)).toBe(false);
  });

  it.each(["password_hash", "token_type", "api_key_name", "PASSWORD_MIN_LENGTH_password", "password_field_password"])(
    "%s is about a secret, not the secret",
    (name) => expect(isSecretName(name)).toBe(false),
  );

  it("counts credential carriers as secrets to keep out of logs, not as a kind of hard-coded credential", () => {
    expect(isSecretName("authorization")).toBe(true);
    expect(isSecretName("request_cookies")).toBe(true);
    expect(secretKind("authorization")).toBeUndefined();
  });

  it("splits a compound last word", () => {
    expect(secretNameWords("dbpassword")).toEqual(["db", "password"]);
    expect(secretNameWords("privateKey")).toEqual(["private", "key"]);
  });
});

describe("the text hint", () => {
  it.each(["DB_PASSWORD", "db_pwd", "clientSecret", "GITHUB_TOKEN", "APIKEY", "SSH_KEY", "aws_credentials", "authorization", "request_cookies", "secret_key_base"])(
    "matches %s, a name the vocabulary calls secret",
    (name) => expect(SECRET_NAME_HINT.test(name)).toBe(true),
  );
});
