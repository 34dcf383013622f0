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
  ],
  valid: [
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
