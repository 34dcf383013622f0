import { ruleTester } from "../../support/rule-tester.js";

const py = (s: TemplateStringsArray): string => (s.raw[0] ?? "").replace(/^\n/, "");

ruleTester("python/unbounded-write", {
  invalid: [
    {
      name: "Django view clears the cart of every user",
      path: "cart/views.py",
      code: py`
from django.http import JsonResponse
from django.views.decorators.http import require_POST

from cart.models import CartItem


@require_POST
def clear_cart(request):
    CartItem.objects.all().delete()
    return JsonResponse({"ok": True})
`,
      errors: [{ messageId: "queryset", line: 9 }],
      messageIncludes: ["`CartItem.objects.all().delete(...)` deletes every row of the table", "filter(owner=request.user)"],
    },
    {
      name: "Django manager update without filter",
      path: "accounts/services.py",
      code: py`
from accounts.models import Profile


def reset_newsletter(user):
    Profile.objects.update(newsletter=False)
`,
      errors: [{ messageId: "queryset", line: 5 }],
      messageIncludes: ["updates every row"],
    },
    {
      name: "SQLAlchemy repository deletes through session.query",
      path: "app/repositories/sessions.py",
      code: py`
from sqlalchemy.orm import Session

from app.models import LoginSession


class SessionRepository:
    def __init__(self, db: Session):
        self.db = db

    def revoke_for(self, user_id: int) -> None:
        self.db.query(LoginSession).delete()
        self.db.commit()
`,
      errors: [{ messageId: "queryset", line: 11 }],
    },
    {
      name: "Flask-SQLAlchemy Model.query.update",
      path: "app/blueprints/admin.py",
      code: py`
from flask import Blueprint

from app.models import Product, db

bp = Blueprint("admin", __name__)


@bp.post("/products/<int:pid>/discontinue")
def discontinue(pid):
    Product.query.update({"active": False})
    db.session.commit()
    return {"ok": True}
`,
      errors: [{ messageId: "queryset", line: 10 }],
    },
    {
      name: "SQLAlchemy 2.0 delete() straight into execute",
      path: "app/routers/carts.py",
      code: py`
from fastapi import APIRouter, Depends
from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession

router = APIRouter()


@router.delete("/carts/{cart_id}/items")
async def empty_cart(cart_id: int, db: AsyncSession = Depends(get_db)):
    await db.execute(delete(CartItem))
    await db.commit()
`,
      errors: [{ messageId: "statement", line: 10 }],
      messageIncludes: ["`delete(CartItem)` reaches `execute()` without `.where(...)`"],
    },
    {
      name: "SQLAlchemy 2.0 update().values() without where",
      path: "app/db/users.py",
      code: py`
import sqlalchemy as sa


def deactivate(conn, user_id):
    conn.execute(
        sa.update(User).values(active=False)
    )
`,
      errors: [{ messageId: "statement", line: 6 }],
    },
  ],
  valid: [
    {
      name: "filtered Django deletes and updates",
      path: "cart/views.py",
      code: py`
from cart.models import CartItem


def clear_cart(request):
    CartItem.objects.filter(cart__owner=request.user).delete()
    CartItem.objects.filter(pk__in=request.POST.getlist("ids")).update(saved=True)
    request.user.cart_items.all().delete()
`,
    },
    {
      name: "filtered SQLAlchemy query and 2.0 statements",
      path: "app/repositories/sessions.py",
      code: py`
from sqlalchemy import delete, update


def revoke_for(db, user_id):
    db.query(LoginSession).filter(LoginSession.user_id == user_id).delete()
    db.query(LoginSession).filter_by(user_id=user_id).update({"revoked": True})
    db.execute(delete(CartItem).where(CartItem.cart_id == 3))
    db.execute(update(User).where(User.id == user_id).values(active=False))
`,
    },
    {
      name: "near-miss: deleting one object and dict/set updates",
      path: "app/services/cleanup.py",
      code: py`
from sqlalchemy.orm import Session


def remove(session: Session, item, extra: dict):
    session.delete(item)
    item.delete()
    extra.update({"removed": True})
    cache.delete("items")
`,
    },
    {
      name: "near-miss: a statement built in steps is not guessed at",
      path: "app/db/users.py",
      code: py`
from sqlalchemy import delete


def purge(conn, ids):
    stmt = delete(User)
    stmt = stmt.where(User.id.in_(ids))
    conn.execute(stmt)
`,
    },
    {
      name: "data migration backfilling a column",
      path: "shop/migrations/0007_backfill_flags.py",
      code: py`
from django.db import migrations


def backfill(apps, schema_editor):
    Product = apps.get_model("shop", "Product")
    Product.objects.all().update(visible=True)


class Migration(migrations.Migration):
    operations = [migrations.RunPython(backfill)]
`,
    },
    {
      name: "near-miss: Django Model.objects.delete does not exist and a test fixture",
      path: "tests/test_cart.py",
      code: py`
from cart.models import CartItem


def setup_function():
    CartItem.objects.all().delete()
`,
    },
  ],
});
