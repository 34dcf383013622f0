import { ruleTester } from "../../support/rule-tester.js";

const py = (s: TemplateStringsArray): string => (s.raw[0] ?? "").replace(/^\n/, "");

const HEAD = `MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
`;

ruleTester("python/django-middleware-order", {
  invalid: [
    {
      name: "AuthenticationMiddleware before SessionMiddleware",
      path: "shop/settings.py",
      code: `${HEAD}    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
]
`,
      errors: [{ messageId: "order", line: 3 }],
      messageIncludes: ["`AuthenticationMiddleware` is listed before `SessionMiddleware` in MIDDLEWARE", "Move `AuthenticationMiddleware` below `SessionMiddleware`"],
    },
    {
      name: "MessageMiddleware before SessionMiddleware",
      path: "config/settings/base.py",
      code: `${HEAD}    "django.contrib.messages.middleware.MessageMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]
`,
      errors: [{ messageId: "order", line: 3 }],
    },
    {
      name: "SessionMiddleware missing entirely",
      path: "shop/settings.py",
      code: `${HEAD}    "django.middleware.common.CommonMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]
`,
      errors: [{ messageId: "missing", line: 4 }],
      messageIncludes: ["without `SessionMiddleware`"],
    },
    {
      name: "LoginRequiredMiddleware before AuthenticationMiddleware (Django 5.1)",
      path: "shop/settings.py",
      code: `${HEAD}    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]
`,
      errors: [{ messageId: "order", line: 4 }],
    },
    {
      name: "RemoteUserMiddleware at the top of an old MIDDLEWARE_CLASSES",
      path: "legacy/settings.py",
      code: py`
MIDDLEWARE_CLASSES = (
    "django.contrib.auth.middleware.RemoteUserMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
)
`,
      errors: [{ messageId: "order", line: 2 }],
    },
    {
      name: "custom middleware inserted above session with auth moved with it",
      path: "shop/settings.py",
      code: py`
MIDDLEWARE = [
    "shop.middleware.TenantMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]
`,
      errors: [{ messageId: "order", line: 3 }],
    },
  ],
  valid: [
    {
      name: "Django's default order",
      path: "shop/settings.py",
      code: `${HEAD}    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
`,
    },
    {
      name: "near-miss: a list built from a base list is not guessed at",
      path: "config/settings/production.py",
      code: py`
from .base import MIDDLEWARE as BASE_MIDDLEWARE

MIDDLEWARE = [
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    *BASE_MIDDLEWARE,
]
`,
    },
    {
      name: "near-miss: an API project without sessions or auth middleware",
      path: "api/settings.py",
      code: py`
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.common.CommonMiddleware",
]
`,
    },
    {
      name: "near-miss: custom auth middleware after the session",
      path: "shop/settings.py",
      code: py`
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "shop.middleware.JWTAuthenticationMiddleware",
    "django.contrib.auth.middleware.RemoteUserMiddleware",
]
`,
    },
    {
      name: "near-miss: a non-Django list named MIDDLEWARE",
      path: "app/server.py",
      code: py`
MIDDLEWARE = ["app.middleware.AuthenticationMiddleware", "app.middleware.SessionMiddleware"]
`,
    },
    {
      name: "near-miss: order documented in a comment",
      path: "shop/settings.py",
      code: py`
# AuthenticationMiddleware must come after SessionMiddleware in MIDDLEWARE.
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]
`,
    },
  ],
});
