import { ruleTester } from "../../support/rule-tester.js";

const py = (s: TemplateStringsArray): string => (s.raw[0] ?? "").replace(/^\n/, "");

ruleTester("python/tls-verify-disabled", {
  invalid: [
    {
      name: "attack: verify=(False) and a line continuation before False",
      path: "app/clients/billing.py",
      code: py`
import requests


def charge(url, body):
    requests.post(url, json=body, verify=(False))
    session = requests.Session()
    session.verify = \
        False
`,
      errors: [{ messageId: "verifyFalse", line: 5 }, { messageId: "sessionVerify", line: 7 }],
    },
    {
      name: "Django view calls a billing API with requests verify=False",
      path: "billing/views.py",
      code: py`
import requests
from django.http import JsonResponse


def invoices(request):
    resp = requests.get("https://billing.internal/api/invoices", timeout=10, verify=False)
    return JsonResponse(resp.json(), safe=False)
`,
      errors: [{ messageId: "verifyFalse", line: 6 }],
      messageIncludes: ["`requests.get(..., verify=False)` turns off TLS certificate verification", "internal-ca.pem"],
    },
    {
      name: "FastAPI service with an httpx client and a session flag",
      path: "app/services/payments.py",
      code: py`
import httpx
import requests

client = httpx.AsyncClient(base_url="https://payments.internal", verify=False)

session = requests.Session()
session.verify = False
`,
      errors: [{ messageId: "verifyFalse", line: 4 }, { messageId: "sessionVerify", line: 7 }],
    },
    {
      name: "aiohttp connector and request with ssl=False",
      path: "app/handlers/proxy.py",
      code: py`
import aiohttp
from aiohttp import web


async def forward(request: web.Request) -> web.Response:
    connector = aiohttp.TCPConnector(ssl=False)
    async with aiohttp.ClientSession(connector=connector) as s:
        async with s.get(request.app["upstream"], ssl=False) as r:
            return web.json_response(await r.json())
`,
      errors: [{ messageId: "verifyFalse", line: 6 }, { messageId: "verifyFalse", line: 8 }],
    },
    {
      name: "process-wide unverified context",
      path: "app/__init__.py",
      code: py`
import ssl

ssl._create_default_https_context = ssl._create_unverified_context
`,
      errors: [{ messageId: "unverified", line: 3 }],
      messageIncludes: ["whole process"],
    },
    {
      name: "hand-made context with CERT_NONE and no hostname check",
      path: "app/clients/ldap.py",
      code: py`
import ssl


def tls_context():
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    return ctx
`,
      errors: [{ messageId: "checkHostname", line: 6 }, { messageId: "certNone", line: 7 }],
    },
    {
      name: "urllib3 pool and Elasticsearch client",
      path: "app/search/client.py",
      code: py`
import urllib3
from elasticsearch import Elasticsearch

http = urllib3.PoolManager(cert_reqs="CERT_NONE")
es = Elasticsearch(["https://search.internal:9200"], verify_certs=False)
`,
      errors: [{ messageId: "certNone", line: 4 }, { messageId: "verifyFalse", line: 5 }],
    },
  ],
  valid: [
    {
      name: "verification with an internal CA bundle",
      path: "billing/views.py",
      code: py`
import requests
from django.conf import settings


def invoices(request):
    return requests.get(settings.BILLING_URL, verify=settings.BILLING_CA_BUNDLE, timeout=10)
`,
    },
    {
      name: "near-miss: jwt.decode verify=False is another rule",
      path: "app/auth.py",
      code: py`
import jwt


def claims(token, key):
    return jwt.decode(token, key, verify=False)
`,
    },
    {
      name: "near-miss: a mapping of ssl modes and CERT_REQUIRED",
      path: "app/db/ssl_options.py",
      code: py`
import ssl

MODES = {"none": ssl.CERT_NONE, "optional": ssl.CERT_OPTIONAL, "required": ssl.CERT_REQUIRED}


def context(cafile):
    ctx = ssl.create_default_context(cafile=cafile)
    ctx.verify_mode = ssl.CERT_REQUIRED
    return ctx
`,
    },
    {
      name: "near-miss: unrelated False keywords",
      path: "app/services/export.py",
      code: py`
import requests


def export(url, payload):
    return requests.post(url, json=payload, allow_redirects=False, stream=False, timeout=5)
`,
    },
    {
      name: "tests may talk to a self-signed local server",
      path: "tests/test_client.py",
      code: py`
import requests


def test_health(live_server):
    assert requests.get(live_server.url, verify=False).ok
`,
    },
    {
      name: "near-miss: asyncpg ssl=False is no TLS, not an unverified one, and a string mentioning the flag",
      path: "app/db/pool.py",
      code: py`
import asyncpg

HINT = "do not pass verify=False"


async def make_pool(dsn):
    return await asyncpg.create_pool(dsn, ssl=False)
`,
    },
  ],
});
