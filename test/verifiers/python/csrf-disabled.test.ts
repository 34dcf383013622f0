import { ruleTester } from "../../support/rule-tester.js";

const py = (s: TemplateStringsArray): string => (s.raw[0] ?? "").replace(/^\n/, "");

ruleTester("python/csrf-disabled", {
  invalid: [
    {
      name: "Django function view with @csrf_exempt",
      path: "accounts/views.py",
      code: py`
from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt


@csrf_exempt
def update_profile(request):
    request.user.profile.bio = request.POST["bio"]
    request.user.profile.save()
    return JsonResponse({"ok": True})
`,
      errors: [{ messageId: "exempt", line: 5 }],
      messageIncludes: ["`@csrf_exempt` turns off CSRF protection for `update_profile`", "X-CSRFToken"],
    },
    {
      name: "class-based view exempted through method_decorator",
      path: "orders/views.py",
      code: py`
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.csrf import csrf_exempt


@method_decorator(csrf_exempt, name="dispatch")
class CancelOrderView(View):
    def post(self, request, pk):
        Order.objects.filter(pk=pk, owner=request.user).update(status="cancelled")
        return JsonResponse({"ok": True})
`,
      errors: [{ messageId: "exempt", line: 6 }],
      messageIncludes: ["`CancelOrderView`"],
    },
    {
      name: "csrf_exempt wrapped around a view in urls.py",
      path: "shop/urls.py",
      code: py`
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from orders.views import CheckoutView

urlpatterns = [
    path("checkout/", csrf_exempt(CheckoutView.as_view()), name="checkout"),
]
`,
      errors: [{ messageId: "exempt", line: 7 }],
    },
    {
      name: "Flask-WTF exemption on a blueprint route",
      path: "app/blueprints/settings.py",
      code: py`
from flask import Blueprint, request
from flask_login import login_required

from app.extensions import csrf

bp = Blueprint("settings", __name__)


@bp.post("/settings/email")
@login_required
@csrf.exempt
def change_email():
    current_user.email = request.form["email"]
    return {"ok": True}
`,
      errors: [{ messageId: "exempt", line: 11 }],
    },
    {
      name: "CsrfViewMiddleware missing from a full MIDDLEWARE list",
      path: "shop/settings.py",
      code: py`
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]
`,
      errors: [{ messageId: "middleware", line: 1 }],
      messageIncludes: ["MIDDLEWARE has no `django.middleware.csrf.CsrfViewMiddleware`"],
    },
    {
      name: "middleware removed and Flask-WTF disabled in production config",
      path: "app/config.py",
      code: py`
from shop.settings import MIDDLEWARE

MIDDLEWARE.remove("django.middleware.csrf.CsrfViewMiddleware")


class ProductionConfig:
    WTF_CSRF_ENABLED = False
`,
      errors: [{ messageId: "middleware", line: 3 }, { messageId: "flaskWtf", line: 7 }],
    },
  ],
  valid: [
    {
      name: "Stripe webhook that verifies the signature",
      path: "billing/views.py",
      code: py`
import stripe
from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt


@csrf_exempt
def stripe_webhook(request):
    event = stripe.Webhook.construct_event(request.body, request.META["HTTP_STRIPE_SIGNATURE"], ENDPOINT_SECRET)
    handle(event)
    return HttpResponse(status=200)
`,
    },
    {
      name: "GitHub webhook comparing an HMAC",
      path: "hooks/views.py",
      code: py`
import hashlib
import hmac

from django.views.decorators.csrf import csrf_exempt


@csrf_exempt
def github_hook(request):
    digest = hmac.new(SECRET, request.body, hashlib.sha256).hexdigest()
    if not hmac.compare_digest("sha256=" + digest, request.headers["X-Hub-Signature-256"]):
        return HttpResponse(status=403)
    return HttpResponse(status=204)
`,
    },
    {
      name: "near-miss: csrf_protect and ensure_csrf_cookie",
      path: "accounts/views.py",
      code: py`
from django.views.decorators.csrf import csrf_protect, ensure_csrf_cookie


@ensure_csrf_cookie
def spa(request):
    return render(request, "index.html")


@csrf_protect
def update(request):
    return JsonResponse({"ok": True})
`,
    },
    {
      name: "full MIDDLEWARE with CSRF",
      path: "shop/settings.py",
      code: py`
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]
`,
    },
    {
      name: "near-miss: TestingConfig disables Flask-WTF CSRF",
      path: "app/config.py",
      code: py`
class Config:
    WTF_CSRF_ENABLED = True


class TestingConfig(Config):
    TESTING = True
    WTF_CSRF_ENABLED = False
`,
    },
    {
      name: "near-miss: other things called exempt, and tests",
      path: "app/billing/tax.py",
      code: py`
def is_exempt(order):
    return order.customer.tax_exempt


def apply(order, rules):
    rules.exempt(order.id)
`,
    },
  ],
});

