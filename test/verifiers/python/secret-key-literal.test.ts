import { ruleTester } from "../../support/rule-tester.js";

const py = (s: TemplateStringsArray): string => (s.raw[0] ?? "").replace(/^\n/, "");

ruleTester("python/secret-key-literal", {
  invalid: [
    {
      name: "Django settings with a placeholder key",
      path: "shop/settings.py",
      code: py`
DEBUG = False
SECRET_KEY = "changeme"
ALLOWED_HOSTS = ["shop.example.com"]
`,
      errors: [{ messageId: "key", line: 2 }],
      messageIncludes: ["`SECRET_KEY` is a fixed string in code", 'os.environ[\\"SECRET_KEY\\"]'.replace(/\\/g, "")],
    },
    {
      name: "Flask factory: secret key with a fallback and app.secret_key",
      path: "app/__init__.py",
      code: py`
import os

from flask import Flask


def create_app():
    app = Flask(__name__)
    app.config["SECRET_KEY"] = os.environ.get("SECRET_KEY", "dev")
    app.secret_key = "super secret"
    return app
`,
      errors: [{ messageId: "keyFallback", line: 8 }, { messageId: "key", line: 9 }],
      messageIncludes: ['`app.config["SECRET_KEY"]` falls back to a fixed string'],
    },
    {
      name: "FastAPI: JWT signed with a literal and pydantic settings default",
      path: "app/auth/tokens.py",
      code: py`
import jwt
from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    secret_key: str = "secret"


def issue(user_id: int) -> str:
    return jwt.encode({"sub": str(user_id)}, "secret", algorithm="HS256")
`,
      errors: [{ messageId: "key", line: 6 }, { messageId: "jwtKey", line: 10 }],
    },
    {
      name: "Starlette session middleware with a literal key",
      path: "app/main.py",
      code: py`
from fastapi import FastAPI
from starlette.middleware.sessions import SessionMiddleware

app = FastAPI()
app.add_middleware(SessionMiddleware, secret_key="dev")
`,
      errors: [{ messageId: "key", line: 5 }],
    },
    {
      name: "SQLAlchemy URL defaults with a password",
      path: "app/db/session.py",
      code: py`
import os

from sqlalchemy import create_engine

engine = create_engine(os.getenv("DATABASE_URL", "postgresql://app:password@db:5432/app"))
`,
      errors: [{ messageId: "url", line: 5 }],
      messageIncludes: ["`create_engine(...)` holds a database URL with the password written into it"],
    },
    {
      name: "Flask config class with a URI password and a JWT key",
      path: "app/config.py",
      code: py`
class ProductionConfig:
    SQLALCHEMY_DATABASE_URI = "mysql+pymysql://shop:password@mysql/shop"
    JWT_SECRET_KEY = "jwt"
`,
      errors: [{ messageId: "url", line: 2 }, { messageId: "key", line: 3 }],
    },
  ],
  valid: [
    {
      name: "keys and URLs from the environment without fallbacks",
      path: "shop/settings.py",
      code: py`
import os

SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
DATABASE_URL = os.environ["DATABASE_URL"]
`,
    },
    {
      name: "dev settings may hold a throwaway key",
      path: "config/settings/dev.py",
      code: py`
SECRET_KEY = "dev-only-not-secret"
`,
    },
    {
      name: "near-miss: a random-looking key is left to the generic rule",
      path: "shop/settings.py",
      code: py`
SECRET_KEY = "django-insecure-7v#q2!x9m@k4z$w8p^r1t&y6u*e3i0o5a"
`,
    },
    {
      name: "near-miss: URLs without passwords, and an empty key in global defaults",
      path: "app/config.py",
      code: py`
import os

SECRET_KEY = ""
SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL", "sqlite:///app.db")
REDIS_URL = "redis://cache:6379/0"
`,
    },
    {
      name: "near-miss: TestingConfig and jwt.encode with a settings key",
      path: "app/config.py",
      code: py`
import jwt


class TestingConfig:
    SECRET_KEY = "testing"


def issue(settings, user_id):
    return jwt.encode({"sub": user_id}, settings.JWT_SIGNING_KEY, algorithm="HS256")
`,
    },
    {
      name: "near-miss: pydantic secret without a default, URL with an interpolated password",
      path: "app/core/config.py",
      code: py`
from pydantic import SecretStr
from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    secret_key: SecretStr
    db_password: SecretStr

    @property
    def database_url(self) -> str:
        return f"postgresql://app:{self.db_password.get_secret_value()}@db/app"
`,
    },
  ],
});

