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
