import { ruleTester } from "../../support/rule-tester.js";

const py = (s: TemplateStringsArray): string => (s.raw[0] ?? "").replace(/^\n/, "");

const MODELS = `from sqlalchemy import ForeignKey
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship, selectinload


class Base(DeclarativeBase):
    pass


class Order(Base):
    __tablename__ = "orders"
    id: Mapped[int] = mapped_column(primary_key=True)
    items: Mapped[list["Item"]] = relationship(back_populates="order")
    tags = relationship("Tag", lazy="selectin")
`;

ruleTester("python/detached-instance", {
  invalid: [
    {
      name: "attack: expire_on_commit=False written in a comment does not change what the session does",
      path: "app/db/session.py",
      code: py`
from sqlalchemy.orm import sessionmaker

# We could pass expire_on_commit=False here.
SessionLocal = sessionmaker(bind=engine)


def create(email):
    with SessionLocal() as session:
        user = User(email=email)
        session.add(user)
        session.commit()
    return user.id
`,
      errors: [{ messageId: "expired", line: 12 }],
    },
    {
      name: "Flask blueprint returns an attribute expired by commit",
      path: "app/blueprints/users.py",
      code: py`
from flask import Blueprint, request
from sqlalchemy.orm import Session

from app.db import SessionLocal

bp = Blueprint("users", __name__)


@bp.post("/users")
def create_user():
    with SessionLocal() as session:
        user = User(email=request.json["email"])
        session.add(user)
        session.commit()
    return {"id": user.id}, 201
`,
      errors: [{ messageId: "expired", line: 15 }],
      messageIncludes: ["`user.id` is read after `session` was closed, but `session.commit()` expired its attributes first", "refresh(user)"],
    },
    {
      name: "lazy relationship read after the with block (models in the same file)",
      path: "app/db/orders.py",
      code: `${MODELS}

def order_total(engine, order_id):
    with Session(engine) as s:
        order = s.get(Order, order_id)
    return sum(i.price for i in order.items)
`,
      errors: [{ messageId: "lazy", line: 19 }],
      messageIncludes: ["`order.items` is a lazy relationship", "selectinload(Model.items)"],
    },
    {
      name: "explicit close then relationship read in a repository",
      path: "app/repositories/orders.py",
      code: `${MODELS}

class OrderRepository:
    def first_item_name(self, order_id):
        s = SessionLocal()
        order = s.query(Order).filter_by(id=order_id).one()
        s.close()
        return order.items[0].name
`,
      errors: [{ messageId: "lazy", line: 21 }],
    },
    {
      name: "session.begin() commits on exit, then reads",
      path: "app/services/signup.py",
      code: py`
from sqlalchemy.orm import sessionmaker

SessionLocal = sessionmaker(bind=engine)


def signup(email):
    with SessionLocal.begin() as session:
        account = Account(email=email)
        session.add(account)
    send_welcome(account.email)
    return account
`,
      errors: [{ messageId: "expired", line: 10 }],
    },
    {
      name: "loop over loaded rows after the block",
      path: "app/services/report.py",
      code: `${MODELS}

def item_counts(engine):
    with Session(engine) as s:
        orders = s.scalars(select(Order)).all()
    for o in orders:
        print(len(o.items))
`,
      errors: [{ messageId: "lazy", line: 20 }],
    },
    {
      name: "FastAPI route loads, commits, then builds the response outside",
      path: "app/routers/invoices.py",
      code: py`
from fastapi import APIRouter
from sqlalchemy.orm import Session

router = APIRouter()


@router.post("/invoices/{iid}/pay")
def pay(iid: int):
    with Session(engine) as db:
        invoice = db.get(Invoice, iid)
        invoice.paid = True
        db.commit()
    return {"id": iid, "status": invoice.status}
`,
      errors: [{ messageId: "expired", line: 13 }],
    },
  ],
  valid: [
    {
      name: "reads inside the block",
      path: "app/blueprints/users.py",
      code: py`
from sqlalchemy.orm import Session


def create_user(email):
    with SessionLocal() as session:
        user = User(email=email)
        session.add(user)
        session.commit()
        return {"id": user.id}
`,
    },
    {
      name: "expire_on_commit=False configured in the file",
      path: "app/db/session.py",
      code: py`
from sqlalchemy.orm import sessionmaker

SessionLocal = sessionmaker(bind=engine, expire_on_commit=False)


def create(email):
    with SessionLocal() as session:
        user = User(email=email)
        session.add(user)
        session.commit()
    return user.id
`,
    },
    {
      name: "refresh after commit keeps columns loaded",
      path: "app/services/signup.py",
      code: py`
from sqlalchemy.orm import Session


def signup(engine, email):
    with Session(engine) as session:
        account = Account(email=email)
        session.add(account)
        session.commit()
        session.refresh(account)
    return account.id
`,
    },
    {
      name: "eagerly loaded relationship and a selectin relationship",
      path: "app/db/orders.py",
      code: `${MODELS}

def order_items(engine, order_id):
    with Session(engine) as s:
        order = s.scalars(select(Order).options(selectinload(Order.items)).where(Order.id == order_id)).one()
        tagged = s.get(Order, order_id)
    return [i.name for i in order.items], tagged.tags
`,
    },
    {
      name: "near-miss: no commit, column read after the block",
      path: "app/db/orders.py",
      code: `${MODELS}

def order_id_of(engine, oid):
    with Session(engine) as s:
        order = s.get(Order, oid)
    return order.id
`,
    },
    {
      name: "near-miss: a new object re-fetched, and HTTP sessions",
      path: "app/services/sync.py",
      code: py`
import requests
from sqlalchemy.orm import Session


def sync(engine, url):
    with requests.Session() as http:
        data = http.get(url)
        http.commit = None
    with Session(engine) as s:
        user = s.get(User, 1)
        s.commit()
    user = load_user_again()
    return data.json(), user.name
`,
    },
  ],
});
