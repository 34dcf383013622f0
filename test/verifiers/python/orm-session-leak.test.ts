import { ruleTester } from "../../support/rule-tester.js";

const py = (s: TemplateStringsArray): string => (s.raw[0] ?? "").replace(/^\n/, "");

const SETUP = `from sqlalchemy import create_engine
from sqlalchemy.orm import sessionmaker

engine = create_engine(DATABASE_URL)
SessionLocal = sessionmaker(bind=engine)
`;

ruleTester("python/orm-session-leak", {
  invalid: [
    {
      name: "FastAPI dependency yields without try/finally",
      path: "app/db/session.py",
      code: `${SETUP}

def get_db():
    db = SessionLocal()
    yield db
    db.close()
`,
      errors: [{ messageId: "yieldWithoutFinally", line: 9 }],
      messageIncludes: ["`db` is yielded without `try`/`finally`"],
    },
    {
      name: "Flask blueprint: close at the end of the normal path only",
      path: "app/blueprints/orders.py",
      code: py`
from flask import Blueprint

from app.db import SessionLocal
from sqlalchemy import select

bp = Blueprint("orders", __name__)


@bp.get("/orders/<int:oid>")
def show(oid):
    session = SessionLocal()
    order = session.get(Order, oid)
    payload = order.to_dict()
    session.close()
    return payload
`,
      errors: [{ messageId: "notOnEveryPath", line: 11 }],
      messageIncludes: ["is closed only at the end of the normal path", "finally: session.close()"],
    },
    {
      name: "repository method never closes",
      path: "app/repositories/users.py",
      code: `${SETUP}

class UserRepository:
    def find(self, user_id):
        s = SessionLocal()
        return s.query(User).get(user_id).email
`,
      errors: [{ messageId: "neverClosed", line: 10 }],
      messageIncludes: ["opens a session that is never closed"],
    },
    {
      name: "Session(engine) imported from sqlalchemy.orm in a worker",
      path: "app/tasks/billing.py",
      code: py`
from sqlalchemy.orm import Session

from app.db import engine


def charge_all():
    session = Session(engine)
    for invoice in session.query(Invoice).filter_by(paid=False):
        charge(invoice)
    session.commit()
`,
      errors: [{ messageId: "neverClosed", line: 7 }],
    },
    {
      name: "async_sessionmaker session in an aiohttp handler",
      path: "app/handlers/items.py",
      code: py`
from aiohttp import web
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

engine = create_async_engine(DSN)
async_session = async_sessionmaker(engine)


async def list_items(request):
    session = async_session()
    rows = (await session.execute(select(Item))).scalars().all()
    await session.close()
    return web.json_response([r.name for r in rows])
`,
      errors: [{ messageId: "notOnEveryPath", line: 9 }],
    },
    {
      name: "aliased Session import in a service",
      path: "app/services/report.py",
      code: py`
from sqlalchemy.orm import Session as OrmSession


def monthly(engine, month):
    db = OrmSession(bind=engine)
    total = db.scalar(select(func.sum(Sale.amount)).where(Sale.month == month))
    return total
`,
      errors: [{ messageId: "neverClosed", line: 5 }],
    },
  ],
  valid: [
    {
      name: "with blocks and session.begin()",
      path: "app/services/orders.py",
      code: `${SETUP}

def place(order):
    with SessionLocal() as session:
        session.add(order)
        session.commit()
    with SessionLocal.begin() as session:
        session.add(order)
`,
    },
    {
      name: "FastAPI dependency with try/finally",
      path: "app/db/session.py",
      code: `${SETUP}

def get_db():
    db = SessionLocal()
    try:
        yield db
    finally:
        db.close()
`,
    },
    {
      name: "rollback in except and commit in try",
      path: "app/services/transfer.py",
      code: `${SETUP}

def transfer(a, b, amount):
    session = SessionLocal()
    try:
        move(session, a, b, amount)
        session.commit()
    except Exception:
        session.rollback()
        raise
`,
    },
    {
      name: "near-miss: factory functions hand the session to the caller",
      path: "app/db/factory.py",
      code: `${SETUP}

def new_session():
    session = SessionLocal()
    return session


class UnitOfWork:
    def __enter__(self):
        self.session = SessionLocal()
        return self

    def open_repo(self):
        s = SessionLocal()
        return UserRepository(s)
`,
    },
    {
      name: "near-miss: HTTP sessions and scoped_session registries",
      path: "app/clients/api.py",
      code: py`
import requests
from sqlalchemy.orm import scoped_session, sessionmaker

Session = scoped_session(sessionmaker())


def fetch(url):
    http = requests.Session()
    return http.get(url).json()


def query():
    s = Session()
    return s.query(User).all()
`,
    },
    {
      name: "near-miss: ExitStack and contextlib.closing",
      path: "app/services/batch.py",
      code: `${SETUP}
from contextlib import ExitStack, closing


def run(jobs):
    with ExitStack() as stack:
        session = SessionLocal()
        stack.enter_context(session)
        for job in jobs:
            job(session)


def count():
    s = SessionLocal()
    with closing(s):
        return s.query(User).count()
`,
    },
  ],
});
