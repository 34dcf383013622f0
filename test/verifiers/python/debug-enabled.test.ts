import { ruleTester } from "../../support/rule-tester.js";

const py = (s: TemplateStringsArray): string => (s.raw[0] ?? "").replace(/^\n/, "");

ruleTester("python/debug-enabled", {
  invalid: [
    {
      name: "Django settings.py with DEBUG = True",
      path: "shop/settings.py",
      code: py`
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
DEBUG = True
ALLOWED_HOSTS = ["shop.example.com"]
INSTALLED_APPS = ["django.contrib.admin", "shop"]
`,
      errors: [{ messageId: "setting", line: 4 }],
      messageIncludes: ["`DEBUG` is set to true", "settings/dev.py"],
    },
    {
      name: "Django settings/production.py reading DEBUG with a true default",
      path: "config/settings/production.py",
      code: py`
import os

from .base import *  # noqa

DEBUG = os.environ.get("DJANGO_DEBUG", "True") == "True"
`,
      errors: [{ messageId: "envDefault", line: 5, severity: "warning" }],
      messageIncludes: ["falls back to true when its environment variable is unset"],
    },
    {
      name: "Flask app run with the debugger",
      path: "app.py",
      code: py`
from flask import Flask

app = Flask(__name__)


@app.get("/health")
def health():
    return {"ok": True}


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=8000, debug=True)
`,
      errors: [{ messageId: "run", line: 12 }],
      messageIncludes: ["`app.run(debug=True)` turns on the Werkzeug debugger", "flask --app app run --debug"],
    },
    {
      name: "Flask factory: app.debug and app.config['DEBUG']",
      path: "app/__init__.py",
      code: py`
from flask import Flask


def create_app():
    app = Flask(__name__)
    app.config["DEBUG"] = True
    app.debug = True
    return app
`,
      errors: [{ messageId: "setting", line: 6, severity: "blocking" }, { messageId: "attribute", line: 7, severity: "blocking" }],
    },
    {
      name: "FastAPI constructed with debug=True",
      path: "app/main.py",
      code: py`
from fastapi import FastAPI

from app.routers import items

app = FastAPI(title="Inventory", debug=True)
app.include_router(items.router)
`,
      errors: [{ messageId: "asgi", line: 5, severity: "warning" }],
      messageIncludes: ["`FastAPI(debug=True)` sends the full traceback"],
    },
    {
      name: "Production config class and werkzeug run_simple",
      path: "app/config.py",
      code: py`
from werkzeug.serving import run_simple


class Config:
    SQLALCHEMY_DATABASE_URI = "postgresql:///inventory"


class ProductionConfig(Config):
    DEBUG = True


def serve(app):
    run_simple("0.0.0.0", 8000, app, use_debugger=True, use_reloader=False)
`,
      errors: [{ messageId: "setting", line: 9 }, { messageId: "run", line: 13 }],
    },
  ],
  valid: [
    {
      name: "settings/dev.py may turn DEBUG on",
      path: "config/settings/dev.py",
      code: py`
from .base import *  # noqa

DEBUG = True
ALLOWED_HOSTS = ["*"]
`,
    },
    {
      name: "production settings read DEBUG with an off default",
      path: "shop/settings.py",
      code: py`
import os

DEBUG = os.environ.get("DJANGO_DEBUG", "") == "1"
TEMPLATE_DEBUG = DEBUG
INSTALLED_APPS = ["shop"]
`,
    },
    {
      name: "Flask run with debug from the environment",
      path: "app.py",
      code: py`
import os

from flask import Flask

app = Flask(__name__)

if __name__ == "__main__":
    app.run(debug=os.environ.get("FLASK_DEBUG") == "1")
`,
    },
    {
      name: "near-miss: DevelopmentConfig and TestingConfig classes",
      path: "app/config.py",
      code: py`
class Config:
    DEBUG = False
    SQLALCHEMY_DATABASE_URI = "postgresql:///inventory"


class DevelopmentConfig(Config):
    DEBUG = True


class TestingConfig(Config):
    TESTING = True
    DEBUG = True
`,
    },
    {
      name: "near-miss: a script's own DEBUG switch and a logging level",
      path: "scripts/import_products.py",
      code: py`
import logging

DEBUG = True
logging.basicConfig(level=logging.DEBUG if DEBUG else logging.INFO)


def main():
    print("importing", debug=True) if False else None
`,
    },
    {
      name: "near-miss: debug=True on a non-server call and in tests",
      path: "app/services/report.py",
      code: py`
from app.render import render_report


def build(data):
    return render_report(data, debug=True)
`,
    },
    {
      name: "tests may enable debug",
      path: "tests/conftest.py",
      code: py`
import pytest

from app import create_app


@pytest.fixture
def app():
    app = create_app()
    app.debug = True
    app.config["DEBUG"] = True
    return app
`,
    },
  ],
});
