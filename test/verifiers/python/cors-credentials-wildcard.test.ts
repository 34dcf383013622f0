import { ruleTester } from "../../support/rule-tester.js";

const py = (s: TemplateStringsArray): string => (s.raw[0] ?? "").replace(/^\n/, "");

ruleTester("python/cors-credentials-wildcard", {
  invalid: [
    {
      name: "FastAPI add_middleware with * and credentials",
      path: "app/main.py",
      code: py`
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

app = FastAPI()
app.add_middleware(
    CORSMiddleware,
    allow_origins=["*"],
    allow_credentials=True,
    allow_methods=["*"],
    allow_headers=["*"],
)
`,
      errors: [{ messageId: "starlette", line: 5 }],
      messageIncludes: ["`CORSMiddleware` allows every origin together with `allow_credentials=True`"],
    },
    {
      name: "Starlette Middleware list with a match-all regex",
      path: "app/asgi.py",
      code: py`
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware

middleware = [Middleware(CORSMiddleware, allow_origin_regex=".*", allow_credentials=True)]
app = Starlette(routes=routes, middleware=middleware)
`,
      errors: [{ messageId: "starlette", line: 5 }],
    },
    {
      name: "Flask-CORS with credentials and no origins",
      path: "app/__init__.py",
      code: py`
from flask import Flask
from flask_cors import CORS


def create_app():
    app = Flask(__name__)
    CORS(app, supports_credentials=True)
    return app
`,
      errors: [{ messageId: "flask", line: 7 }],
      messageIncludes: ["`CORS` turns on `supports_credentials=True`"],
    },
    {
      name: "Flask-CORS resources with origins *",
      path: "app/extensions.py",
      code: py`
from flask_cors import CORS

cors = CORS(resources={r"/api/*": {"origins": "*"}}, supports_credentials=True)
`,
      errors: [{ messageId: "flask", line: 3 }],
    },
    {
      name: "django-cors-headers allowing all origins with credentials",
      path: "shop/settings.py",
      code: py`
INSTALLED_APPS = ["corsheaders", "shop"]
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_CREDENTIALS = True
`,
      errors: [{ messageId: "django", line: 2 }],
      messageIncludes: ["`CORS_ALLOW_ALL_ORIGINS` allows every origin"],
    },
    {
      name: "aiohttp_cors defaults for * with credentials",
      path: "app/handlers/__init__.py",
      code: py`
import aiohttp_cors
from aiohttp import web


def setup_cors(app: web.Application) -> None:
    cors = aiohttp_cors.setup(app, defaults={
        "*": aiohttp_cors.ResourceOptions(allow_credentials=True, expose_headers="*", allow_headers="*"),
    })
    for route in list(app.router.routes()):
        cors.add(route)
`,
      errors: [{ messageId: "aiohttp", line: 7 }],
    },
  ],
  valid: [
    {
      name: "FastAPI with an origin list and credentials",
      path: "app/main.py",
      code: py`
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from app.config import settings

app = FastAPI()
app.add_middleware(CORSMiddleware, allow_origins=settings.cors_origins, allow_credentials=True)
`,
    },
    {
      name: "near-miss: public API with * and no credentials",
      path: "app/main.py",
      code: py`
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

app = FastAPI()
app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET"])
app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_credentials=False)
`,
    },
    {
      name: "Flask-CORS with explicit origins",
      path: "app/__init__.py",
      code: py`
from flask_cors import CORS


def init_cors(app):
    CORS(app, origins=["https://app.example.com"], supports_credentials=True)
    CORS(app, resources={r"/api/*": {"origins": ["https://admin.example.com"]}}, supports_credentials=True)
`,
    },
    {
      name: "near-miss: Django allows all origins but no credentials",
      path: "shop/settings.py",
      code: py`
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_CREDENTIALS = False
`,
    },
    {
      name: "Django origin list with credentials",
      path: "shop/settings.py",
      code: py`
CORS_ALLOWED_ORIGINS = ["https://app.example.com"]
CORS_ALLOWED_ORIGIN_REGEXES = [r"^https://\w+\.example\.com$"]
CORS_ALLOW_CREDENTIALS = True
`,
    },
    {
      name: "dev settings may open CORS",
      path: "config/settings/local.py",
      code: py`
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_CREDENTIALS = True
`,
    },
    {
      name: "near-miss: aiohttp_cors credentials only for a named origin",
      path: "app/handlers/__init__.py",
      code: py`
import aiohttp_cors


def setup_cors(app):
    aiohttp_cors.setup(app, defaults={
        "https://app.example.com": aiohttp_cors.ResourceOptions(allow_credentials=True),
        "*": aiohttp_cors.ResourceOptions(allow_credentials=False),
    })
`,
    },
  ],
});