// A CSRF exemption beside a decorator that authenticates by key, token, signature or address is
// how server-to-server endpoints are written: a warning to check that decorator, not a block.
ruleTester("python/csrf-disabled", {
  invalid: [
    {
      name: "attack: a decorator whose name merely contains key or token keeps the exemption blocking",
      path: "shop/views.py",
      code: py`
from django.views.decorators.cache import cache_page
from django.views.decorators.csrf import csrf_exempt

from shop.util import monkey_patched, token_cache


@monkey_patched
@token_cache
@csrf_exempt
def checkout(request):
    return place_order(request.user, request.POST)
`,
      errors: [{ messageId: "exempt", line: 9, severity: "blocking" }],
    },
    {
      name: "Django: an archiver endpoint behind a key-and-IP decorator (warning)",
      path: "hyperkitty/views/mailman.py",
      code: py`
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from .auth import key_and_ip_auth


@require_POST
@key_and_ip_auth
@csrf_exempt
def archive(request):
    return add_to_list(request.POST["mlist"], request.FILES["message"])
`,
      errors: [{ messageId: "exemptKeyAuth", line: 9, severity: "warning" }],
    },
    {
      name: "Django: an API-key-only endpoint (warning)",
      path: "api/views.py",
      code: py`
from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt

from api.auth import api_key_required


@csrf_exempt
@api_key_required
def ingest(request):
    return JsonResponse({"ok": save_metrics(request.body)})
`,
      errors: [{ messageId: "exemptKeyAuth", line: 7, severity: "warning" }],
    },
    {
      name: "Django: a webhook with a signature-checking decorator (warning)",
      path: "billing/webhooks.py",
      code: py`
from django.views.decorators.csrf import csrf_exempt

from billing.security import verify_webhook_signature


@csrf_exempt
@verify_webhook_signature
def stripe_event(request):
    return handle_event(request.body)
`,
      errors: [{ messageId: "exemptKeyAuth", line: 6, severity: "warning" }],
    },
    {
      name: "Django: @login_required beside the exemption stays blocking (the cookie is the auth)",
      path: "accounts/views.py",
      code: py`
from django.contrib.auth.decorators import login_required
from django.views.decorators.csrf import csrf_exempt


@login_required
@csrf_exempt
def change_email(request):
    request.user.email = request.POST["email"]
    request.user.save()
`,
      errors: [{ messageId: "exempt", line: 6, severity: "blocking" }],
    },
    {
      name: "Django: a rate limit keyed by IP is not authentication, stays blocking",
      path: "accounts/views.py",
      code: py`
from django.views.decorators.csrf import csrf_exempt
from django_ratelimit.decorators import ratelimit


@ratelimit(key="ip", rate="5/m")
@csrf_exempt
def transfer(request):
    return move_money(request.user, request.POST["to"], request.POST["amount"])
`,
      errors: [{ messageId: "exempt", line: 6, severity: "blocking" }],
    },
    {
      name: "Django: require_POST and never_cache beside the exemption stay blocking",
      path: "profile/views.py",
      code: py`
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST


@never_cache
@require_POST
@csrf_exempt
def delete_account(request):
    request.user.delete()
`,
      errors: [{ messageId: "exempt", line: 8, severity: "blocking" }],
    },
  ],
  valid: [],
});
