import { ruleTester } from "../../support/rule-tester.js";

const py = (s: TemplateStringsArray): string => (s.raw[0] ?? "").replace(/^\n/, "");

ruleTester("python/orm-boolean-operator", {
  invalid: [
    {
      name: "SQLAlchemy 2.0 where() with `and`: the owner check is dropped",
      path: "app/routers/orders.py",
      code: py`
from fastapi import APIRouter, Depends
from sqlalchemy import select
from sqlalchemy.orm import Session

router = APIRouter()


@router.get("/orders/{order_id}")
def read_order(order_id: int, db: Session = Depends(get_db), user=Depends(current_user)):
    stmt = select(Order).where(Order.id == order_id and Order.owner_id == user.id)
    return db.scalars(stmt).one()
`,
      errors: [{ messageId: "booleanOperator", line: 10 }],
      messageIncludes: ["`Order.id == order_id and Order.owner_id == user.id` in `where()` uses Python's `and`", "and_(a, b)"],
    },
    {
      name: "Flask-SQLAlchemy query.filter() with `or`",
      path: "app/blueprints/search.py",
      code: py`
from flask import Blueprint, request

from app.models import User, db

bp = Blueprint("search", __name__)


@bp.get("/users/search")
def search():
    term = request.args["q"]
    users = User.query.filter(User.email == term or User.username == term).all()
    return {"ids": [u.id for u in users]}
`,
      errors: [{ messageId: "booleanOperator", line: 11 }],
    },
    {
      name: "1.4 session.query().filter() with `and` of a range and a column method",
      path: "app/services/reports.py",
      code: py`
from sqlalchemy.orm import Session


def overdue(session: Session, tenant_id: int, cutoff):
    return (
        session.query(Invoice)
        .filter(Invoice.due_at < cutoff and Invoice.status.in_(["open", "late"]))
        .filter(Invoice.tenant_id == tenant_id)
        .all()
    )
`,
      errors: [{ messageId: "booleanOperator", line: 7 }],
    },
    {
      name: "condition built into a variable first, then passed to where()",
      path: "app/repositories/documents.py",
      code: py`
from sqlalchemy import select


async def visible_documents(session, user):
    visible = Document.owner_id == user.id or Document.is_public == True
    result = await session.execute(select(Document).where(visible))
    return result.scalars().all()
`,
      errors: [{ messageId: "booleanOperator", line: 6 }],
    },
    {
      name: "Django Q objects joined with `and` keep only the second",
      path: "shop/views.py",
      code: py`
from django.db.models import Q
from django.shortcuts import render

from .models import Product


def product_list(request):
    products = Product.objects.filter(Q(active=True) and Q(shop__owner=request.user))
    return render(request, "shop/products.html", {"products": products})
`,
      errors: [{ messageId: "booleanOperator", line: 8 }],
    },
    {
      name: "`is None` on a column is the constant False (soft-delete filter matches nothing)",
      path: "app/repositories/users.py",
      code: py`
from sqlalchemy import select


def active_users(session):
    return session.scalars(select(User).where(User.deleted_at is None)).all()
`,
      errors: [{ messageId: "identity", line: 5 }],
      messageIncludes: ["`User.deleted_at is None` in `where()` uses Python's `is`", ".is_(None)"],
    },
    {
      name: "`is not None` on a column is the constant True (matches every row)",
      path: "app/blueprints/admin.py",
      code: py`
from flask import Blueprint

bp = Blueprint("admin", __name__)


@bp.get("/verified")
def verified():
    rows = db.session.query(Account).filter(Account.verified_at is not None).all()
    return {"count": len(rows)}
`,
      errors: [{ messageId: "identity", line: 8 }],
    },
    {
      name: "`in` on a column evaluates in Python, never SQL IN",
      path: "app/services/bulk.py",
      code: py`
from sqlalchemy import update


def archive(session, ids):
    session.execute(update(Ticket).where(Ticket.id in ids).values(archived=True))
    session.commit()
`,
      errors: [{ messageId: "membership", line: 5 }],
    },
    {
      name: "Core table columns (table.c) with `and` in a join's on-clause",
      path: "app/db/queries.py",
      code: py`
from sqlalchemy import select


def member_rows(conn, org_id):
    j = users.join(memberships, users.c.id == memberships.c.user_id and memberships.c.org_id == org_id)
    return conn.execute(select(users).select_from(j)).all()
`,
      errors: [{ messageId: "booleanOperator", line: 5 }],
    },
    {
      name: "`and` nested in and_() still drops a condition",
      path: "app/repositories/sessions.py",
      code: py`
from sqlalchemy import and_, select


def live_session(session, token, now):
    stmt = select(LoginSession).where(and_(LoginSession.token == token and LoginSession.expires_at > now, LoginSession.revoked == False))
    return session.scalars(stmt).first()
`,
      errors: [{ messageId: "booleanOperator", line: 5 }],
    },
    {
      name: "aiohttp handler: async SQLAlchemy with `or` between two boolean columns",
      path: "app/handlers/flags.py",
      code: py`
from aiohttp import web
from sqlalchemy import select


async def flagged(request: web.Request) -> web.Response:
    async with request.app["db"]() as session:
        rows = (await session.execute(select(Comment).where(Comment.is_spam or Comment.is_flagged))).scalars().all()
    return web.json_response({"count": len(rows)})
`,
      errors: [{ messageId: "booleanOperator", line: 7 }],
    },
    {
      name: "Django manager get() with Q objects joined by `or`",
      path: "accounts/views.py",
      code: py`
from django.db.models import Q
from django.http import JsonResponse

from .models import Account


def lookup(request):
    login = request.GET["login"]
    account = Account.objects.get(Q(email=login) or Q(username=login))
    return JsonResponse({"id": account.pk})
`,
      errors: [{ messageId: "booleanOperator", line: 9 }],
    },
  ],
  valid: [
    {
      name: "several conditions as separate where() arguments",
      path: "app/routers/orders.py",
      code: py`
from sqlalchemy import select


def read_order(db, order_id, user):
    stmt = select(Order).where(Order.id == order_id, Order.owner_id == user.id)
    return db.scalars(stmt).one()
`,
    },
    {
      name: "and_() / or_() and & / | between conditions",
      path: "app/services/search.py",
      code: py`
from sqlalchemy import and_, or_


def search(session, term, tenant_id):
    q = session.query(User).filter(or_(User.email == term, User.username == term))
    q = q.filter((User.tenant_id == tenant_id) & (User.active == True))
    return q.filter(and_(User.deleted_at.is_(None), ~User.banned)).all()
`,
    },
    {
      name: "`or` between Python values inside a comparison operand",
      path: "app/blueprints/profile.py",
      code: py`
from flask import request


def by_name():
    name = request.args.get("name")
    return User.query.filter(User.name == (name or "anonymous")).first()
`,
    },
    {
      name: "`or` inside a column method's argument",
      path: "app/repositories/roles.py",
      code: py`
from sqlalchemy import select


def members(session, roles=None):
    return session.scalars(select(User).where(User.role.in_(roles or DEFAULT_ROLES))).all()
`,
    },
    {
      name: "`and` deciding whether to add a filter at all (outside the filter)",
      path: "app/services/listing.py",
      code: py`
def listing(session, owner_id, only_mine, include_archived):
    q = session.query(Project)
    if only_mine and owner_id is not None:
        q = q.filter(Project.owner_id == owner_id)
    if not include_archived:
        q = q.filter(Project.archived_at.is_(None))
    return q.all()
`,
    },
    {
      name: "builtin filter() with a lambda using `and` on plain objects",
      path: "app/services/cache.py",
      code: py`
def fresh(entries, now):
    return list(filter(lambda e: e.expires_at > now and e.value is not None, entries))
`,
    },
    {
      name: "Django Q objects combined with & and |; keyword filter with `or`",
      path: "shop/views.py",
      code: py`
from django.db.models import Q

from .models import Product


def products(request):
    qs = Product.objects.filter(Q(active=True) & (Q(shop__owner=request.user) | Q(public=True)))
    return qs.exclude(name=request.GET.get("skip") or "")
`,
    },
    {
      name: "enum members and constants compared with `and` in a dict get() are no columns",
      path: "app/services/config.py",
      code: py`
def feature(settings, flags):
    return flags.get(Mode.DEBUG == settings.mode and Level.HIGH == settings.level)
`,
    },
    {
      name: "conditional expression choosing one condition",
      path: "app/repositories/tasks.py",
      code: py`
from sqlalchemy import select, true


def tasks(session, user_id=None):
    cond = Task.owner_id == user_id if user_id is not None else true()
    return session.scalars(select(Task).where(cond)).all()
`,
    },
    {
      name: "`is None` on a Python value passed to where() is not a column",
      path: "app/repositories/notes.py",
      code: py`
from sqlalchemy import select


def notes(session, folder_id):
    stmt = select(Note).where(Note.folder_id.is_(None) if folder_id is None else Note.folder_id == folder_id)
    return session.scalars(stmt).all()
`,
    },
    {
      name: "str.join and dict.get over class attributes joined with `or`",
      path: "app/services/labels.py",
      code: py`
def render(settings):
    prefix = ", ".join(Labels.names or Defaults.names)
    return settings.get(Settings.timeout or Defaults.timeout), prefix
`,
    },
    {
      name: "`in` on a Python value (not a column) inside get()",
      path: "app/services/lookup.py",
      code: py`
def label(mapping, key, allowed):
    return mapping.get(key in allowed)
`,
    },
  ],
});
