import { ruleTester } from "../../support/rule-tester.js";

const py = (s: TemplateStringsArray): string => (s.raw[0] ?? "").replace(/^\n/, "");

const MODELS = `from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import relationship

engine = create_async_engine(DSN)
async_session = async_sessionmaker(engine)


class Order(Base):
    __tablename__ = "orders"
    items = relationship("Item", back_populates="order")
    customer = relationship("Customer", lazy="joined")
`;

ruleTester("python/async-sync-orm", {
  invalid: [
    {
      name: "FastAPI async route opens a sync SessionLocal",
      path: "app/routers/reports.py",
      code: py`
from fastapi import APIRouter
from sqlalchemy import create_engine
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.orm import sessionmaker

async_engine = create_async_engine(ASYNC_DSN)
SessionLocal = sessionmaker(bind=create_engine(DSN))
router = APIRouter()


@router.get("/reports")
async def reports():
    with SessionLocal() as db:
        return db.query(Report).all()
`,
      errors: [{ messageId: "syncSession", line: 13 }],
      messageIncludes: ["`SessionLocal()` opens a synchronous Session inside `async def`"],
    },
    {
      name: "sync engine connect in an aiohttp handler next to an async engine",
      path: "app/handlers/stats.py",
      code: py`
from aiohttp import web
from sqlalchemy import create_engine, text
from sqlalchemy.ext.asyncio import create_async_engine

engine = create_engine(DSN)
aengine = create_async_engine(ASYNC_DSN)


async def stats(request):
    with engine.connect() as conn:
        n = conn.execute(text("SELECT count(*) FROM users")).scalar()
    return web.json_response({"users": n})
`,
      errors: [{ messageId: "syncEngine", line: 10 }],
    },
    {
      name: "query() on an AsyncSession parameter",
      path: "app/routers/users.py",
      code: py`
from fastapi import APIRouter, Depends
from sqlalchemy.ext.asyncio import AsyncSession

router = APIRouter()


@router.get("/users/{uid}")
async def get_user(uid: int, db: AsyncSession = Depends(get_db)):
    return db.query(User).filter(User.id == uid).first()
`,
      errors: [{ messageId: "query", line: 9 }],
      messageIncludes: ["does not exist on an AsyncSession"],
    },
    {
      name: "commit and execute not awaited",
      path: "app/services/orders.py",
      code: `${MODELS}

async def cancel(order_id: int):
    async with async_session() as session:
        session.execute(update(Order).where(Order.id == order_id).values(status="cancelled"))
        session.commit()
`,
      errors: [{ messageId: "notAwaited", line: 16 }, { messageId: "notAwaited", line: 17 }],
      messageIncludes: ["never awaited"],
    },
    {
      name: "lazy relationship read on an object from await session.get",
      path: "app/routers/orders.py",
      code: `${MODELS}

async def order_skus(oid: int, db: AsyncSession):
    order = await db.get(Order, oid)
    return [i.sku for i in order.items]
`,
      errors: [{ messageId: "lazyLoad", line: 16 }],
      messageIncludes: ["raises MissingGreenlet", "awaitable_attrs.items"],
    },
    {
      name: "sync Session imported from sqlalchemy.orm in an async service",
      path: "app/services/export.py",
      code: py`
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.orm import Session

engine = create_async_engine(DSN)


async def export(sync_engine):
    session = Session(sync_engine)
    return session.scalars(select(Row)).all()
`,
      errors: [{ messageId: "syncSession", line: 8 }],
    },
    {
      name: "expire_on_commit default: FastAPI route returns the new row's id after await commit",
      path: "app/routers/users.py",
      code: py`
from fastapi import APIRouter
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

engine = create_async_engine(DATABASE_URL)
async_session = async_sessionmaker(engine)
router = APIRouter()


@router.post("/users")
async def create_user(payload: UserIn):
    async with async_session() as session:
        user = User(email=payload.email)
        session.add(user)
        await session.commit()
        return {"id": user.id, "email": user.email}
`,
      errors: [{ messageId: "expiredAfterCommit", line: 15, severity: "blocking" }],
      messageIncludes: ["`user.id` is read after `await session.commit()`", "expire_on_commit=False"],
    },
    {
      name: "expire_on_commit=True written out, object loaded by get then updated",
      path: "app/services/accounts.py",
      code: py`
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

engine = create_async_engine(DATABASE_URL)
SessionLocal = async_sessionmaker(engine, expire_on_commit=True)


async def deactivate(account_id: int) -> str:
    async with SessionLocal() as db:
        account = await db.get(Account, account_id)
        account.active = False
        await db.commit()
        logger.info("deactivated %s", account.email)
        return account.email
`,
      errors: [{ messageId: "expiredAfterCommit", line: 12 }],
    },
    {
      name: "sessionmaker(class_=AsyncSession) and add_all of two new rows",
      path: "app/services/transfers.py",
      code: py`
from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine
from sqlalchemy.orm import sessionmaker

engine = create_async_engine(DATABASE_URL)
make_session = sessionmaker(engine, class_=AsyncSession)


async def transfer(src_id, dst_id, amount):
    session = make_session()
    try:
        debit = Entry(account_id=src_id, amount=-amount)
        credit = Entry(account_id=dst_id, amount=amount)
        session.add_all([debit, credit])
        await session.commit()
        return [debit.id, credit.id]
    finally:
        await session.close()
`,
      errors: [{ messageId: "expiredAfterCommit", line: 15 }, { messageId: "expiredAfterCommit", line: 15 }],
    },
    {
      name: "AsyncSession(engine) made in place, row from execute().scalar_one()",
      path: "app/handlers/orders.py",
      code: py`
from aiohttp import web
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession


async def ship(request: web.Request) -> web.Response:
    async with AsyncSession(request.app["engine"]) as session:
        order = (await session.execute(select(Order).where(Order.id == int(request.match_info["id"])))).scalar_one()
        order.status = "shipped"
        await session.commit()
        return web.json_response({"status": order.status})
`,
      errors: [{ messageId: "expiredAfterCommit", line: 11 }],
    },
    {
      name: "FastAPI dependency session (factory elsewhere): a warning",
      path: "app/routers/posts.py",
      code: py`
from fastapi import APIRouter, Depends
from sqlalchemy.ext.asyncio import AsyncSession

router = APIRouter()


@router.post("/posts")
async def create_post(body: PostIn, db: AsyncSession = Depends(get_db)):
    post = Post(title=body.title, author_id=body.author_id)
    db.add(post)
    await db.commit()
    return PostOut(id=post.id, title=post.title)
`,
      errors: [{ messageId: "mayBeExpiredAfterCommit", line: 12, severity: "warning" }],
    },
    {
      name: "commit inside try, read on the success path after the except",
      path: "app/routers/signup.py",
      code: py`
from fastapi import APIRouter, HTTPException
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import async_sessionmaker

from app.db import engine

Session = async_sessionmaker(bind=engine)
router = APIRouter()


@router.post("/signup")
async def signup(form: SignupIn):
    async with Session() as s:
        member = Member(email=form.email)
        s.add(member)
        try:
            await s.commit()
        except IntegrityError:
            await s.rollback()
            raise HTTPException(409)
        return {"member": member.id}
`,
      errors: [{ messageId: "expiredAfterCommit", line: 21 }],
    },
    {
      name: "Django async view: Model.objects.get() raises SynchronousOnlyOperation",
      path: "shop/views.py",
      code: py`
from django.http import JsonResponse

from .models import Product


async def product_detail(request, pk):
    product = Product.objects.get(pk=pk)
    return JsonResponse({"name": product.name})
`,
      errors: [{ messageId: "djangoOrm", line: 7, severity: "blocking" }],
      messageIncludes: ["`Product.objects.get()` runs a Django ORM query inside `async def`", "aget("],
    },
    {
      name: "Django async view iterates a queryset with a plain for loop",
      path: "blog/views.py",
      code: py`
from django.http import JsonResponse

from blog.models import Post


async def recent_posts(request):
    titles = []
    for post in Post.objects.filter(published=True).order_by("-created")[:10]:
        titles.append(post.title)
    return JsonResponse({"titles": titles})
`,
      errors: [{ messageId: "djangoOrm", line: 8 }],
    },
    {
      name: "Django async view: list() and count() on querysets",
      path: "reports/views.py",
      code: py`
from django.http import JsonResponse

from .models import Invoice


async def summary(request):
    open_invoices = list(Invoice.objects.filter(status="open").values("id", "total"))
    paid = Invoice.objects.filter(status="paid").count()
    return JsonResponse({"open": open_invoices, "paid": paid})
`,
      errors: [{ messageId: "djangoOrm", line: 7 }, { messageId: "djangoOrm", line: 8 }],
    },
    {
      name: "Channels consumer creates a row synchronously",
      path: "chat/consumers.py",
      code: py`
import json

from channels.generic.websocket import AsyncWebsocketConsumer

from chat.models import Message


class ChatConsumer(AsyncWebsocketConsumer):
    async def receive(self, text_data=None, bytes_data=None):
        data = json.loads(text_data)
        Message.objects.create(room=self.room_name, body=data["message"])
        await self.channel_layer.group_send(self.room_group_name, {"type": "chat.message", "message": data["message"]})
`,
      errors: [{ messageId: "djangoOrm", line: 11 }],
    },
    {
      name: "Django Ninja async endpoint updates and deletes",
      path: "api/endpoints.py",
      code: py`
from ninja import Router

from accounts.models import Session as LoginSession

router = Router()


@router.post("/logout")
async def logout(request):
    LoginSession.objects.filter(user_id=request.auth.id).update(revoked=True)
    LoginSession.objects.filter(expired=True).delete()
    return {"ok": True}
`,
      errors: [{ messageId: "djangoOrm", line: 10 }, { messageId: "djangoOrm", line: 11 }],
    },
    {
      name: "Django async view: exists() and get_or_create()",
      path: "newsletter/views.py",
      code: py`
from django.http import HttpResponse
from django.views.decorators.http import require_POST

from .models import Subscriber


@require_POST
async def subscribe(request):
    email = request.POST["email"]
    if Subscriber.objects.filter(email=email).exists():
        return HttpResponse(status=409)
    Subscriber.objects.get_or_create(email=email)
    return HttpResponse(status=201)
`,
      errors: [{ messageId: "djangoOrm", line: 10 }, { messageId: "djangoOrm", line: 12 }],
    },
    {
      name: "psycopg2 connect inside a FastAPI async route (warning)",
      path: "app/routers/health.py",
      code: py`
import psycopg2
from fastapi import APIRouter

router = APIRouter()


@router.get("/health/db")
async def db_health():
    with psycopg2.connect(DSN) as conn:
        with conn.cursor() as cur:
            cur.execute("SELECT 1")
            return {"db": cur.fetchone()[0] == 1}
`,
      errors: [{ messageId: "syncDriver", line: 9, severity: "warning" }],
      messageIncludes: ["`psycopg2.connect()` is a synchronous database driver call inside `async def`"],
    },
    {
      name: "module-level sqlite3 connection used in an aiohttp handler",
      path: "app/handlers/notes.py",
      code: py`
import sqlite3

from aiohttp import web

conn = sqlite3.connect("notes.db", check_same_thread=False)


async def list_notes(request: web.Request) -> web.Response:
    rows = conn.execute("SELECT id, body FROM notes WHERE owner = ?", (request["user"],)).fetchall()
    return web.json_response([{"id": r[0], "body": r[1]} for r in rows])
`,
      errors: [{ messageId: "syncDriver", line: 9 }],
    },
    {
      name: "pymysql imported under an alias, cursor from a module-level connection",
      path: "app/services/stock.py",
      code: py`
import pymysql as mysql

db = mysql.connect(host="db", user="app", password=PASSWORD, database="shop")
cursor = db.cursor()


async def reserve(sku: str, qty: int):
    cursor.execute("UPDATE stock SET qty = qty - %s WHERE sku = %s", (qty, sku))
    db.commit()
`,
      errors: [{ messageId: "syncDriver", line: 8 }],
    },
    {
      name: "mysql.connector in a Flask 2 async view",
      path: "app/views/orders.py",
      code: py`
import mysql.connector
from flask import Flask

app = Flask(__name__)


@app.get("/orders/<int:oid>")
async def order(oid):
    cnx = mysql.connector.connect(**DB_CONFIG)
    cur = cnx.cursor(dictionary=True)
    cur.execute("SELECT * FROM orders WHERE id = %s", (oid,))
    return cur.fetchone()
`,
      errors: [{ messageId: "syncDriver", line: 9 }],
    },
    {
      name: "from psycopg2 import connect, in a Starlette endpoint",
      path: "app/endpoints.py",
      code: py`
from psycopg2 import connect
from starlette.responses import JSONResponse


async def users(request):
    conn = connect(DSN)
    try:
        cur = conn.cursor()
        cur.execute("SELECT id, email FROM users")
        return JSONResponse(cur.fetchall())
    finally:
        conn.close()
`,
      errors: [{ messageId: "syncDriver", line: 6 }],
    },
    {
      name: "psycopg (3) sync connect in an async background task",
      path: "app/tasks/cleanup.py",
      code: py`
import asyncio

import psycopg


async def purge_expired():
    while True:
        with psycopg.connect(DSN) as conn:
            conn.execute("DELETE FROM sessions WHERE expires_at < now()")
        await asyncio.sleep(60)
`,
      errors: [{ messageId: "syncDriver", line: 8 }],
    },
  ],
  valid: [
    {
      name: "Django async API: aget, acount, acreate, async for, asave",
      path: "shop/views.py",
      code: py`
from django.http import JsonResponse

from .models import Product, View


async def product_detail(request, pk):
    product = await Product.objects.aget(pk=pk)
    total = await Product.objects.filter(active=True).acount()
    related = [p.name async for p in Product.objects.filter(category=product.category)[:5]]
    await View.objects.acreate(product=product)
    product.views += 1
    await product.asave()
    return JsonResponse({"name": product.name, "total": total, "related": related})
`,
    },
    {
      name: "Django: sync_to_async around the query, and lazy querysets only",
      path: "blog/views.py",
      code: py`
from asgiref.sync import sync_to_async
from django.http import JsonResponse

from blog.models import Post


async def recent(request):
    qs = Post.objects.filter(published=True).order_by("-created")
    posts = await sync_to_async(list)(qs[:10])
    count = await sync_to_async(lambda: Post.objects.filter(published=True).count())()
    first = await sync_to_async(Post.objects.get)(pk=1)
    return JsonResponse({"titles": [p.title for p in posts], "count": count, "first": first.pk})
`,
    },
    {
      name: "Django: sync views and a sync helper decorated for async use",
      path: "reports/views.py",
      code: py`
from channels.db import database_sync_to_async
from django.http import JsonResponse

from .models import Invoice


def summary(request):
    return JsonResponse({"paid": Invoice.objects.filter(status="paid").count()})


@database_sync_to_async
def open_invoices():
    return list(Invoice.objects.filter(status="open"))


async def dashboard(request):
    invoices = await open_invoices()
    return JsonResponse({"open": len(invoices)})
`,
    },
    {
      name: "boto3 bucket.objects in an async def is no Django manager",
      path: "app/storage.py",
      code: py`
import boto3
from django.conf import settings

s3 = boto3.resource("s3")


async def list_keys(prefix):
    bucket = s3.Bucket(settings.BUCKET)
    return [o.key for o in bucket.objects.filter(Prefix=prefix)]
`,
    },
    {
      name: "dict and cache get() in a Django async view",
      path: "core/views.py",
      code: py`
from django.core.cache import cache
from django.http import JsonResponse


async def settings_view(request):
    theme = request.GET.get("theme", "light")
    cached = await cache.aget("settings")
    return JsonResponse({"theme": theme, "settings": cached or {}})
`,
    },
    {
      name: "Django model code in a file without async defs",
      path: "shop/services.py",
      code: py`
from .models import Product


def restock(pk, qty):
    product = Product.objects.get(pk=pk)
    product.stock += qty
    product.save()
    for p in Product.objects.filter(stock=0):
        p.delete()
`,
    },
    {
      name: "asyncpg and aiosqlite: async drivers awaited",
      path: "app/routers/health.py",
      code: py`
import aiosqlite
import asyncpg


async def db_health():
    conn = await asyncpg.connect(DSN)
    try:
        return await conn.fetchval("SELECT 1") == 1
    finally:
        await conn.close()


async def notes():
    async with aiosqlite.connect("notes.db") as db:
        async with db.execute("SELECT id FROM notes") as cur:
            return await cur.fetchall()
`,
    },
    {
      name: "psycopg2 used in a plain def, called through asyncio.to_thread",
      path: "app/services/export.py",
      code: py`
import asyncio

import psycopg2


def _export(dsn):
    with psycopg2.connect(dsn) as conn, conn.cursor() as cur:
        cur.execute("SELECT * FROM orders")
        return cur.fetchall()


async def export(dsn):
    return await asyncio.to_thread(_export, dsn)
`,
    },
    {
      name: "psycopg AsyncConnection in an async def",
      path: "app/tasks/cleanup.py",
      code: py`
import psycopg


async def purge_expired():
    async with await psycopg.AsyncConnection.connect(DSN) as conn:
        await conn.execute("DELETE FROM sessions WHERE expires_at < now()")
`,
    },
    {
      name: "sqlite3 imported, but the async def only uses an HTTP client's execute-like calls",
      path: "app/clients/graph.py",
      code: py`
import sqlite3

import httpx

cache = sqlite3.connect("cache.db")


async def query_graph(client: httpx.AsyncClient, gql: str):
    response = await client.post("/graphql", json={"query": gql})
    return response.json()


def cached(key):
    return cache.execute("SELECT value FROM cache WHERE key = ?", (key,)).fetchone()
`,
    },
    {
      name: "a method named connect on a non-driver object in async code",
      path: "app/ws.py",
      code: py`
import sqlite3

import websockets


async def listen(url):
    async with websockets.connect(url) as ws:
        async for message in ws:
            handle(message)
`,
    },
    {
      name: "asyncio.run_in_executor with a lambda doing the driver call",
      path: "app/services/legacy.py",
      code: py`
import asyncio
import sqlite3

conn = sqlite3.connect("legacy.db", check_same_thread=False)


async def legacy_count():
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(None, lambda: conn.execute("SELECT count(*) FROM t").fetchone()[0])
`,
    },
    {
      name: "expire_on_commit=False on the async_sessionmaker",
      path: "app/routers/users.py",
      code: py`
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

engine = create_async_engine(DATABASE_URL)
async_session = async_sessionmaker(engine, expire_on_commit=False)


async def create_user(payload):
    async with async_session() as session:
        user = User(email=payload.email)
        session.add(user)
        await session.commit()
        return {"id": user.id}
`,
    },
    {
      name: "await session.refresh(obj) after the commit",
      path: "app/services/accounts.py",
      code: py`
from sqlalchemy.ext.asyncio import async_sessionmaker

SessionLocal = async_sessionmaker(engine)


async def rename(account_id: int, name: str):
    async with SessionLocal() as db:
        account = await db.get(Account, account_id)
        account.name = name
        await db.commit()
        await db.refresh(account)
        return account.name
`,
    },
    {
      name: "values read before the commit, only plain variables after",
      path: "app/routers/posts.py",
      code: py`
from sqlalchemy.ext.asyncio import async_sessionmaker

async_session = async_sessionmaker(engine)


async def create_post(body):
    async with async_session() as session:
        post = Post(title=body.title)
        session.add(post)
        await session.flush()
        post_id, title = post.id, post.title
        await session.commit()
    return {"id": post_id, "title": title}
`,
    },
    {
      name: "dependency session in a file whose factory sets expire_on_commit=False",
      path: "app/db.py",
      code: py`
from fastapi import Depends
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

SessionLocal = async_sessionmaker(engine, expire_on_commit=False)


async def get_db():
    async with SessionLocal() as session:
        yield session


async def touch(item_id: int, db: AsyncSession = Depends(get_db)):
    item = await db.get(Item, item_id)
    item.touched = True
    await db.commit()
    return {"touched": item.touched}
`,
    },
    {
      name: "commit not awaited by this object's session: a different session commits",
      path: "app/services/audit.py",
      code: py`
from sqlalchemy.ext.asyncio import async_sessionmaker

async_session = async_sessionmaker(engine)


async def audit(user_id: int):
    async with async_session() as reader:
        user = await reader.get(User, user_id)
        async with async_session() as writer:
            writer.add(AuditLog(user_id=user_id))
            await writer.commit()
        return user.email
`,
    },
    {
      name: "object reassigned from a fresh query after the commit; method calls only",
      path: "app/services/carts.py",
      code: py`
from sqlalchemy import select
from sqlalchemy.ext.asyncio import async_sessionmaker

async_session = async_sessionmaker(engine)


async def checkout(cart_id: int):
    async with async_session() as session:
        cart = await session.get(Cart, cart_id)
        cart.checked_out = True
        await session.commit()
        session.expunge_all()
        cart = await session.scalar(select(Cart).where(Cart.id == cart_id))
        return cart.total
`,
    },
    {
      name: "fully async route",
      path: "app/routers/users.py",
      code: py`
from fastapi import APIRouter, Depends
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

router = APIRouter()


@router.get("/users/{uid}")
async def get_user(uid: int, db: AsyncSession = Depends(get_db)):
    result = await db.execute(select(User).where(User.id == uid))
    user = result.scalar_one()
    db.add(AuditLog(user_id=uid))
    await db.commit()
    return user
`,
    },
    {
      name: "eager loading and a joined relationship",
      path: "app/routers/orders.py",
      code: `${MODELS}

async def order_skus(oid: int, db: AsyncSession):
    order = await db.scalar(select(Order).options(selectinload(Order.items)).where(Order.id == oid))
    other = await db.get(Order, oid)
    return [i.sku for i in order.items], other.customer
`,
    },
    {
      name: "awaitable_attrs and run_sync",
      path: "app/services/orders.py",
      code: `${MODELS}

def _legacy(session):
    return session.query(Order).count()


async def count(oid: int):
    async with async_session() as session:
        order = await session.get(Order, oid)
        items = await order.awaitable_attrs.items
        total = await session.run_sync(_legacy)
        return len(items), total
`,
    },
    {
      name: "near-miss: sync code in a file without an async engine",
      path: "app/services/sync_report.py",
      code: py`
from sqlalchemy.orm import Session, sessionmaker

SessionLocal = sessionmaker()


async def report():
    with SessionLocal() as db:
        return db.query(Report).all()
`,
    },
    {
      name: "near-miss: sync session in a plain def of an async codebase",
      path: "app/cli/seed.py",
      code: py`
from sqlalchemy import create_engine
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.orm import Session

engine = create_engine(DSN)
async_engine = create_async_engine(ASYNC_DSN)


def seed():
    with Session(engine) as session:
        session.add(User(name="admin"))
        session.commit()
`,
    },
    {
      name: "near-miss: returning an awaitable and passing a coroutine to gather",
      path: "app/services/batch.py",
      code: py`
import asyncio

from sqlalchemy.ext.asyncio import AsyncSession


async def refresh_all(session: AsyncSession, objs):
    await asyncio.gather(*[session.refresh(o) for o in objs])
    return await session.commit()
`,
    },
  ],
});

