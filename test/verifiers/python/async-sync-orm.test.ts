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
  ],
  valid: [
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
