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
    {
      name: "2.0 statement kept in a variable, executed unchanged",
      path: "app/routers/carts.py",
      code: py`
from fastapi import APIRouter, Depends
from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession

router = APIRouter()


@router.delete("/cart")
async def clear_cart(db: AsyncSession = Depends(get_db), user=Depends(current_user)):
    stmt = delete(CartItem)
    await db.execute(stmt)
    await db.commit()
`,
      errors: [{ messageId: "statement", line: 10 }],
    },
    {
      name: "query kept in a variable, then delete() without a filter",
      path: "app/services/notifications.py",
      code: py`
from sqlalchemy.orm import Session


def mark_all_read(session: Session, user_id: int):
    q = session.query(Notification).order_by(Notification.created_at)
    q.update({"read": True})
    session.commit()
`,
      errors: [{ messageId: "queryset", line: 6 }],
    },
    {
      name: "Django filter() without arguments keeps every row",
      path: "inbox/views.py",
      code: py`
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect

from .models import Message


@login_required
def purge(request):
    Message.objects.filter().delete()
    return redirect("inbox")
`,
      errors: [{ messageId: "queryset", line: 9 }],
    },
    {
      name: "Core table delete() passed to conn.execute",
      path: "app/db/tokens.py",
      code: py`
from sqlalchemy import Column, Integer, MetaData, String, Table

metadata = MetaData()
tokens = Table("tokens", metadata, Column("id", Integer, primary_key=True), Column("user_id", Integer), Column("value", String))


def revoke_tokens(conn, user_id):
    conn.execute(tokens.delete())
    conn.commit()
`,
      errors: [{ messageId: "statement", line: 8 }],
    },
    {
      name: "Model.__table__.update().values() without where",
      path: "app/services/prices.py",
      code: py`
from sqlalchemy.orm import Session


def apply_discount(session: Session, category_id: int, pct: float):
    session.execute(Product.__table__.update().values(price=Product.price * (1 - pct)))
    session.commit()
`,
      errors: [{ messageId: "statement", line: 5 }],
    },
    {
      name: "Flask-SQLAlchemy db.delete(Model) in a view",
      path: "app/views/sessions.py",
      code: py`
from flask import Blueprint
from flask_login import current_user

from app.extensions import db

bp = Blueprint("sessions", __name__)


@bp.post("/logout-everywhere")
def logout_everywhere():
    db.session.execute(db.delete(LoginSession))
    db.session.commit()
    return "", 204
`,
      errors: [{ messageId: "statement", line: 11 }],
    },
    {
      name: "literal SQL without WHERE (warning)",
      path: "app/services/cleanup.py",
      code: py`
from sqlalchemy import text


def reset_user_flags(session, user_id):
    session.execute(text("UPDATE users SET is_flagged = false"))
    session.execute(text("DELETE FROM login_attempts"))
    session.commit()
`,
      errors: [{ messageId: "rawSql", line: 5, severity: "warning" }, { messageId: "rawSql", line: 6, severity: "warning" }],
    },
  ],
  valid: [
    {
      name: "statement in a variable that gains a where() before execute",
      path: "app/routers/carts.py",
      code: py`
from sqlalchemy import delete


async def clear_cart(db, user):
    stmt = delete(CartItem)
    if user is not None:
        stmt = stmt.where(CartItem.owner_id == user.id)
    await db.execute(stmt)
`,
    },
    {
      name: "query variable filtered before delete; a get() result deleted",
      path: "app/services/notifications.py",
      code: py`
def clean(session, user_id, note_id):
    q = session.query(Notification)
    q = q.filter(Notification.user_id == user_id)
    q.delete()
    note = session.get(Notification, note_id)
    session.delete(note)
`,
    },
    {
      name: "Django filter() with arguments and a related manager",
      path: "inbox/views.py",
      code: py`
from .models import Message


def purge(request):
    Message.objects.filter(owner=request.user).delete()
    request.user.messages.all().delete()
    Message.objects.order_by("id").filter(owner=request.user, read=True).update(archived=True)
`,
    },
    {
      name: "Core table statements with where()",
      path: "app/db/tokens.py",
      code: py`
from sqlalchemy import MetaData, Table

metadata = MetaData()
tokens = Table("tokens", metadata)


def revoke_tokens(conn, user_id):
    conn.execute(tokens.delete().where(tokens.c.user_id == user_id))
    conn.execute(Token.__table__.update().where(Token.__table__.c.user_id == user_id).values(revoked=True))
`,
    },
    {
      name: "db.session.delete(obj) deletes one object",
      path: "app/views/posts.py",
      code: py`
from app.extensions import db


def delete_post(post_id):
    post = db.get_or_404(Post, post_id)
    db.session.delete(post)
    db.session.execute(db.delete(Comment).where(Comment.post_id == post_id))
    db.session.commit()
`,
    },
    {
      name: "literal SQL with WHERE, and SELECTs",
      path: "app/services/cleanup.py",
      code: py`
from sqlalchemy import text


def reset(session, user_id):
    session.execute(text("UPDATE users SET is_flagged = false WHERE id = :id"), {"id": user_id})
    session.execute(text("DELETE FROM login_attempts WHERE user_id = :id"), {"id": user_id})
    return session.execute(text("SELECT count(*) FROM users")).scalar_one()
`,
    },
    {
      name: "dict.update and set operations named like writes",
      path: "app/services/merge.py",
      code: py`
def merge(settings, overrides, tags):
    defaults = settings.copy()
    defaults.update()
    cache = tags.all()
    cache.update({"merged": True})
    return defaults
`,
    },
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