// An object returned after `await session.commit()`: its first read happens in the caller, or
// in FastAPI serialising the response model, and an expired attribute needs I/O there.
ruleTester("python/async-sync-orm", {
  invalid: [
    {
      name: "FastAPI: the new row returned for its response_model after commit",
      path: "app/routers/users.py",
      code: py`
from fastapi import APIRouter
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

engine = create_async_engine(DATABASE_URL)
async_session = async_sessionmaker(engine)
router = APIRouter()


@router.post("/users", response_model=UserOut)
async def create_user(payload: UserIn):
    async with async_session() as session:
        user = User(email=payload.email)
        session.add(user)
        await session.commit()
        return user
`,
      errors: [{ messageId: "returnedAfterCommit", line: 15, severity: "blocking" }],
    },
    {
      name: "a service returns the row it updated, loaded with get",
      path: "app/services/accounts.py",
      code: py`
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

engine = create_async_engine(DATABASE_URL)
SessionLocal = async_sessionmaker(engine, expire_on_commit=True)


async def rename(account_id: int, name: str):
    async with SessionLocal() as db:
        account = await db.get(Account, account_id)
        account.name = name
        await db.commit()
        return account
`,
      errors: [{ messageId: "returnedAfterCommit", line: 12 }],
    },
    {
      name: "sessionmaker(class_=AsyncSession): a row from scalar returned after commit",
      path: "app/services/orders.py",
      code: py`
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine
from sqlalchemy.orm import sessionmaker

engine = create_async_engine(DATABASE_URL)
make_session = sessionmaker(engine, class_=AsyncSession)


async def close_order(order_id):
    async with make_session() as session:
        order = await session.scalar(select(Order).where(Order.id == order_id))
        order.status = "closed"
        await session.commit()
        return order
`,
      errors: [{ messageId: "returnedAfterCommit", line: 14 }],
    },
    {
      name: "FastAPI dependency session: returned after commit is a warning (the factory is elsewhere)",
      path: "app/routers/items.py",
      code: py`
from fastapi import APIRouter, Depends
from sqlalchemy.ext.asyncio import AsyncSession

from app.db import get_session

router = APIRouter()


@router.post("/items", response_model=ItemOut)
async def create_item(data: ItemIn, session: AsyncSession = Depends(get_session)):
    item = Item(**data.model_dump())
    session.add(item)
    await session.commit()
    return item
`,
      errors: [{ messageId: "mayBeReturnedAfterCommit", line: 14, severity: "warning" }],
    },
    {
      name: "aiohttp handler's helper returns the merged row after commit",
      path: "app/handlers/profiles.py",
      code: py`
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

engine = create_async_engine(DATABASE_URL)
Session = async_sessionmaker(engine)


async def save_profile(profile):
    async with Session() as s:
        merged = await s.merge(profile)
        await s.commit()
        return merged
`,
      errors: [{ messageId: "returnedAfterCommit", line: 11 }],
    },
    {
      name: "add_all then one of the rows returned",
      path: "app/services/ledger.py",
      code: py`
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

engine = create_async_engine(DATABASE_URL)
async_session = async_sessionmaker(engine)


async def post_entries(src, dst, amount):
    async with async_session() as session:
        debit = Entry(account_id=src, amount=-amount)
        credit = Entry(account_id=dst, amount=amount)
        session.add_all([debit, credit])
        await session.commit()
        return debit
`,
      errors: [{ messageId: "returnedAfterCommit", line: 13 }],
    },
  ],
  valid: [
    {
      name: "near-miss: refreshed before it is returned",
      path: "app/routers/users.py",
      code: py`
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

engine = create_async_engine(DATABASE_URL)
async_session = async_sessionmaker(engine)


async def create_user(email):
    async with async_session() as session:
        user = User(email=email)
        session.add(user)
        await session.commit()
        await session.refresh(user)
        return user
`,
    },
    {
      name: "near-miss: the factory keeps attributes after commit",
      path: "app/routers/users.py",
      code: py`
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

engine = create_async_engine(DATABASE_URL)
async_session = async_sessionmaker(engine, expire_on_commit=False)


async def create_user(email):
    async with async_session() as session:
        user = User(email=email)
        session.add(user)
        await session.commit()
        return user
`,
    },
    {
      name: "near-miss: returned before the commit, inside a begin block",
      path: "app/services/accounts.py",
      code: py`
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

engine = create_async_engine(DATABASE_URL)
SessionLocal = async_sessionmaker(engine)


async def load(account_id):
    async with SessionLocal() as db:
        account = await db.get(Account, account_id)
        return account
`,
    },
    {
      name: "near-miss: a plain dict built before the commit is returned",
      path: "app/services/accounts.py",
      code: py`
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

engine = create_async_engine(DATABASE_URL)
SessionLocal = async_sessionmaker(engine)


async def rename(account_id, name):
    async with SessionLocal() as db:
        account = await db.get(Account, account_id)
        account.name = name
        out = {"id": account.id, "name": account.name}
        await db.commit()
        return out
`,
    },
    {
      name: "near-miss: the name reloaded after the commit before it is returned",
      path: "app/services/orders.py",
      code: py`
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

engine = create_async_engine(DATABASE_URL)
Session = async_sessionmaker(engine)


async def close_order(order_id):
    async with Session() as session:
        order = await session.get(Order, order_id)
        order.status = "closed"
        await session.commit()
        order = await session.get(Order, order_id)
        return order
`,
    },
    {
      name: "near-miss: a sync Session's object returned after commit (no MissingGreenlet there)",
      path: "app/services/sync_users.py",
      code: py`
from sqlalchemy import create_engine
from sqlalchemy.orm import sessionmaker

engine = create_engine(DATABASE_URL)
SessionLocal = sessionmaker(engine)


def create_user(email):
    with SessionLocal() as session:
        user = User(email=email)
        session.add(user)
        session.commit()
        return user
`,
    },
  ],
});
