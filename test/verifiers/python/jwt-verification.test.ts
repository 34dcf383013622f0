import { ruleTester } from "../../support/rule-tester.js";

const py = (s: TemplateStringsArray): string => (s.raw[0] ?? "").replace(/^\n/, "");

ruleTester("python/jwt-verification", {
  invalid: [
    {
      name: "gate: PyJWT decode written in fullwidth letters, signature not verified",
      code: `import jwt


def current_user(token: str) -> dict:
    return jwt.ｄｅｃｏｄｅ(token, options={"verify_signature": False})
`,
      errors: [{ messageId: "verifyOff", line: 5 }],
    },
    {
      name: "attack: an authlib import written only in a docstring does not switch the rule off",
      path: "app/auth/tokens.py",
      code: py`
"""Token helpers.

We used to do: from authlib.jose import jwt
"""
import jwt


def claims(token):
    return jwt.decode(token, options={"verify_signature": False})
`,
      errors: [{ messageId: "verifyOff", line: 9 }],
    },
    {
      name: "attack: a real authlib import beside PyJWT only exempts authlib's own calls",
      path: "app/auth/tokens.py",
      code: py`
import authlib
import jwt


def claims(token, key):
    authlib.jose.jwt.decode(token, key)
    return jwt.decode(token, options={"verify_signature": False})
`,
      errors: [{ messageId: "verifyOff", line: 7 }],
    },
    {
      name: "a bare decode imported in a parenthesised, multi-line import",
      path: "app/auth/tokens.py",
      code: py`
from jwt import (
    encode,
    decode,
)


def claims(token):
    return decode(token, options={"verify_signature": False})
`,
      errors: [{ messageId: "verifyOff", line: 8 }],
    },
    {
      name: "FastAPI dependency: signature verification switched off in options",
      path: "app/auth/deps.py",
      code: py`
import jwt
from fastapi import Depends, HTTPException
from fastapi.security import OAuth2PasswordBearer

oauth2_scheme = OAuth2PasswordBearer(tokenUrl="token")


def get_current_user(token: str = Depends(oauth2_scheme)):
    payload = jwt.decode(token, options={"verify_signature": False})
    if "sub" not in payload:
        raise HTTPException(status_code=401)
    return payload["sub"]
`,
      errors: [{ messageId: "verifyOff", line: 9 }],
      messageIncludes: ['`jwt.decode` decodes the JWT with signature verification turned off (`"verify_signature": False`)', "get_unverified_header"],
    },
    {
      name: "Django middleware: PyJWT 1 verify=False",
      path: "accounts/middleware.py",
      code: py`
import jwt
from django.conf import settings


class JWTMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        header = request.META.get("HTTP_AUTHORIZATION", "")
        if header.startswith("Bearer "):
            claims = jwt.decode(header[7:], settings.SECRET_KEY, verify=False)
            request.jwt_claims = claims
        return self.get_response(request)
`,
      errors: [{ messageId: "verifyOff", line: 12 }],
      messageIncludes: ["`verify=False`"],
    },
    {
      name: "Flask blueprint: algorithms list includes none",
      path: "app/blueprints/api.py",
      code: py`
import jwt
from flask import Blueprint, current_app, request, abort

bp = Blueprint("api", __name__)


def _claims():
    token = request.headers.get("Authorization", "").removeprefix("Bearer ")
    try:
        return jwt.decode(token, current_app.config["JWT_KEY"], algorithms=["HS256", "none"])
    except jwt.InvalidTokenError:
        abort(401)
`,
      errors: [{ messageId: "algNone", line: 10 }],
      messageIncludes: ["accepts the `none` algorithm"],
    },
    {
      name: "python-jose without algorithms",
      path: "app/security.py",
      code: py`
from jose import jwt, JWTError

SECRET = load_key()


def read_token(token: str) -> dict:
    try:
        return jwt.decode(token, SECRET)
    except JWTError:
        return {}
`,
      errors: [{ messageId: "noAlgorithms", line: 8, severity: "blocking" }],
      messageIncludes: ["without `algorithms=`"],
    },
    {
      name: "aiohttp handler: decode imported bare, algorithms=None",
      path: "app/handlers/session.py",
      code: py`
from aiohttp import web
from jwt import decode


async def whoami(request: web.Request) -> web.Response:
    token = request.cookies.get("token", "")
    claims = decode(token, request.app["jwt_key"], algorithms=None)
    return web.json_response({"user": claims["sub"]})
`,
      errors: [{ messageId: "noAlgorithms", line: 7, severity: "blocking" }],
    },
    {
      name: "decode_complete with verification off in a multi-line call",
      path: "app/auth/tokens.py",
      code: py`
import jwt


class TokenService:
    def __init__(self, key):
        self.key = key

    def inspect(self, token):
        decoded = jwt.decode_complete(
            token,
            self.key,
            algorithms=["RS256"],
            options={"verify_signature": False, "verify_exp": True},
        )
        return decoded["payload"]
`,
      errors: [{ messageId: "verifyOff", line: 9 }],
    },
  ],
  valid: [
    {
      name: "gate: PyJWT decode in fullwidth letters with the key and algorithms given",
      code: `import jwt


def current_user(token: str, key: str) -> dict:
    return jwt.ｄｅｃｏｄｅ(token, key, algorithms=["HS256"])
`,
    },
    {
      name: "FastAPI dependency with key and one algorithm",
      path: "app/auth/deps.py",
      code: py`
import jwt
from fastapi import Depends, HTTPException

from app.config import settings


def get_current_user(token: str = Depends(oauth2_scheme)):
    try:
        payload = jwt.decode(token, settings.jwt_public_key, algorithms=["RS256"], audience="api")
    except jwt.InvalidTokenError:
        raise HTTPException(status_code=401)
    return payload["sub"]
`,
    },
    {
      name: "algorithms positional and from settings",
      path: "app/auth/tokens.py",
      code: py`
import jwt
from django.conf import settings


def claims_of(token):
    return jwt.decode(token, settings.JWT_KEY, settings.JWT_ALGORITHMS)


def claims_with_kw(token):
    return jwt.decode(token, settings.JWT_KEY, algorithms=settings.JWT_ALGORITHMS)
`,
    },
    {
      name: "near-miss: bytes and base64 decode next to jwt",
      path: "app/auth/basic.py",
      code: py`
import base64
import jwt


def parse_basic(header: bytes):
    raw = base64.b64decode(header.split(b" ")[1]).decode("utf-8")
    user, _, password = raw.partition(":")
    return user, password


def token_text(token: bytes) -> str:
    return token.decode("ascii")
`,
    },
    {
      name: "near-miss: only expiry check relaxed, signature still verified",
      path: "app/auth/refresh.py",
      code: py`
import jwt


def claims_for_refresh(token, key):
    return jwt.decode(token, key, algorithms=["HS256"], options={"verify_exp": False})
`,
    },
    {
      name: "near-miss: reading the header before verifying",
      path: "app/auth/jwks.py",
      code: py`
import jwt

from app.auth.keys import jwks_client


def verify(token):
    header = jwt.get_unverified_header(token)
    key = jwks_client.get_signing_key(header["kid"]).key
    return jwt.decode(token, key, algorithms=[header["alg"]] if header["alg"] == "RS256" else ["RS256"])
`,
    },
    {
      name: "near-miss: authlib's jwt.decode always verifies",
      path: "app/auth/oidc.py",
      code: py`
from authlib.jose import jwt


def claims(token, jwk_set):
    data = jwt.decode(token, jwk_set)
    data.validate()
    return data
`,
    },
    {
      name: "control: a real `import authlib` still counts (authlib's module-level jwt)",
      path: "app/auth/oidc.py",
      code: py`
import authlib.jose


def claims(token, jwk_set):
    return authlib.jose.jwt.decode(token, jwk_set)
`,
    },
    {
      name: "near-miss: a bare decode mentioned only in a docstring import is not PyJWT's",
      path: "app/auth/codec.py",
      code: py`
"""from jwt import decode"""
from base64 import b64decode as decode


def claims(token):
    return decode(token)
`,
    },
    {
      name: "near-miss: a custom codec's decode method",
      path: "app/auth/codec.py",
      code: py`
import json

from jwt import encode


class SessionCodec:
    def decode(self, raw):
        return json.loads(raw)


def load(codec: SessionCodec, raw):
    return codec.decode(raw)
`,
    },
  ],
});