// Keys that reach their use through variables, and boto3 credentials.
ruleTester("python/secret-key-literal", {
  invalid: [
    {
      name: "PyJWT: a module constant signs, a local with an env fallback verifies",
      path: "app/auth/tokens.py",
      code: py`
import os

import jwt

SIGNING = "secret"


def issue(user_id: int) -> str:
    return jwt.encode({"sub": str(user_id)}, SIGNING, algorithm="HS256")


def read(token: str) -> dict:
    key = os.getenv("JWT_KEY") or "dev-only"
    return jwt.decode(token, key, algorithms=["HS256"])
`,
      errors: [{ messageId: "keyHeld", line: 9 }, { messageId: "keyFallback", line: 14 }],
      messageIncludes: ["`jwt.encode(…) key` is the fixed string \"se…\" (through `SIGNING`, line 5)"],
    },
    {
      name: "Flask factory: the secret key through a variable and through config.update",
      path: "app/__init__.py",
      code: py`
import os

from flask import Flask

DEFAULT_KEY = "dev"


def create_app():
    app = Flask(__name__)
    secret = os.environ.get("FLASK_SECRET", "not-so-secret")
    app.config["SECRET_KEY"] = secret
    app.config.update(SECRET_KEY=DEFAULT_KEY, SESSION_COOKIE_SECURE=True)
    return app
`,
      errors: [{ messageId: "keyFallback", line: 11 }, { messageId: "keyHeld", line: 12 }],
    },
    {
      name: "Django settings: SECRET_KEY assigned from a fallback variable",
      path: "mysite/settings.py",
      code: py`
import os

_key = os.environ.get("DJANGO_SECRET_KEY", "insecure-default")
SECRET_KEY = _key
DEBUG = False
`,
      errors: [{ messageId: "keyFallback", line: 4 }],
    },
    {
      name: "boto3: a client and a session given literal credentials through variables",
      path: "app/storage.py",
      code: py`
import boto3

ACCESS_KEY = "AKIAEXAMPLEKEY1"
SECRET = "dont-commit-me"


def s3():
    return boto3.client("s3", aws_access_key_id=ACCESS_KEY, aws_secret_access_key=SECRET, region_name="eu-west-1")


session = boto3.session.Session(aws_secret_access_key=os.getenv("AWS_SECRET") or "local-secret")
`,
      errors: [{ messageId: "keyHeld", line: 8 }, { messageId: "keyFallback", line: 11 }],
      messageIncludes: ["boto3 client(aws_access_key_id=…)"],
    },
    {
      name: "FastAPI: python-jose decode with a key held in a local",
      path: "app/deps.py",
      code: py`
from fastapi import Depends, HTTPException
from jose import jwt


async def current_user(token: str = Depends(oauth2_scheme)):
    signing = "fastapi secret"
    payload = jwt.decode(token, signing, algorithms=["HS256"])
    return payload["sub"]
`,
      errors: [{ messageId: "keyHeld", line: 7 }],
    },
    {
      name: "webhook signatures and itsdangerous serializers keyed by literals",
      path: "app/signing.py",
      code: py`
import hashlib
import hmac

from itsdangerous import URLSafeTimedSerializer

WEBHOOK_KEY = b"changeit"
serializer = URLSafeTimedSerializer("reset-links")


def valid(body: bytes, signature: str) -> bool:
    mac = hmac.new(WEBHOOK_KEY, body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(mac, signature)
`,
      errors: [{ messageId: "keyHeld", line: 7 }, { messageId: "keyHeld", line: 11 }],
    },
  ],
  valid: [
    {
      name: "PyJWT keys from the environment and from settings",
      path: "app/auth/tokens.py",
      code: py`
import os

import jwt
from django.conf import settings

SIGNING = os.environ["JWT_SIGNING_KEY"]


def issue(user_id: int) -> str:
    return jwt.encode({"sub": str(user_id)}, SIGNING, algorithm="HS256")


def read(token: str) -> dict:
    return jwt.decode(token, settings.JWT_KEY, algorithms=["HS256"])
`,
    },
    {
      name: "Flask: the secret from the environment through a variable, an empty fallback",
      path: "app/__init__.py",
      code: py`
import os

from flask import Flask


def create_app():
    app = Flask(__name__)
    secret = os.environ.get("FLASK_SECRET", "")
    app.config["SECRET_KEY"] = os.environ["FLASK_SECRET"]
    app.secret_key = secret
    return app
`,
    },
    {
      name: "boto3: credentials left to the default chain or read from the environment",
      path: "app/storage.py",
      code: py`
import os

import boto3

s3 = boto3.client("s3", region_name=os.getenv("AWS_REGION", "eu-west-1"))
sts = boto3.client("sts", aws_access_key_id=os.environ["AWS_ACCESS_KEY_ID"], aws_secret_access_key=os.environ["AWS_SECRET_ACCESS_KEY"])
session = boto3.Session(profile_name="deploy")
`,
    },
    {
      name: "a key variable reassigned from the environment before use, and a parameter",
      path: "app/keys.py",
      code: py`
import os

import jwt

key = "placeholder"
key = os.environ["JWT_KEY"]


def issue(payload: dict, signing_key: str) -> str:
    return jwt.encode(payload, signing_key, algorithm="HS256")


def verify(token: str) -> dict:
    return jwt.decode(token, key, algorithms=["HS256"])
`,
    },
    {
      name: "jwt.decode without verification and hmac with a key from a file",
      path: "app/webhooks.py",
      code: py`
import hashlib
import hmac
from pathlib import Path

import jwt

KEY = Path("/run/secrets/webhook").read_bytes()


def peek(token: str) -> dict:
    return jwt.decode(token, options={"verify_signature": False})


def valid(body: bytes, sig: str) -> bool:
    return hmac.compare_digest(hmac.new(KEY, body, hashlib.sha256).hexdigest(), sig)
`,
    },
    {
      name: "development settings may fall back to a throwaway key",
      path: "mysite/settings/dev.py",
      code: py`
import os

_key = os.environ.get("DJANGO_SECRET_KEY", "insecure-default")
SECRET_KEY = _key
`,
    },
  ],
});

