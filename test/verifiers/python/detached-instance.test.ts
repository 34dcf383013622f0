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
    {
      name: "session_scope() (commits on exit) result used after the block",
      path: "app/services/accounts.py",
      code: py`
from sqlalchemy import select

from app.db import session_scope


def register(email):
    with session_scope() as session:
        account = Account(email=email)
        session.add(account)
    return {"id": account.id, "email": account.email}
`,
      errors: [{ messageId: "expired", line: 10 }],
    },
    {
      name: "contextmanager defined in the file commits on exit; query result read after",
      path: "app/db/tasks.py",
      code: py`
from contextlib import contextmanager

from sqlalchemy.orm import sessionmaker

SessionLocal = sessionmaker(bind=engine)


@contextmanager
def transaction():
    db = SessionLocal()
    try:
        yield db
        db.commit()
    except Exception:
        db.rollback()
        raise
    finally:
        db.close()


def claim_next_task(worker):
    with transaction() as db:
        task = db.query(Task).filter(Task.claimed_by.is_(None)).first()
        task.claimed_by = worker
    return task.payload
`,
      errors: [{ messageId: "expired", line: 25 }],
    },
    {
      name: "with Session() as s, s.begin(): commits on exit",
      path: "app/services/billing.py",
      code: py`
from sqlalchemy.orm import Session


def open_invoice(engine, customer_id):
    with Session(engine) as session, session.begin():
        invoice = Invoice(customer_id=customer_id)
        session.add(invoice)
    return invoice.number
`,
      errors: [{ messageId: "expired", line: 8 }],
    },
    {
      name: "repository function returns a committed object; the Flask view reads it",
      path: "app/blueprints/users.py",
      code: py`
from flask import Blueprint, request
from sqlalchemy.orm import sessionmaker

SessionLocal = sessionmaker(bind=engine)
bp = Blueprint("users", __name__)


def create_user(email):
    with SessionLocal() as session:
        user = User(email=email)
        session.add(user)
        session.commit()
        return user


@bp.post("/users")
def post_user():
    user = create_user(request.json["email"])
    return {"id": user.id}, 201
`,
      errors: [{ messageId: "returnedExpired", line: 19 }],
      messageIncludes: ["`user.id` reads an object that `create_user()` returned out of a session it committed and closed"],
    },
    {
      name: "lazy relationship of an object returned out of its with block",
      path: "app/db/orders.py",
      code: `${MODELS}

def load_order(engine, order_id):
    with Session(engine) as s:
        return s.get(Order, order_id)


def order_total(engine, order_id):
    order = load_order(engine, order_id)
    return sum(i.price for i in order.items)
`,
      errors: [{ messageId: "returnedLazy", line: 23 }],
    },
    {
      name: "FastAPI service method returns out of session_scope; route reads a column",
      path: "app/routers/projects.py",
      code: py`
from fastapi import APIRouter

from app.db import session_scope

router = APIRouter()


class ProjectService:
    def rename(self, project_id, name):
        with session_scope() as session:
            project = session.get(Project, project_id)
            project.name = name
            return project


service = ProjectService()


@router.put("/projects/{project_id}")
def rename_project(project_id: int, body: RenameIn):
    project = service.rename(project_id, body.name)
    return {"id": project.id, "name": project.name}
`,
      errors: [{ messageId: "returnedExpired", line: 22 }],
    },
    {
      name: "list returned out of the session; the route loops over it reading a lazy relationship",
      path: "app/db/orders.py",
      code: `${MODELS}

def list_orders(engine, customer_id):
    with Session(engine) as s:
        return s.scalars(select(Order).where(Order.customer_id == customer_id)).all()


def order_summaries(engine, customer_id):
    orders = list_orders(engine, customer_id)
    out = []
    for order in orders:
        out.append({"id": order.id, "items": len(order.items)})
    return out
`,
      errors: [{ messageId: "returnedLazy", line: 25 }],
    },
  ],
  valid: [
    {
      name: "session_scope() result read inside the block; plain values returned",
      path: "app/services/accounts.py",
      code: py`
from app.db import session_scope


def register(email):
    with session_scope() as session:
        account = Account(email=email)
        session.add(account)
        session.flush()
        result = {"id": account.id, "email": account.email}
    return result
`,
    },
    {
      name: "contextmanager in the file that does not commit; column read after",
      path: "app/db/reads.py",
      code: py`
from contextlib import contextmanager

from sqlalchemy.orm import sessionmaker

SessionLocal = sessionmaker(bind=engine)


@contextmanager
def read_only():
    db = SessionLocal()
    try:
        yield db
    finally:
        db.close()


def task_payload(task_id):
    with read_only() as db:
        task = db.get(Task, task_id)
    return task.payload
`,
    },
    {
      name: "function returns a refreshed object; caller reads columns",
      path: "app/blueprints/users.py",
      code: py`
from flask import Blueprint, request
from sqlalchemy.orm import sessionmaker

SessionLocal = sessionmaker(bind=engine)
bp = Blueprint("users", __name__)


def create_user(email):
    with SessionLocal() as session:
        user = User(email=email)
        session.add(user)
        session.commit()
        session.refresh(user)
        return user


@bp.post("/users")
def post_user():
    user = create_user(request.json["email"])
    return {"id": user.id}, 201
`,
    },
    {
      name: "returned object's relationship loaded eagerly in the producer",
      path: "app/db/orders.py",
      code: `${MODELS}

def load_order(engine, order_id):
    with Session(engine) as s:
        return s.scalars(select(Order).options(selectinload(Order.items)).where(Order.id == order_id)).one()


def order_total(engine, order_id):
    order = load_order(engine, order_id)
    return sum(i.price for i in order.items), order.id
`,
    },
    {
      name: "producer with expire_on_commit=False; caller reads columns",
      path: "app/services/signup.py",
      code: py`
from sqlalchemy.orm import sessionmaker

SessionLocal = sessionmaker(bind=engine, expire_on_commit=False)


def create_account(email):
    with SessionLocal() as session:
        account = Account(email=email)
        session.add(account)
        session.commit()
        return account


def signup(email):
    account = create_account(email)
    send_welcome(account.email)
    return account.id
`,
    },
    {
      name: "function returns a dict built inside the session; caller reads it",
      path: "app/services/profile.py",
      code: py`
from sqlalchemy.orm import Session


def profile(engine, uid):
    with Session(engine) as s:
        user = s.get(User, uid)
        s.commit()
        return {"id": user.id, "name": user.name}


def greeting(engine, uid):
    data = profile(engine, uid)
    return "Hello " + data.get("name", "")
`,
    },
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
