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
    {
      name: "flow: Flask view builds a message holding the password in a local, then logs it",
      path: "app/auth.py",
      code: py`
import logging

from flask import Flask, request

app = Flask(__name__)
log = logging.getLogger(__name__)


@app.post("/login")
def login():
    password = request.form["password"]
    line = "login for " + request.form["email"] + " with " + password
    log.info(line)
    return "", 204
`,
      errors: [{ messageId: "logged", line: 13 }],
    },
    {
      name: "flow: an API key renamed to a neutral local and printed",
      path: "scripts/sync.py",
      code: py`
import os


def main():
    value = os.environ["STRIPE_API_KEY"]
    print("using", value)
`,
      errors: [{ messageId: "printed", line: 6 }],
    },
    {
      name: "flow: a helper that returns its argument does not hide the token",
      path: "app/clients/github.py",
      code: py`
import logging

logger = logging.getLogger(__name__)


def clean(text):
    return text


def connect(access_token):
    logger.debug("connecting with %s", clean(access_token))
`,
      errors: [{ messageId: "logged", line: 11 }],
    },
    {
      name: "flow: the secret reaches an f-string through a local, logged with .format",
      path: "app/services/mail.py",
      code: py`
import logging

logger = logging.getLogger("mail")


def send(settings):
    creds = settings.SMTP_PASSWORD
    message = f"smtp login using {creds}"
    logger.warning("{} for {}".format(message, settings.SMTP_USER))
`,
      errors: [{ messageId: "logged", line: 9 }],
    },
    {
      name: "flow: a client secret appended with += to a local, then logged",
      path: "app/oauth.py",
      code: py`
import structlog

logger = structlog.get_logger()


def exchange(client_id, client_secret):
    summary = "client " + client_id
    summary += " secret " + client_secret
    logger.info(summary)
`,
      errors: [{ messageId: "logged", line: 9 }],
    },
    {
      name: "flow: the token is assigned in one branch and logged after it",
      path: "app/api/session.py",
      code: py`
import logging

logger = logging.getLogger(__name__)


def start(request, refresh):
    shown = "anonymous"
    if refresh:
        shown = request.session["refresh_token"]
    logger.info("session for %s", shown)
`,
      errors: [{ messageId: "logged", line: 10 }],
    },
  ],
  valid: [
    {
      name: "flow near-miss: only the length of the password is kept in a local and logged",
      path: "app/auth.py",
      code: py`
import logging

logger = logging.getLogger(__name__)


def check_policy(password):
    size = len(password)
    logger.info("password has %d characters", size)
    return size >= 12
`,
    },
    {
      name: "flow near-miss: a masking helper's result is logged",
      path: "app/clients/stripe.py",
      code: py`
import logging

logger = logging.getLogger(__name__)


def mask(value):
    return "****" + value[-4:]


def charge(api_key):
    shown = mask(api_key)
    logger.info("charging with key %s", shown)
`,
    },
    {
      name: "flow near-miss: the local is reassigned to a safe value before the log",
      path: "app/tasks.py",
      code: py`
import logging

logger = logging.getLogger(__name__)


def rotate(new_token):
    label = new_token
    label = "rotated"
    logger.info("token %s", label)
`,
    },
    {
      name: "flow near-miss: the secret goes to the local only after the log call",
      path: "app/db.py",
      code: py`
import logging

logger = logging.getLogger(__name__)


def connect(settings):
    dsn = "postgresql://app@db/app"
    logger.info("connecting to %s", dsn)
    dsn = settings.DATABASE_PASSWORD
    return dsn
`,
    },
    {
      name: "flow near-miss: a hash of the token is stored and printed",
      path: "scripts/check.py",
      code: py`
import hashlib


def fingerprint(token):
    digest = hashlib.sha256(token.encode()).hexdigest()
    print("token fingerprint", digest[:12])
`,
    },
    {
      name: "flow near-miss: a secret-carrying local in another function does not reach this log",
      path: "app/views.py",
      code: py`
import logging

logger = logging.getLogger(__name__)


def load(settings):
    note = settings.SECRET_KEY
    return note


def report():
    note = "report ready"
    logger.info(note)
`,
    },
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
