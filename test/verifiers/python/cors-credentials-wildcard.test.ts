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
    {
      name: "Flask after_request hook reflects the Origin header with credentials",
      path: "app/__init__.py",
      code: py`
from flask import Flask, request

app = Flask(__name__)


@app.after_request
def add_cors(response):
    response.headers["Access-Control-Allow-Origin"] = request.headers.get("Origin")
    response.headers["Access-Control-Allow-Credentials"] = "true"
    return response
`,
      errors: [{ messageId: "reflect", line: 8 }],
      messageIncludes: ["Access-Control-Allow-Origin is set to the request's own Origin header (`request.headers.get(\"Origin\")`)"],
    },
    {
      name: "Django view reflects HTTP_ORIGIN through a local",
      path: "api/views.py",
      code: py`
from django.http import JsonResponse


def profile(request):
    origin = request.META.get("HTTP_ORIGIN", "")
    response = JsonResponse({"email": request.user.email})
    response["Access-Control-Allow-Origin"] = origin
    response["Access-Control-Allow-Credentials"] = "true"
    return response
`,
      errors: [{ messageId: "reflect", line: 7 }],
    },
    {
      name: "Starlette middleware reflects the origin without credentials in sight (they may be added elsewhere)",
      path: "app/middleware.py",
      code: py`
from starlette.middleware.base import BaseHTTPMiddleware


class ReflectCORS(BaseHTTPMiddleware):
    async def dispatch(self, request, call_next):
        response = await call_next(request)
        origin = request.headers.get("origin") or "*"
        response.headers["Access-Control-Allow-Origin"] = origin
        return response
`,
      errors: [{ messageId: "reflect", line: 8 }],
    },
    {
      name: "FastAPI handler returns a JSONResponse with the origin in its headers",
      path: "app/routers/me.py",
      code: py`
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

router = APIRouter()


@router.get("/me")
async def me(request: Request):
    return JSONResponse(
        {"id": 1},
        headers={"Access-Control-Allow-Origin": request.headers["origin"], "Access-Control-Allow-Credentials": "true"},
    )
`,
      errors: [{ messageId: "reflect", line: 11 }],
    },
    {
      name: "Flask headers.add and headers.update with the request origin",
      path: "app/cors.py",
      code: py`
from flask import request


def allow_caller(response):
    response.headers.add("Access-Control-Allow-Origin", request.headers.get("Origin", "*"))
    return response


def allow_caller_too(response):
    response.headers.update({"access-control-allow-origin": request.environ.get("HTTP_ORIGIN")})
    return response
`,
      errors: [{ messageId: "reflect", line: 5 }, { messageId: "reflect", line: 10 }],
    },
    {
      name: "aiohttp middleware: origin checked only for being present, not against a list",
      path: "app/middlewares.py",
      code: py`
from aiohttp import web


@web.middleware
async def cors_middleware(request, handler):
    response = await handler(request)
    origin = request.headers.get("Origin")
    if origin:
        response.headers["Access-Control-Allow-Origin"] = origin
        response.headers["Access-Control-Allow-Credentials"] = "true"
    return response
`,
      errors: [{ messageId: "reflect", line: 9 }],
    },
  ],
  valid: [
    {
      name: "Flask after_request hook checks the origin against an allow-list",
      path: "app/__init__.py",
      code: py`
from flask import Flask, request

app = Flask(__name__)
ALLOWED_ORIGINS = {"https://app.example.com", "https://admin.example.com"}


@app.after_request
def add_cors(response):
    origin = request.headers.get("Origin")
    if origin in ALLOWED_ORIGINS:
        response.headers["Access-Control-Allow-Origin"] = origin
        response.headers["Access-Control-Allow-Credentials"] = "true"
        response.headers["Vary"] = "Origin"
    return response
`,
    },
    {
      name: "Django middleware: returns early for origins not on the list",
      path: "api/middleware.py",
      code: py`
from django.conf import settings


class CorsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        origin = request.headers.get("origin", "")
        if origin not in settings.CORS_ALLOWED_ORIGINS:
            return response
        response["Access-Control-Allow-Origin"] = origin
        return response
`,
    },
    {
      name: "Starlette: conditional expression that picks the origin only when allowed",
      path: "app/middleware.py",
      code: py`
from starlette.middleware.base import BaseHTTPMiddleware

ALLOWED = ("https://app.example.com",)


class CORS(BaseHTTPMiddleware):
    async def dispatch(self, request, call_next):
        response = await call_next(request)
        origin = request.headers.get("origin")
        response.headers["Access-Control-Allow-Origin"] = origin if origin in ALLOWED else ALLOWED[0]
        return response
`,
    },
    {
      name: "a fixed origin from settings, and a regex check before reflecting",
      path: "app/cors.py",
      code: py`
import re
from flask import current_app, request

SUBDOMAIN = re.compile(r"^https://[a-z0-9-]+\.example\.com$")


def fixed(response):
    response.headers["Access-Control-Allow-Origin"] = current_app.config["FRONTEND_ORIGIN"]
    return response


def per_tenant(response):
    origin = request.headers.get("Origin", "")
    if SUBDOMAIN.fullmatch(origin):
        response.headers["Access-Control-Allow-Origin"] = origin
    return response
`,
    },
    {
      name: "near-miss: reading the Origin header for logging and a CSRF check",
      path: "app/views.py",
      code: py`
import logging
from django.http import HttpResponseForbidden, JsonResponse

log = logging.getLogger(__name__)


def submit(request):
    origin = request.META.get("HTTP_ORIGIN")
    log.info("submit from %s", origin)
    if origin != "https://shop.example.com":
        return HttpResponseForbidden()
    response = JsonResponse({"ok": True})
    response["Access-Control-Allow-Origin"] = "https://shop.example.com"
    return response
`,
    },
    {
      name: "near-miss: a header name in a list of exposed headers, and a test client sending an Origin",
      path: "app/settings_cors.py",
      code: py`
EXPOSE_HEADERS = ["Access-Control-Allow-Origin", "X-Request-Id"]


def preflight(client):
    return client.options("/api", headers={"Origin": "https://app.example.com"})
`,
    },
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

// A reflected origin counts as checked only by a sound allow-list test that guards the header:
// substring, loose suffix or prefix, unanchored regex, presence and else-branch checks do not.
ruleTester("python/cors-credentials-wildcard", {
  invalid: [
    {
      name: "attack: the origin compared with itself and found in a list holding only itself",
      path: "app/cors.py",
      code: py`
from flask import request


def add_cors(response):
    origin = request.headers.get("Origin", "")
    if origin == request.headers.get("Origin") and origin in [origin]:
        response.headers["Access-Control-Allow-Origin"] = origin
        response.headers["Access-Control-Allow-Credentials"] = "true"
    return response
`,
      errors: [{ messageId: "reflect", line: 7 }],
    },
    {
      name: "attack: membership in a list the request itself sends",
      path: "app/cors.py",
      code: py`
from flask import request


def add_cors(response):
    origin = request.headers.get("Origin", "")
    if origin in request.args.get("allowed", ""):
        response.headers["Access-Control-Allow-Origin"] = origin
        response.headers["Access-Control-Allow-Credentials"] = "true"
    return response
`,
      errors: [{ messageId: "reflect", line: 7 }],
    },
    {
      name: "attack: a compiled pattern with an unescaped dot and no end anchor, kept in a name",
      path: "app/cors.py",
      code: py`
import re

from flask import request

TRUSTED = re.compile(r"https://app.example.com")


def add_cors(response):
    origin = request.headers.get("Origin", "")
    if TRUSTED.match(origin):
        response.headers["Access-Control-Allow-Origin"] = origin
        response.headers["Access-Control-Allow-Credentials"] = "true"
    return response
`,
      errors: [{ messageId: "reflect", line: 11 }],
    },
    {
      name: "attack: a suffix without its dot also trusts https://evilexample.com",
      path: "app/__init__.py",
      code: py`
from flask import Flask, request

app = Flask(__name__)


@app.after_request
def add_cors(response):
    origin = request.headers.get("Origin", "")
    if origin.endswith("example.com"):
        response.headers["Access-Control-Allow-Origin"] = origin
        response.headers["Access-Control-Allow-Credentials"] = "true"
    return response
`,
      errors: [{ messageId: "reflect", line: 10 }],
    },
    {
      name: "attack: a prefix test also trusts https://app.example.com.evil.net",
      path: "app/middleware.py",
      code: py`
from starlette.middleware.base import BaseHTTPMiddleware


class CORS(BaseHTTPMiddleware):
    async def dispatch(self, request, call_next):
        response = await call_next(request)
        origin = request.headers.get("origin", "")
        if origin.startswith("https://app.example.com"):
            response.headers["Access-Control-Allow-Origin"] = origin
            response.headers["Access-Control-Allow-Credentials"] = "true"
        return response
`,
      errors: [{ messageId: "reflect", line: 9 }],
    },
    {
      name: "attack: a substring test of the origin",
      path: "api/views.py",
      code: py`
from django.http import JsonResponse


def profile(request):
    response = JsonResponse({"name": request.user.get_full_name()})
    origin = request.META.get("HTTP_ORIGIN", "")
    if "example.com" in origin:
        response["Access-Control-Allow-Origin"] = origin
        response["Access-Control-Allow-Credentials"] = "true"
    return response
`,
      errors: [{ messageId: "reflect", line: 8 }],
    },
    {
      name: "attack: only the header's presence is tested",
      path: "app/cors.py",
      code: py`
from flask import request


def add_cors(response):
    if "Origin" in request.headers:
        response.headers["Access-Control-Allow-Origin"] = request.headers["Origin"]
        response.headers["Access-Control-Allow-Credentials"] = "true"
    return response
`,
      errors: [{ messageId: "reflect", line: 6 }],
    },
    {
      name: "attack: reflected in the else branch of the allow-list test",
      path: "app/cors.py",
      code: py`
from flask import request

ALLOWED = {"https://app.example.com"}


def add_cors(response):
    origin = request.headers.get("Origin")
    if origin in ALLOWED:
        response.headers["Vary"] = "Origin"
    else:
        response.headers["Access-Control-Allow-Origin"] = origin
    response.headers["Access-Control-Allow-Credentials"] = "true"
    return response
`,
      errors: [{ messageId: "reflect", line: 11 }],
    },
    {
      name: "attack: an unanchored re.match, and an earlier list test that does not leave",
      path: "app/cors.py",
      code: py`
import logging
import re

from flask import request

ALLOWED = {"https://app.example.com"}


def add_cors(response):
    origin = request.headers.get("Origin", "")
    if origin not in ALLOWED:
        logging.info("unlisted origin %s", origin)
    if re.match(r"https://.*\\.example\\.com", origin):
        response.headers["Access-Control-Allow-Origin"] = origin
        response.headers["Access-Control-Allow-Credentials"] = "true"
    return response
`,
      errors: [{ messageId: "reflect", line: 14 }],
    },
  ],
  valid: [
    {
      name: "near-miss: a lower-case list whose name contains the word origin",
      path: "app/cors.py",
      code: py`
from flask import current_app, request


def add_cors(response):
    allowed_origins = current_app.config["CORS_ORIGINS"]
    origin = request.headers.get("Origin", "")
    if origin in allowed_origins:
        response.headers["Access-Control-Allow-Origin"] = origin
        response.headers["Access-Control-Allow-Credentials"] = "true"
    return response
`,
    },
    {
      name: "near-miss: a compiled, anchored pattern with escaped dots, matched in full",
      path: "app/cors.py",
      code: py`
import re

from flask import request

TRUSTED = re.compile(r"https://[a-z0-9-]+\\.example\\.com")


def add_cors(response):
    origin = request.headers.get("Origin", "")
    if TRUSTED.fullmatch(origin):
        response.headers["Access-Control-Allow-Origin"] = origin
        response.headers["Access-Control-Allow-Credentials"] = "true"
    return response
`,
    },
    {
      name: "near-miss: a suffix with its leading dot trusts only subdomains",
      path: "app/__init__.py",
      code: py`
from flask import request


def add_cors(response):
    origin = request.headers.get("Origin", "")
    if origin.startswith("https://") and origin.endswith(".example.com"):
        response.headers["Access-Control-Allow-Origin"] = origin
        response.headers["Access-Control-Allow-Credentials"] = "true"
    return response
`,
    },
    {
      name: "near-miss: equality with the configured front-end origin",
      path: "app/cors.py",
      code: py`
from flask import current_app, request


def add_cors(response):
    origin = request.headers.get("Origin")
    if origin == current_app.config["FRONTEND_ORIGIN"]:
        response.headers["Access-Control-Allow-Origin"] = origin
        response.headers["Access-Control-Allow-Credentials"] = "true"
    return response
`,
    },
    {
      name: "near-miss: an anchored re.fullmatch with escaped dots",
      path: "app/cors.py",
      code: py`
import re

from flask import request


def add_cors(response):
    origin = request.headers.get("Origin", "")
    if re.fullmatch(r"https://[a-z0-9-]+\\.example\\.com", origin):
        response.headers["Access-Control-Allow-Origin"] = origin
        response.headers["Access-Control-Allow-Credentials"] = "true"
    return response
`,
    },
    {
      name: "near-miss: a validator named for the job",
      path: "app/cors.py",
      code: py`
from flask import request

from app.security import is_allowed_origin


def add_cors(response):
    origin = request.headers.get("Origin", "")
    if origin and is_allowed_origin(origin):
        response.headers["Access-Control-Allow-Origin"] = origin
        response.headers["Access-Control-Allow-Credentials"] = "true"
    return response
`,
    },
    {
      name: "near-miss: aborts with 403 for origins off the list",
      path: "app/cors.py",
      code: py`
from flask import abort, request

ALLOWED = {"https://app.example.com"}


def add_cors(response):
    origin = request.headers.get("Origin", "")
    if origin not in ALLOWED:
        abort(403)
    response.headers["Access-Control-Allow-Origin"] = origin
    response.headers["Access-Control-Allow-Credentials"] = "true"
    return response
`,
    },
    {
      name: "near-miss: raises for an origin that differs from the one configured",
      path: "app/cors.py",
      code: py`
from flask import current_app, request


class ForbiddenOrigin(Exception):
    pass


def add_cors(response):
    origin = request.headers.get("Origin", "")
    if origin != current_app.config["FRONTEND_ORIGIN"]:
        raise ForbiddenOrigin(origin)
    response.headers["Access-Control-Allow-Origin"] = origin
    response.headers["Access-Control-Allow-Credentials"] = "true"
    return response
`,
    },
  ],
});

/** A Flask after_request hook that reflects the origin when `test` (a validator written in this file) says yes. */
function withValidator(validator: string, test = "is_allowed_origin(origin)"): string {
  return `from flask import Flask, request

app = Flask(__name__)
ALLOWED_ORIGINS = {"https://app.example.com", "https://admin.example.com"}

${validator}


@app.after_request
def add_cors(response):
    origin = request.headers.get("Origin", "")
    if ${test}:
        response.headers["Access-Control-Allow-Origin"] = origin
        response.headers["Access-Control-Allow-Credentials"] = "true"
    return response
`;
}
/** The line of the header reflection in `withValidator`'s code. */
const reflectAt = (validator: string) => 12 + validator.split("\n").length;

// A validator written in the same file is judged by its body, not trusted for its name.
const ATTACK_VALIDATORS: [string, string, string?][] = [
  ["a validator that always says yes", "def is_allowed_origin(origin):\n    return True"],
  ["a validator testing a substring", "def is_allowed_origin(origin):\n    return \"example.com\" in origin"],
  ["a validator whose list test only logs", "def is_allowed_origin(origin):\n    if origin not in ALLOWED_ORIGINS:\n        app.logger.warning(\"unlisted origin %s\", origin)\n    return True"],
  ["a validator with a suffix test without the dot", "def is_allowed_origin(origin):\n    return origin.endswith(\"example.com\")"],
  ["a validator that says yes after a sound test fails", "def is_allowed_origin(origin):\n    if origin in ALLOWED_ORIGINS:\n        return True\n    return bool(origin)"],
  ["a sound validator rebound to a lambda that says yes", "def is_allowed_origin(origin):\n    return origin in ALLOWED_ORIGINS\n\n\nis_allowed_origin = lambda origin: True"],
  ["a cached validator with an unanchored regex", "@functools.lru_cache\ndef is_trusted_origin(origin):\n    return re.match(r\"https://.*example\\.com\", origin) is not None", "is_trusted_origin(origin)"],
];
const NEAR_MISS_VALIDATORS: [string, string][] = [
  ["a validator that tests the list", "def is_allowed_origin(origin):\n    return origin in ALLOWED_ORIGINS"],
  ["a validator that returns True only inside the list test", "def is_allowed_origin(origin):\n    if origin in ALLOWED_ORIGINS:\n        return True\n    return False"],
  ["a validator that refuses first, then says yes", "def is_allowed_origin(origin):\n    if origin not in ALLOWED_ORIGINS:\n        return False\n    return True"],
  ["a validator with a full-match regex", "def is_allowed_origin(origin):\n    return re.fullmatch(r\"https://[a-z0-9-]+\\.example\\.com\", origin) is not None"],
  ["a validator with a suffix test with its dot", "def is_allowed_origin(origin):\n    return origin == \"https://example.com\" or origin.endswith(\".example.com\")"],
  ["a validator that delegates to another sound one", "def _listed(o):\n    return o in ALLOWED_ORIGINS\n\n\ndef is_allowed_origin(origin):\n    return _listed(origin)"],
];

ruleTester("python/cors-credentials-wildcard", {
  invalid: ATTACK_VALIDATORS.map(([name, validator, test]) => ({
    name: `attack: ${name}`,
    path: "app/cors.py",
    code: withValidator(validator, test),
    errors: [{ messageId: "reflect", line: reflectAt(validator) }],
  })),
  valid: NEAR_MISS_VALIDATORS.map(([name, validator]) => ({ name: `near-miss: ${name}`, path: "app/cors.py", code: withValidator(validator) })),
});

ruleTester("python/cors-credentials-wildcard", {
  invalid: [
    {
      name: "attack: a Django view's own validator method that always says yes",
      path: "api/views.py",
      code: py`
from django.http import JsonResponse
from django.views import View


class ProfileView(View):
    def is_allowed_origin(self, origin):
        return True

    def get(self, request):
        response = JsonResponse({"name": request.user.get_full_name()})
        origin = request.headers.get("Origin", "")
        if self.is_allowed_origin(origin):
            response["Access-Control-Allow-Origin"] = origin
            response["Access-Control-Allow-Credentials"] = "true"
        return response
`,
      errors: [{ messageId: "reflect", line: 13 }],
    },
  ],
  valid: [
    {
      name: "near-miss: a Django view's own validator method that tests the settings list",
      path: "api/views.py",
      code: py`
from django.conf import settings
from django.http import JsonResponse
from django.views import View


class ProfileView(View):
    def is_allowed_origin(self, origin):
        return origin in settings.CORS_TRUSTED_ORIGINS

    def get(self, request):
        response = JsonResponse({"name": request.user.get_full_name()})
        origin = request.headers.get("Origin", "")
        if self.is_allowed_origin(origin):
            response["Access-Control-Allow-Origin"] = origin
            response["Access-Control-Allow-Credentials"] = "true"
        return response
`,
    },
  ],
});
