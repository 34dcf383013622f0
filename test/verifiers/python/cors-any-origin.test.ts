import { ruleTester } from "../../support/rule-tester.js";

const py = (s: TemplateStringsArray): string => (s.raw[0] ?? "").replace(/^\n/, "");

ruleTester("python/cors-any-origin", {
  invalid: [
    {
      name: "FastAPI allow_origins=[\"*\"] without credentials",
      path: "app/main.py",
      code: py`
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

app = FastAPI()
app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["*"], allow_headers=["*"])
`,
      errors: [{ messageId: "middleware", line: 5, severity: "warning" }],
    },
    {
      name: "Starlette Middleware list with a match-all regex",
      path: "app/asgi.py",
      code: py`
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware

middleware = [Middleware(CORSMiddleware, allow_origin_regex=".*")]
app = Starlette(routes=routes, middleware=middleware)
`,
      errors: [{ messageId: "middleware", line: 5 }],
    },
    {
      name: "Flask-CORS with no options, and cross_origin with origins=\"*\"",
      path: "app/__init__.py",
      code: py`
from flask import Flask
from flask_cors import CORS, cross_origin

app = Flask(__name__)
CORS(app)


@app.get("/status")
@cross_origin(origins="*")
def status():
    return {"ok": True}
`,
      errors: [{ messageId: "flask", line: 5 }, { messageId: "flask", line: 9 }],
      messageIncludes: ["`CORS` without `origins=` allows every origin"],
    },
    {
      name: "django-cors-headers allowing all origins, old and new names",
      path: "config/settings/production.py",
      code: py`
INSTALLED_APPS = ["corsheaders"]
CORS_ALLOW_ALL_ORIGINS = True
CORS_ORIGIN_ALLOW_ALL = True
`,
      errors: [{ messageId: "django", line: 2 }, { messageId: "django", line: 3 }],
    },
    {
      name: "loose origin regexes: .*, unescaped dots, and a django regex without $",
      path: "config/settings/base.py",
      code: py`
CORS_ALLOWED_ORIGIN_REGEXES = [
    r"^https://.*\.example\.com$",
    r"^https://app.example.com$",
    r"^https://[a-z0-9-]+\.example\.com",
]
`,
      errors: [
        { messageId: "looseRegex", line: 1 },
        { messageId: "looseRegex", line: 1 },
        { messageId: "looseRegex", line: 1 },
      ],
      messageIncludes: ["`.*` matches any host"],
    },
    {
      name: "Starlette regex with .* and a hand-set * header in a Flask hook",
      path: "app/cors.py",
      code: py`
from flask import Flask
from starlette.middleware.cors import CORSMiddleware

app = Flask(__name__)
asgi_cors = CORSMiddleware(asgi_app, allow_origin_regex=r"https://.+\.vercel\.app")


@app.after_request
def open_cors(response):
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response
`,
      errors: [{ messageId: "looseRegex", line: 5 }, { messageId: "header", line: 10 }],
    },
  ],
  valid: [
    {
      name: "FastAPI with an origin list from settings",
      path: "app/main.py",
      code: py`
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from app.config import settings

app = FastAPI()
app.add_middleware(CORSMiddleware, allow_origins=settings.cors_origins, allow_methods=["GET", "POST"])
`,
    },
    {
      name: "near-miss: * with credentials is cors-credentials-wildcard's to block, not a second warning here",
      path: "app/main.py",
      code: py`
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

app = FastAPI()
app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_credentials=True)
`,
    },
    {
      name: "Flask-CORS with explicit origins and per-resource origins",
      path: "app/__init__.py",
      code: py`
from flask import Flask
from flask_cors import CORS

app = Flask(__name__)
CORS(app, origins=["https://app.example.com"])
CORS(app, resources={r"/api/*": {"origins": ["https://admin.example.com"]}})
`,
    },
    {
      name: "tight origin regexes: escaped dots, a character class, both anchors; Starlette needs no $",
      path: "config/settings/base.py",
      code: py`
from starlette.middleware.cors import CORSMiddleware

CORS_ALLOWED_ORIGIN_REGEXES = [r"^https://[a-z0-9-]+\.example\.com$", r"^http://localhost:\d+$"]
cors = CORSMiddleware(app, allow_origin_regex=r"https://[a-z0-9-]+\.example\.com")
`,
    },
    {
      name: "development settings may open CORS",
      path: "config/settings/dev.py",
      code: py`
CORS_ALLOW_ALL_ORIGINS = True
`,
    },
    {
      name: "near-miss: a fixed origin header, and CORS_ALLOW_ALL_ORIGINS = False",
      path: "app/views.py",
      code: py`
from django.conf import settings
from django.http import JsonResponse

CORS_ALLOW_ALL_ORIGINS = False


def feed(request):
    response = JsonResponse({"items": []})
    response["Access-Control-Allow-Origin"] = settings.FRONTEND_ORIGIN
    return response
`,
    },
  ],
});
