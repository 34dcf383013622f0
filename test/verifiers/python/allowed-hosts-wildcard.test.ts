import { ruleTester } from "../../support/rule-tester.js";

const py = (s: TemplateStringsArray): string => (s.raw[0] ?? "").replace(/^\n/, "");

ruleTester("python/allowed-hosts-wildcard", {
  invalid: [
    {
      name: "Django settings.py allowing every host",
      path: "shop/settings.py",
      code: py`
DEBUG = False
ALLOWED_HOSTS = ["*"]
INSTALLED_APPS = ["shop"]
`,
      errors: [{ messageId: "setting", line: 2, severity: "warning" }],
      messageIncludes: ["`ALLOWED_HOSTS` allows every host", "DJANGO_ALLOWED_HOSTS"],
    },
    {
      name: "wildcard among real hosts, as a tuple",
      path: "config/settings/production.py",
      code: py`
ALLOWED_HOSTS = (
    "shop.example.com",
    "*",
)
`,
      errors: [{ messageId: "setting", line: 1, severity: "warning" }],
    },
    {
      name: "environment fallback of *",
      path: "config/settings/base.py",
      code: py`
import os

ALLOWED_HOSTS = os.environ.get("DJANGO_ALLOWED_HOSTS", "*").split(",")
`,
      errors: [{ messageId: "envDefault", line: 3, severity: "warning" }],
      messageIncludes: ["falls back to \"*\""],
    },
    {
      name: "appended in a production settings module",
      path: "shop/settings.py",
      code: py`
ALLOWED_HOSTS = ["shop.example.com"]
ALLOWED_HOSTS += ["*"]
`,
      errors: [{ messageId: "setting", line: 2, severity: "warning" }],
    },
    {
      name: "FastAPI TrustedHostMiddleware with *",
      path: "app/main.py",
      code: py`
from fastapi import FastAPI
from starlette.middleware.trustedhost import TrustedHostMiddleware

app = FastAPI()
app.add_middleware(TrustedHostMiddleware, allowed_hosts=["*"])
`,
      errors: [{ messageId: "middleware", line: 5, severity: "warning" }],
      messageIncludes: ["TrustedHostMiddleware"],
    },
    {
      name: "django-environ style default list",
      path: "project/settings.py",
      code: py`
import environ

env = environ.Env()
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["*"])
`,
      errors: [{ messageId: "envDefault", line: 4, severity: "warning" }],
    },
  ],
  valid: [
    {
      name: "real host names from the environment",
      path: "shop/settings.py",
      code: py`
import os

ALLOWED_HOSTS = os.environ["DJANGO_ALLOWED_HOSTS"].split(",")
`,
    },
    {
      name: "dev settings may allow every host",
      path: "config/settings/local.py",
      code: py`
ALLOWED_HOSTS = ["*"]
`,
    },
    {
      name: "subdomain wildcard with a leading dot",
      path: "shop/settings.py",
      code: py`
ALLOWED_HOSTS = [".shop.example.com", "localhost"]
`,
    },
    {
      name: "near-miss: CORS allowing every origin is another rule",
      path: "shop/settings.py",
      code: py`
ALLOWED_HOSTS = ["api.example.com"]
CORS_ALLOWED_ORIGINS = ["*"]
CSRF_TRUSTED_ORIGINS = ["https://*.example.com"]
`,
    },
    {
      name: "near-miss: a test override",
      path: "tests/test_views.py",
      code: py`
from django.test import override_settings


@override_settings(ALLOWED_HOSTS=["*"])
def test_home(client):
    assert client.get("/").status_code == 200
`,
    },
    {
      name: "near-miss: TrustedHostMiddleware with real hosts",
      path: "app/main.py",
      code: py`
from fastapi import FastAPI
from starlette.middleware.trustedhost import TrustedHostMiddleware

app = FastAPI()
app.add_middleware(TrustedHostMiddleware, allowed_hosts=["api.example.com", "*.example.com"])
`,
    },
  ],
});
