import { ruleTester } from "../../support/rule-tester.js";

const py = (s: TemplateStringsArray): string => (s.raw[0] ?? "").replace(/^\n/, "");

ruleTester("python/insecure-cookie", {
  invalid: [
    {
      name: "Django production settings turning secure cookies off",
      path: "shop/settings.py",
      code: py`
DEBUG = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SESSION_COOKIE_HTTPONLY = False
`,
      errors: [
        { messageId: "settingSecure", line: 2 },
        { messageId: "settingSecure", line: 3 },
        { messageId: "settingHttpOnly", line: 4 },
      ],
      messageIncludes: ["`SESSION_COOKIE_SECURE = False` lets the browser send this cookie over plain HTTP"],
    },
    {
      name: "Flask config update",
      path: "app/__init__.py",
      code: py`
from flask import Flask


def create_app():
    app = Flask(__name__)
    app.config.update(SESSION_COOKIE_SECURE=False, REMEMBER_COOKIE_HTTPONLY=False)
    return app
`,
      errors: [{ messageId: "settingSecure", line: 6 }, { messageId: "settingHttpOnly", line: 6 }],
    },
    {
      name: "FastAPI login sets the access token cookie without flags",
      path: "app/routers/auth.py",
      code: py`
from fastapi import APIRouter, Response

router = APIRouter()


@router.post("/login")
def login(response: Response, form: LoginForm):
    token = issue_token(form)
    response.set_cookie(key="access_token", value=token)
    return {"ok": True}
`,
      errors: [{ messageId: "setCookie", line: 9 }],
      messageIncludes: ["`response.set_cookie` sets the session-like cookie `access_token` without `secure=True` and `httponly=True`"],
    },
    {
      name: "Django view sets sessionid with httponly but not secure",
      path: "accounts/views.py",
      code: py`
from django.http import JsonResponse


def sso_callback(request):
    response = JsonResponse({"ok": True})
    response.set_cookie("sessionid", request.session.session_key, httponly=True, samesite="Lax")
    return response
`,
      errors: [{ messageId: "setCookie", line: 6 }],
      messageIncludes: ["without `secure=True`:"],
    },
    {
      name: "aiohttp handler sets a JWT cookie with secure=False",
      path: "app/handlers/auth.py",
      code: py`
from aiohttp import web


async def login(request: web.Request) -> web.Response:
    jwt_token = await authenticate(request)
    resp = web.json_response({"ok": True})
    resp.set_cookie("jwt", jwt_token, secure=False, httponly=True)
    return resp
`,
      errors: [{ messageId: "setCookie", line: 7 }],
    },
    {
      name: "Flask blueprint sets a remember-me cookie",
      path: "app/blueprints/auth.py",
      code: py`
from flask import Blueprint, make_response

bp = Blueprint("auth", __name__)


@bp.post("/login")
def login():
    resp = make_response({"ok": True})
    resp.set_cookie(
        "remember_token",
        make_remember_token(),
        max_age=30 * 24 * 3600,
    )
    return resp
`,
      errors: [{ messageId: "setCookie", line: 9 }],
    },
    {
      name: "warning: Flask cart cookie without any flag",
      path: "shop/views.py",
      code: py`
from flask import Blueprint, make_response

bp = Blueprint("cart", __name__)


@bp.post("/cart")
def add_to_cart():
    resp = make_response({"ok": True})
    resp.set_cookie("cart_id", new_cart_id())
    return resp
`,
      errors: [{ messageId: "setCookieFlags", line: 9, severity: "warning" }],
      messageIncludes: ["`resp.set_cookie` sets the cookie `cart_id` without `secure=True`, `httponly=True`, `samesite=\"Lax\"`"],
    },
    {
      name: "warning: Django sessionid with secure and httponly but no samesite",
      path: "accounts/views.py",
      code: py`
from django.http import JsonResponse


def sso_callback(request):
    response = JsonResponse({"ok": True})
    response.set_cookie("sessionid", request.session.session_key, secure=True, httponly=True)
    return response
`,
      errors: [{ messageId: "setCookieSameSite", line: 6, severity: "warning" }],
    },
    {
      name: "warning: Starlette tracking cookie without secure and httponly (samesite defaults to lax)",
      path: "app/routes.py",
      code: py`
from starlette.responses import JSONResponse


async def landing(request):
    response = JSONResponse({"ok": True})
    response.set_cookie("visitor_ref", request.query_params.get("ref", ""), max_age=86400)
    return response
`,
      errors: [{ messageId: "setCookieFlags", line: 6, severity: "warning" }],
      messageIncludes: ["without `secure=True`, `httponly=True`:"],
    },
    {
      name: "warning: FastAPI session cookie with samesite=None written out",
      path: "app/routers/auth.py",
      code: py`
from fastapi import APIRouter, Response

router = APIRouter()


@router.post("/login")
def login(response: Response, form: LoginForm):
    response.set_cookie(key="session", value=issue_token(form), secure=True, httponly=True, samesite=None)
    return {"ok": True}
`,
      errors: [{ messageId: "setCookieSameSite", line: 8, severity: "warning" }],
    },
    {
      name: "warning: aiohttp cookie with httponly only",
      path: "app/handlers/orders.py",
      code: py`
from aiohttp import web


async def checkout(request: web.Request) -> web.Response:
    order_id = await place_order(request)
    resp = web.json_response({"order": order_id})
    resp.set_cookie("last_order", str(order_id), httponly=True)
    return resp
`,
      errors: [{ messageId: "setCookieFlags", line: 7, severity: "warning" }],
    },
    {
      name: "warning: Django A/B bucket cookie with samesite only; a session cookie with samesite only still blocks",
      path: "experiments/views.py",
      code: py`
from django.http import HttpResponse


def home(request):
    response = HttpResponse("ok")
    response.set_cookie("ab_bucket", pick_bucket(request), samesite="Lax")
    response.set_cookie("auth_token", make_token(request.user), samesite="Lax")
    return response
`,
      errors: [
        { messageId: "setCookieFlags", line: 6, severity: "warning" },
        { messageId: "setCookie", line: 7, severity: "blocking" },
      ],
    },
  ],
  valid: [
    {
      name: "Flask cart cookie with every flag",
      path: "shop/views.py",
      code: py`
from flask import Blueprint, make_response

bp = Blueprint("cart", __name__)


@bp.post("/cart")
def add_to_cart():
    resp = make_response({"ok": True})
    resp.set_cookie("cart_id", new_cart_id(), secure=True, httponly=True, samesite="Lax")
    return resp
`,
    },
    {
      name: "FastAPI: secure and httponly given, samesite left to Starlette's lax default",
      path: "app/routers/auth.py",
      code: py`
from fastapi import APIRouter, Response

router = APIRouter()


@router.post("/login")
def login(response: Response, form: LoginForm):
    response.set_cookie("session", issue_token(form), secure=True, httponly=True)
    response.set_cookie("visitor", "1", secure=True, httponly=True)
    return {"ok": True}
`,
    },
    {
      name: "near-miss: preference cookies (theme, language, consent) hold nothing to steal",
      path: "app/views.py",
      code: py`
from django.http import HttpResponse


def set_prefs(request):
    response = HttpResponse("ok")
    response.set_cookie("theme", request.POST.get("theme", "light"))
    response.set_cookie("language", "de")
    response.set_cookie("cookie_consent", "yes", max_age=365 * 86400)
    response.set_cookie("timezone", request.POST["tz"])
    return response
`,
    },
    {
      name: "near-miss: a CSRF cookie the front end reads (no httponly by design)",
      path: "app/blueprints/csrf.py",
      code: py`
from flask import Blueprint, make_response
from flask_wtf.csrf import generate_csrf

bp = Blueprint("csrf", __name__)


@bp.get("/csrf")
def csrf():
    resp = make_response({"ok": True})
    resp.set_cookie("XSRF-TOKEN", generate_csrf(), secure=True, samesite="Strict")
    return resp
`,
    },
    {
      name: "near-miss: flags read from settings follow the deployment",
      path: "experiments/views.py",
      code: py`
from django.conf import settings
from django.http import HttpResponse


def home(request):
    response = HttpResponse("ok")
    response.set_cookie(
        "ab_bucket",
        pick_bucket(request),
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite=settings.SESSION_COOKIE_SAMESITE,
    )
    return response
`,
    },
    {
      name: "near-miss: options passed as **kwargs, and delete_cookie",
      path: "shop/views.py",
      code: py`
from flask import make_response

COOKIE_OPTS = {"secure": True, "httponly": True, "samesite": "Lax"}


def remember_cart(cart_id):
    resp = make_response({"ok": True})
    resp.set_cookie("cart_id", cart_id, **COOKIE_OPTS)
    resp.delete_cookie("old_cart")
    return resp
`,
    },
    {
      name: "secure settings",
      path: "shop/settings.py",
      code: py`
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
`,
    },
    {
      name: "dev settings may relax cookies",
      path: "config/settings/dev.py",
      code: py`
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
`,
    },
    {
      name: "session cookie with both flags",
      path: "app/routers/auth.py",
      code: py`
from fastapi import APIRouter, Response

router = APIRouter()


@router.post("/login")
def login(response: Response, form: LoginForm):
    response.set_cookie("session", issue_token(form), secure=True, httponly=True, samesite="lax")
    return {"ok": True}
`,
    },
    {
      name: "near-miss: flags taken from settings (Django's own session middleware)",
      path: "accounts/middleware.py",
      code: py`
from django.conf import settings


def save_session(request, response):
    response.set_cookie(
        settings.SESSION_COOKIE_NAME,
        request.session.session_key,
        secure=settings.SESSION_COOKIE_SECURE or None,
        httponly=settings.SESSION_COOKIE_HTTPONLY or None,
    )
`,
    },
    {
      name: "near-miss: non-session cookies and a CSRF cookie read by the front end",
      path: "app/views.py",
      code: py`
from django.http import HttpResponse


def set_prefs(request):
    response = HttpResponse("ok")
    response.set_cookie("theme", request.GET.get("theme", "light"))
    response.set_cookie("django_language", "de")
    response.set_cookie("csrftoken", get_token(request), secure=True)
    return response
`,
    },
    {
      name: "near-miss: deleting the session cookie, and flags passed through **kwargs",
      path: "app/blueprints/auth.py",
      code: py`
from flask import Blueprint, make_response

bp = Blueprint("auth", __name__)
COOKIE_FLAGS = {"secure": True, "httponly": True, "samesite": "Lax"}


@bp.post("/logout")
def logout():
    resp = make_response({"ok": True})
    resp.delete_cookie("session")
    resp.set_cookie("session_hint", "", **COOKIE_FLAGS)
    return resp
`,
    },
  ],
});
