import { ruleTester } from "../../support/rule-tester.js";

const py = (s: TemplateStringsArray): string => (s.raw[0] ?? "").replace(/^\n/, "");

ruleTester("python/secret-logged", {
  invalid: [
    {
      name: "Django login view logs the password in an f-string",
      path: "accounts/views.py",
      code: py`
import logging

from django.contrib.auth import authenticate

logger = logging.getLogger(__name__)


def login_view(request):
    username = request.POST["username"]
    password = request.POST["password"]
    logger.info(f"login attempt user={username} password={password}")
    user = authenticate(request, username=username, password=password)
    return redirect("home") if user else render(request, "login.html")
`,
      errors: [{ messageId: "logged", line: 11 }],
      messageIncludes: ["`logger.info(...)` writes `password` to the logs", "rotate"],
    },
    {
      name: "FastAPI dependency prints the bearer token",
      path: "app/auth/deps.py",
      code: py`
from fastapi import Header


def current_user(authorization: str = Header(...)):
    token = authorization.removeprefix("Bearer ")
    print("token:", token)
    return decode(token)
`,
      errors: [{ messageId: "printed", line: 6 }],
      messageIncludes: ["`print(...)` writes `token` to standard output"],
    },
    {
      name: "Flask blueprint dumps request headers",
      path: "app/blueprints/webhooks.py",
      code: py`
from flask import Blueprint, current_app, request

bp = Blueprint("webhooks", __name__)


@bp.post("/hooks/payments")
def payment_hook():
    current_app.logger.debug("headers: %s", request.headers)
    return "", 204
`,
      errors: [{ messageId: "logged", line: 8 }],
    },
    {
      name: "aiohttp client logs an API key attribute with % formatting",
      path: "app/clients/maps.py",
      code: py`
import logging

log = logging.getLogger("maps")


class MapsClient:
    def __init__(self, api_key: str):
        self.api_key = api_key

    async def geocode(self, session, address):
        log.warning("calling maps with key %s" % self.api_key)
        async with session.get(URL, params={"key": self.api_key, "q": address}) as r:
            return await r.json()
`,
      errors: [{ messageId: "logged", line: 11 }],
    },
    {
      name: "settings dump and environment variable read",
      path: "app/config.py",
      code: py`
import logging
import os

logger = logging.getLogger(__name__)


def load():
    logger.info("starting with environment %s", os.environ)
    logger.debug("db password is {}".format(os.getenv("DB_PASSWORD")))
`,
      errors: [{ messageId: "logged", line: 8 }, { messageId: "logged", line: 9 }],
    },
    {
      name: "exception handler logs the form's password and a client secret key",
      path: "app/services/sso.py",
      code: py`
import structlog

logger = structlog.get_logger()


def exchange(form, settings):
    try:
        return oauth.fetch_token(client_secret=settings.OAUTH_CLIENT_SECRET)
    except OAuthError:
        logger.exception("token exchange failed", secret=settings.OAUTH_CLIENT_SECRET, password=form["password"])
        raise
`,
      errors: [{ messageId: "logged", line: 10 }],
    },
    {
      name: "a password named pwd, the one word the file holds, is still found",
      path: "app/db/connect.py",
      code: py`
import logging

log = logging.getLogger(__name__)


def connect(host, user, db_pwd):
    log.debug("connecting to %s as %s with %s", host, user, db_pwd)
    return psycopg2.connect(host=host, user=user, password=db_pwd)
`,
      errors: [{ messageId: "logged", line: 7 }],
    },
  ],
  valid: [
    {
      name: "logging the user, not the password",
      path: "accounts/views.py",
      code: py`
import logging

logger = logging.getLogger(__name__)


def login_view(request):
    logger.info("login attempt user=%s (password supplied: %s)", request.POST["username"], bool(request.POST.get("password")))
`,
    },
    {
      name: "near-miss: secret-sounding words only in the message text",
      path: "app/auth/tokens.py",
      code: py`
import logging

logger = logging.getLogger(__name__)


def refresh(user):
    logger.info("refreshing access token for user %s", user.id)
    logger.warning("password reset requested for %s", user.email)
`,
    },
    {
      name: "near-miss: metadata about the secret",
      path: "app/auth/tokens.py",
      code: py`
import logging

logger = logging.getLogger(__name__)


def describe(token, token_type, password_hash, max_tokens):
    logger.debug("token type=%s len=%d", token_type, len(token))
    logger.debug("hash algo %s", password_hash.split("$")[0])
    print(f"budget {max_tokens} tokens, last4={mask(token)}")
`,
    },
    {
      name: "near-miss: a selected header and a CSRF token",
      path: "app/blueprints/webhooks.py",
      code: py`
from flask import current_app, request


def log_request():
    current_app.logger.info("request id %s", request.headers.get("X-Request-ID"))
    current_app.logger.debug("csrf token present: %s", request.form.get("csrf_token") is not None)
`,
    },
    {
      name: "near-miss: not a logger",
      path: "app/services/vault.py",
      code: py`
def store(vault, password, api_key):
    vault.write("db", password=password)
    metrics.info("stored")
    error(api_key) if False else None
`,
    },
    {
      name: "tests may print fixtures",
      path: "tests/test_auth.py",
      code: py`
def test_login(client):
    password = "s3cret-pass"
    print("using", password)
`,
    },
  ],
});
