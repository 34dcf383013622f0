import { ruleTester } from "../../support/rule-tester.js";

const py = (s: TemplateStringsArray): string => (s.raw[0] ?? "").replace(/^\n/, "");

ruleTester("python/mass-assignment", {
  invalid: [
    {
      name: "Flask blueprint: Model(**request.json) through a local variable",
      path: "app/blueprints/users.py",
      code: py`
from flask import Blueprint, request

from app.models import User, db

bp = Blueprint("users", __name__)


@bp.post("/users")
def create_user():
    data = request.get_json()
    user = User(**data)
    db.session.add(user)
    db.session.commit()
    return {"id": user.id}, 201
`,
      errors: [{ messageId: "splat", line: 11 }],
      messageIncludes: ["`User(**data)` writes every key the client sends into `User`", "is_staff"],
    },
    {
      name: "DRF view: objects.create(**request.data)",
      path: "orders/views.py",
      code: py`
from rest_framework.decorators import api_view
from rest_framework.response import Response

from orders.models import Order


@api_view(["POST"])
def create_order(request):
    order = Order.objects.create(**request.data)
    return Response({"id": order.pk}, status=201)
`,
      errors: [{ messageId: "splat", line: 9 }],
    },
    {
      name: "Django view: filter().update(**request.POST.dict())",
      path: "accounts/views.py",
      code: py`
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse

from accounts.models import Profile


@login_required
def update_profile(request):
    Profile.objects.filter(user=request.user).update(**request.POST.dict())
    return JsonResponse({"ok": True})
`,
      errors: [{ messageId: "splat", line: 9 }],
    },
    {
      name: "aiohttp handler: setattr loop over the JSON body",
      path: "app/handlers/products.py",
      code: py`
from aiohttp import web


async def patch_product(request: web.Request) -> web.Response:
    product = await load_product(request.match_info["id"])
    body = await request.json()
    for key, value in body.items():
        setattr(product, key, value)
    await save(product)
    return web.json_response({"ok": True})
`,
      errors: [{ messageId: "setattr", line: 7 }],
      messageIncludes: ["sets every attribute named in `body` on `product`"],
    },
    {
      name: "FastAPI router: Pydantic dump splatted into the ORM model",
      path: "app/routers/items.py",
      code: py`
from fastapi import APIRouter, Depends
from sqlalchemy.orm import Session

from app import models
from app.models import Item
from app.schemas import ItemCreate

router = APIRouter()


@router.post("/items")
def create_item(item: ItemCreate, db: Session = Depends(get_db)):
    db_item = Item(**item.dict(), owner_id=1)
    db.add(db_item)
    db.commit()
    return db_item
`,
      errors: [{ messageId: "pydantic", line: 13, severity: "warning" }],
      messageIncludes: ["copies every field of the request schema", "include="],
    },
    {
      name: "SQLAlchemy query update with the form as the values",
      path: "app/repositories/accounts.py",
      code: py`
from flask import request

from app.db import session
from app.models import Account


def update_account(account_id):
    session.query(Account).filter(Account.id == account_id).update(request.form.to_dict())
    session.commit()
`,
      errors: [{ messageId: "splat", line: 8 }],
    },
  ],
  valid: [
    {
      name: "explicit fields from the request",
      path: "app/blueprints/users.py",
      code: py`
from flask import Blueprint, request

from app.models import User, db

bp = Blueprint("users", __name__)


@bp.post("/users")
def create_user():
    data = request.get_json()
    user = User(name=data["name"], email=data["email"])
    db.session.add(user)
    return {"id": user.id}, 201
`,
    },
    {
      name: "near-miss: validating through a schema is not a write",
      path: "app/blueprints/users.py",
      code: py`
from flask import request

from app.schemas import UserCreate


def parse():
    payload = UserCreate(**request.get_json())
    return payload
`,
    },
    {
      name: "DRF serializer with explicit fields",
      path: "orders/views.py",
      code: py`
from rest_framework.decorators import api_view

from orders.serializers import OrderSerializer


@api_view(["POST"])
def create_order(request):
    serializer = OrderSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    order = serializer.save(owner=request.user)
    return Response(OrderSerializer(order).data)
`,
    },
    {
      name: "Pydantic dump with an include list",
      path: "app/routers/items.py",
      code: py`
from fastapi import APIRouter

from app.models import Item
from app.schemas import ItemCreate

router = APIRouter()


@router.post("/items")
def create_item(item: ItemCreate, db=None):
    db_item = Item(**item.model_dump(include={"title", "description"}))
    return db_item
`,
    },
    {
      name: "near-miss: setattr loop over an allow-list and dict.update",
      path: "app/handlers/products.py",
      code: py`
async def patch_product(request):
    product = await load_product(request.match_info["id"])
    body = await request.json()
    for key in ("name", "description"):
        if key in body:
            setattr(product, key, body[key])
    context = {}
    context.update(request.query)
    return product
`,
    },
    {
      name: "near-miss: kwargs from internal data, and a log call",
      path: "app/services/orders.py",
      code: py`
from app.models import Order


def clone(order: Order, overrides: dict):
    fields = {"customer_id": order.customer_id, "total": order.total}
    copy = Order(**fields, **overrides)
    logger.info("request body", extra=dict(**request.json))
    return copy
`,
    },
  ],
});
