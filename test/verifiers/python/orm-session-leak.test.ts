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
    {
      name: "engine.connect() kept in a variable and never closed (Flask view)",
      path: "app/views/stats.py",
      code: py`
from flask import Flask, jsonify
from sqlalchemy import create_engine, text

app = Flask(__name__)
engine = create_engine(DATABASE_URL)


@app.get("/stats")
def stats():
    conn = engine.connect()
    count = conn.execute(text("SELECT count(*) FROM users")).scalar_one()
    return jsonify(users=count)
`,
      errors: [{ messageId: "connectionNeverClosed", line: 10 }],
      messageIncludes: ["`conn` checks a connection out of the pool with `engine.connect()`", "with engine.connect() as conn:"],
    },
    {
      name: "engine.connect().execute(...) never keeps the connection to close it",
      path: "app/routers/health.py",
      code: py`
from fastapi import APIRouter
from sqlalchemy import text

from app.db import engine

router = APIRouter()


@router.get("/health")
def health():
    engine.connect().execute(text("SELECT 1"))
    return {"ok": True}
`,
      errors: [{ messageId: "connectionNeverClosed", line: 11 }],
    },
    {
      name: "close() at the end of the normal path only",
      path: "app/services/import_csv.py",
      code: py`
import csv

from sqlalchemy import create_engine, insert

engine = create_engine(DATABASE_URL)


def import_rows(path):
    conn = engine.connect()
    with open(path) as fh:
        for row in csv.DictReader(fh):
            conn.execute(insert(products).values(**row))
    conn.commit()
    conn.close()
`,
      errors: [{ messageId: "connectionNotOnEveryPath", line: 9 }],
    },
    {
      name: "raw_connection() for a DB-API cursor, never closed",
      path: "app/services/bulk_copy.py",
      code: py`
from sqlalchemy import create_engine

db_engine = create_engine(DATABASE_URL)


def copy_in(buffer):
    raw = db_engine.raw_connection()
    cur = raw.cursor()
    cur.copy_expert("COPY events FROM STDIN WITH CSV", buffer)
    raw.commit()
`,
      errors: [{ messageId: "connectionNeverClosed", line: 7 }],
    },
    {
      name: "async engine connection awaited into a variable and never closed",
      path: "app/handlers/ping.py",
      code: py`
from aiohttp import web
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

engine = create_async_engine(DATABASE_URL)


async def ping(request: web.Request) -> web.Response:
    conn = await engine.connect()
    await conn.execute(text("SELECT 1"))
    return web.json_response({"ok": True})
`,
      errors: [{ messageId: "connectionNeverClosed", line: 9 }],
    },
    {
      name: "generator dependency yields a connection without try/finally",
      path: "app/db/deps.py",
      code: py`
from sqlalchemy import create_engine

engine = create_engine(DATABASE_URL)


def get_conn():
    conn = engine.connect()
    yield conn
    conn.close()
`,
      errors: [{ messageId: "yieldWithoutFinally", line: 7 }],
    },
  ],
  valid: [
    {
      name: "connections in with blocks (connect, begin, execution_options)",
      path: "app/services/reports.py",
      code: py`
from sqlalchemy import create_engine, text

engine = create_engine(DATABASE_URL)


def report():
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT id FROM orders")).all()
    with engine.begin() as conn:
        conn.execute(text("UPDATE stats SET n = n + 1"))
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM"))
    return rows
`,
    },
    {
      name: "connection closed in finally",
      path: "app/services/bulk_copy.py",
      code: py`
from sqlalchemy import create_engine

engine = create_engine(DATABASE_URL)


def copy_in(buffer):
    raw = engine.raw_connection()
    try:
        cur = raw.cursor()
        cur.copy_expert("COPY events FROM STDIN WITH CSV", buffer)
        raw.commit()
    finally:
        raw.close()
`,
    },
    {
      name: "async with engine.connect() and engine.begin()",
      path: "app/handlers/ping.py",
      code: py`
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

engine = create_async_engine(DATABASE_URL)


async def ping():
    async with engine.connect() as conn:
        await conn.execute(text("SELECT 1"))
    async with engine.begin() as conn:
        await conn.execute(text("SELECT 2"))
`,
    },
    {
      name: "FastAPI dependency yields a connection inside try/finally",
      path: "app/db/deps.py",
      code: py`
from sqlalchemy import create_engine

engine = create_engine(DATABASE_URL)


def get_conn():
    conn = engine.connect()
    try:
        yield conn
    finally:
        conn.close()
`,
    },
    {
      name: "connection returned to the caller, or stored on the object",
      path: "app/db/unit_of_work.py",
      code: py`
from sqlalchemy import create_engine

engine = create_engine(DATABASE_URL)


def open_connection():
    conn = engine.connect()
    return conn


class UnitOfWork:
    def __enter__(self):
        self.conn = engine.connect()
        return self
`,
    },
    {
      name: "connect() on a socket, a websocket and an HTTP pool in a SQLAlchemy file",
      path: "app/services/notify.py",
      code: py`
import socket

from sqlalchemy.orm import Session


def notify(host, payload):
    sock = socket.create_connection((host, 9000))
    client = redis_pool.connect()
    client.publish("events", payload)
    sock.sendall(payload)
`,
    },
    {
      name: "connectivity probe closes the connection at once (as SQLAlchemy's Inspector does)",
      path: "app/db/probe.py",
      code: py`
from sqlalchemy import create_engine

engine = create_engine(DATABASE_URL)


def wait_for_db():
    engine.connect().close()
`,
    },
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