ruleTester("python/secret-key-literal", {
  invalid: [
    {
      name: "a helper that returns a literal key, and one that returns an env read with a fallback",
      path: "app/security.py",
      code: py`
import os

import jwt


def _signing_key():
    return "not-a-real-secret"


def _verify_key():
    return os.environ.get("JWT_VERIFY_KEY", "verify-me")


def issue(sub: str) -> str:
    return jwt.encode({"sub": sub}, _signing_key(), algorithm="HS256")


def check(token: str) -> dict:
    return jwt.decode(token, _verify_key(), algorithms=["HS256"])
`,
      errors: [{ messageId: "keyHeld", line: 15 }, { messageId: "keyFallback", line: 19 }],
      messageIncludes: ["(through `_signing_key()`, line 7)"],
    },
  ],
  valid: [
    {
      name: "a helper that reads the key from the environment or a file",
      path: "app/security.py",
      code: py`
import os
from pathlib import Path

import jwt


def _signing_key():
    if os.environ.get("JWT_KEY_FILE"):
        return Path(os.environ["JWT_KEY_FILE"]).read_text()
    return os.environ["JWT_KEY"]


def issue(sub: str) -> str:
    return jwt.encode({"sub": sub}, _signing_key(), algorithm="HS256")
`,
    },
  ],
});
