import { ruleTester } from "../../support/rule-tester.js";

// Raw template so Python escapes like "\n" stay as written; the leading newline is dropped so
// line 1 is the first line of code.
const py = (s: TemplateStringsArray): string => (s.raw[0] ?? "").replace(/^\n/, "");

ruleTester("python/sql-injection", {
  invalid: [
    {
      name: "attack: a helper that runs the SQL it is given, called with an f-string of request data",
      path: "shop/views.py",
      code: py`
from django.db import connection


def run(sql):
    with connection.cursor() as cur:
        cur.execute(sql)
        return cur.fetchall()


def search(request):
    return run(f"SELECT * FROM products WHERE name = '{request.GET['q']}'")
`,
      errors: [{ messageId: "execute", line: 6, severity: "blocking" }],
    },
    {
      name: "attack: the helper carries a decorator of its own, which adds no caller and hides none",
      path: "shop/queries.py",
      code: py`
import functools
from django.db import connection


def retry(fn):
    @functools.wraps(fn)
    def wrapped(*args, **kwargs):
        return fn(*args, **kwargs)
    return wrapped


@retry
def run(sql):
    with connection.cursor() as cur:
        cur.execute(sql)
        return cur.fetchall()


def search(request):
    return run("SELECT * FROM products WHERE name = '" + request.GET["q"] + "'")
`,
      errors: [{ messageId: "execute", line: 15, severity: "blocking" }],
    },
    {
      name: "attack: two helpers between the view and the cursor, each handing the text on",
      path: "shop/queries.py",
      code: py`
from django.db import connection


def run(sql):
    with connection.cursor() as cur:
        cur.execute(sql)
        return cur.fetchall()


def query_all(statement):
    return run(statement)


def search(request):
    return query_all("SELECT * FROM products WHERE name = '%s'" % request.GET["q"])
`,
      errors: [{ messageId: "execute", line: 6, severity: "blocking" }],
    },
    {
      name: "attack: the helper is a method, called on self with % formatting and a keyword argument",
      path: "shop/repo.py",
      code: py`
class Repo:
    def __init__(self, conn):
        self.conn = conn

    def select_all(self, query, params=None):
        return self.conn.cursor().execute(query, params).fetchall()

    def by_name(self, request):
        name = request.POST["name"]
        return self.select_all(query="SELECT * FROM users WHERE name = '%s'" % name)
`,
      errors: [{ messageId: "execute", line: 6, severity: "blocking" }],
    },
    {
      name: "attack: the helper is defined after its caller, which builds the SQL in a variable first",
      path: "app/report.py",
      code: py`
import sqlite3


def report(request):
    table = request.args.get("table")
    sql = "SELECT count(*) FROM " + table
    return query_one(sql)


def query_one(statement):
    return sqlite3.connect("app.db").execute(statement).fetchone()
`,
      errors: [{ messageId: "execute", line: 11, severity: "blocking" }],
    },
    {
      name: "a helper's caller that builds SQL from its own parameter: blocking, left to its callers like a direct sink",
      path: "app/store.py",
      code: py`
def run(cur, sql):
    cur.execute(sql)


def load(cur, user_id):
    run(cur, "SELECT * FROM users WHERE id = " + user_id)
`,
      errors: [{ messageId: "execute", line: 2, severity: "blocking" }],
    },
    {
      name: "attack: the helper method called on an instance of its class, with SQL built from request data",
      path: "shop/repo.py",
      code: py`
class Repo:
    def select_all(self, query):
        return self.conn.cursor().execute(query).fetchall()


def by_name(request):
    repo = Repo()
    return repo.select_all("SELECT * FROM users WHERE name = '" + request.POST["name"] + "'")
`,
      errors: [{ messageId: "execute", line: 3, severity: "blocking" }],
    },
    {
      name: "gate: cursor.execute written in fullwidth letters (CPython reads it as execute)",
      code: `import sqlite3


def find_user(conn: sqlite3.Connection, name: str):
    cur = conn.cursor()
    cur.ｅｘｅｃｕｔｅ("SELECT * FROM users WHERE name = '" + name + "'")
    return cur.fetchone()
`,
      errors: [{ messageId: "execute", line: 6 }],
    },
    {
      name: "MySQLdb's escape_string adds no quotes: unquoted, the value is still SQL",
      path: "app/db.py",
      code: `from MySQLdb import escape_string


def find(cur, user_id):
    cur.execute("SELECT * FROM users WHERE id = %s" % escape_string(user_id).decode())
`,
      errors: [{ messageId: "execute", line: 5 }],
    },
    {
      name: "attack: Django's upper-case request.GET and request.POST are request data, not constants",
      path: "shop/db/orders.py",
      code: `from django.db import connection


def orders(request):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM orders WHERE id = {request.GET['id']}")
        cursor.execute("SELECT * FROM orders WHERE ref = '%s'" % request.POST["ref"])
`,
      errors: [{ messageId: "execute", line: 6 }, { messageId: "execute", line: 7 }],
    },
    {
      name: "attack: a lookup in an upper-case attribute of a parameter is not a constant",
      path: "app/db.py",
      code: `def search(cur, form, key):
    cur.execute(f"SELECT * FROM users ORDER BY {form.DATA[key]}")
`,
      errors: [{ messageId: "execute", line: 2 }],
    },
    {
      name: "a SET with a parameter in quotes is a value: placeholders are the fix",
      path: "app/admin.py",
      code: `def tz(cur, zone):
    cur.execute(f"SET TIME ZONE '{zone}'")
`,
      errors: [{ messageId: "execute", line: 2 }],
    },
    {
      name: "a MySQL user variable's quoted value from a parameter is a value too",
      path: "app/admin.py",
      code: `def set_label(cur, label):
    cur.execute(f"SET @label := '{label}'")
`,
      errors: [{ messageId: "execute", line: 2, severity: "blocking" }],
    },
    {
      name: "request data in Oracle's ALTER SESSION is blocking",
      path: "app/admin.py",
      code: `from flask import request


def schema(cursor):
    cursor.execute("ALTER SESSION SET CURRENT_SCHEMA = %s" % request.args["schema"])
`,
      errors: [{ messageId: "noParams", line: 5, severity: "blocking" }],
    },
    {
      name: "a database name from the request in CREATE DATABASE is blocking",
      path: "app/admin.py",
      code: `from flask import request


def create(cur):
    cur.execute("CREATE DATABASE %s" % request.args["name"])
`,
      errors: [{ messageId: "noParams", line: 5, severity: "blocking" }],
    },
    {
      name: "a schema from a form in DROP SCHEMA is blocking",
      path: "app/admin.py",
      code: `from flask import request


def drop(cur):
    schema = request.form["schema"]
    cur.execute(f"DROP SCHEMA {schema} CASCADE")
`,
      errors: [{ messageId: "noParams", line: 6, severity: "blocking" }],
    },
    {
      name: "request data in a SET statement is blocking",
      path: "app/admin.py",
      code: `from flask import request


def tz(cur):
    cur.execute("SET TIME ZONE '%s'" % request.headers["X-Tz"])
`,
      errors: [{ messageId: "execute", line: 5, severity: "blocking" }],
    },
    {
      name: "request data in a PRAGMA is blocking",
      path: "app/admin.py",
      code: `import sqlite3
from flask import request


def pragma(con):
    con.execute("PRAGMA journal_mode = " + request.json["mode"])
`,
      errors: [{ messageId: "noParams", line: 6, severity: "blocking" }],
    },
    {
      name: "GRANT to a user named by the request is blocking",
      path: "app/admin.py",
      code: `from flask import request


def grant(cur):
    user = request.json["user"]
    cur.execute("GRANT SELECT ON reports TO {}".format(user))
`,
      errors: [{ messageId: "noParams", line: 6, severity: "blocking" }],
    },
    {
      name: "a parameter in CREATE DATABASE is a warning",
      path: "app/admin.py",
      code: `def create_test_db(cur, name):
    cur.execute("CREATE DATABASE %s" % name)
`,
      errors: [{ messageId: "ddl", line: 2, severity: "warning" }],
    },
    {
      name: "a parameter in CREATE USER is a warning",
      path: "app/admin.py",
      code: `def add_user(cur, user):
    cur.execute(f"CREATE USER {user} WITH LOGIN")
`,
      errors: [{ messageId: "ddl", line: 2, severity: "warning" }],
    },
    {
      name: "attack: DDL keyword in a comment first does not make a value query a DDL",
      path: "app/admin.py",
      code: `def find(cur, name):
    cur.execute("SELECT * FROM users /* CREATE DATABASE */ WHERE name = '%s'" % name)
`,
      errors: [{ messageId: "execute", line: 2, severity: "blocking" }],
    },
    {
      name: 'attack: a local quote_name that returns its argument is no quoting',
      path: "app/db.py",
      code: `def quote_name(name):
    return name


def drop(cur, table):
    cur.execute("DROP TABLE %s" % quote_name(table))
`,
      errors: [{ messageId: "unproven", line: 6 }],
    },
    {
      name: 'attack: a local _quote that only wraps the value in quotes escapes nothing',
      path: "app/db.py",
      code: `def _quote(value):
    return '"%s"' % value


def find(cur, name):
    cur.execute("SELECT * FROM users WHERE name = %s" % _quote(name))
`,
      errors: [{ messageId: "execute", line: 6 }],
    },
    {
      name: 'attack: a method named quote on the class that returns its argument',
      path: "app/db.py",
      code: `class Repo:
    def quote(self, v):
        return v

    def find(self, cur, name):
        cur.execute(f"SELECT * FROM users WHERE name = '{self.quote(name)}'")
`,
      errors: [{ messageId: "execute", line: 6 }],
    },
    {
      name: 'a quote helper wrapping only part: the other value is still spliced',
      path: "app/db.py",
      code: `def find(cur, table, name):
    cur.execute(f"SELECT * FROM {quote_ident(table)} WHERE name = '{name}'")
`,
      errors: [{ messageId: "execute", line: 2 }],
    },
    {
      name: "a function's own parameter spliced into a value position stays blocking",
      path: "app/db.py",
      code: `def get_user(cur, name):
    cur.execute(f"SELECT * FROM users WHERE name = '{name}'")
`,
      errors: [{ messageId: "execute", line: 2 }],
    },
    {
      name: 'urlencode-like helper named escape is not identifier quoting',
      path: "app/db.py",
      code: `from html import escape


def find(cur, name):
    cur.execute("SELECT * FROM users WHERE name = '%s'" % escape(name))
`,
      errors: [{ messageId: "execute", line: 5 }],
    },
    {
      name: 'attack: a not-in check that only logs does not stop the value',
      path: "app/db.py",
      code: `import logging


def set_level(cur, level):
    if level not in ("READ COMMITTED", "SERIALIZABLE"):
        logging.warning("odd level %s", level)
    cur.execute("SELECT * FROM jobs WHERE level = '%s'" % level)
`,
      errors: [{ messageId: "execute", line: 7 }],
    },
    {
      name: 'attack: the value is replaced after the check',
      path: "app/db.py",
      code: `from flask import request


def search(cur, order):
    if order not in ("name", "created"):
        raise ValueError(order)
    order = request.args["order"]
    cur.execute(f"SELECT * FROM users ORDER BY {order}")
`,
      errors: [{ messageId: "execute", line: 8 }],
    },
    {
      name: 'attack: checked against a list that holds request data',
      path: "app/db.py",
      code: `from flask import request


def search(cur, order):
    allowed = ["name", request.args["extra"]]
    if order not in allowed:
        raise ValueError(order)
    cur.execute(f"SELECT * FROM users ORDER BY {order}")
`,
      errors: [{ messageId: "execute", line: 8 }],
    },
    {
      name: 'attack: the check sits in a branch and the query runs after it on every path',
      path: "app/db.py",
      code: `def search(cur, order, strict):
    if strict:
        if order not in ("name", "created"):
            raise ValueError(order)
    cur.execute(f"SELECT * FROM users ORDER BY {order}")
`,
      errors: [{ messageId: "execute", line: 5 }],
    },
    {
      name: 'attack: `in` instead of `not in` raises for the good values and lets the rest through',
      path: "app/db.py",
      code: `def search(cur, order):
    if order in ("name", "created"):
        raise ValueError(order)
    cur.execute(f"SELECT * FROM users ORDER BY {order}")
`,
      errors: [{ messageId: "execute", line: 4 }],
    },
    {
      name: 'attack: a check with an else branch that assigns request data',
      path: "app/db.py",
      code: `from flask import request


def search(cur, order):
    if order not in ("name", "created"):
        return None
    else:
        order = request.args["o"]
    cur.execute(f"SELECT * FROM users ORDER BY {order}")
`,
      errors: [{ messageId: "execute", line: 9 }],
    },
    {
      name: 'attack: a dict of columns that a request value was added to',
      path: "app/db.py",
      code: `from flask import request

COLUMNS = {"name": "name"}


def search(cur):
    cols = {"name": "u.name"}
    cols["x"] = request.args["x"]
    cur.execute("SELECT %(x)s FROM users" % cols)
`,
      errors: [{ messageId: "execute", line: 9 }],
    },
    {
      name: 'a lookup in a dict that holds a parameter is not a constant',
      path: "app/db.py",
      code: `def search(cur, key, extra):
    columns = {"name": "u.name", "other": extra}
    cur.execute(f"SELECT * FROM users ORDER BY {columns[key]}")
`,
      errors: [{ messageId: "unproven", line: 3 }],
    },
    {
      name: 'a dict updated with a parameter carries it',
      path: "app/db.py",
      code: `def create(cur, name, suffix):
    params = {"dbname": "test"}
    params.update(suffix=suffix)
    cur.execute("CREATE TABLE %(dbname)s %(suffix)s (id int)" % params)
`,
      errors: [{ messageId: "execute", line: 4 }],
    },
    {
      name: "a lookup in the request's own dict is request data",
      path: "app/db.py",
      code: `from flask import request


def search(cur):
    cur.execute("SELECT * FROM users ORDER BY %s" % request.args["sort"])
`,
      errors: [{ messageId: "execute", line: 5 }],
    },
    {
      name: 'a lookup in a parameter (not a constant dict)',
      path: "app/db.py",
      code: `def search(cur, mapping, key):
    cur.execute("SELECT * FROM users ORDER BY %s" % mapping[key])
`,
      errors: [{ messageId: "unproven", line: 2 }],
    },
    {
      name: 'a dict of literal columns with a parameter placed in it by setdefault',
      path: "app/db.py",
      code: `def search(cur, col):
    cols = {"a": "name"}
    cols.setdefault("b", col)
    cur.execute("SELECT %(a)s, %(b)s FROM users" % cols)
`,
      errors: [{ messageId: "execute", line: 4 }],
    },
    {
      name: "attack: 2,000+ characters of padding before the SQL, into a sink that needs SQL-looking text",
      path: "app/reports.py",
      code: `async def find(client, name):\n    return await client.fetch("/* ${"x".repeat(2100)} */ SELECT * FROM users WHERE name = '" + name + "'")\n`,
      errors: [{ messageId: "asyncpg", line: 2 }],
    },
    {
      name: "attack: the words pytest and unittest in a docstring do not make a file a test file",
      path: "app/reports.py",
      code: py`
"""Helpers for reports. Tested with pytest; import unittest style fixtures live elsewhere.
import pytest
"""


def report(cur, customer_id):
    cur.execute(f"SELECT * FROM orders WHERE customer_id = {customer_id}")
`,
      errors: [{ messageId: "execute", line: 7 }],
    },
    {
      name: "attack: a real import of a test library outside a test path does not switch the rule off",
      path: "app/reports.py",
      code: py`
import pytest  # noqa: F401


def report(cur, customer_id):
    cur.execute(f"SELECT * FROM orders WHERE customer_id = {customer_id}")
`,
      errors: [{ messageId: "execute", line: 5 }],
    },
    {
      name: "attack: full-width letters in the sink's name (CPython reads identifiers NFKC-normalised)",
      path: "app/reports.py",
      code: py`
def report(cur, customer_id):
    """Ｒｅｐｏｒｔ"""
    cur.ｅｘｅｃｕｔｅ(f"SELECT * FROM orders WHERE customer_id = {customer_id}")
`,
      errors: [{ messageId: "execute", line: 3 }],
      messageIncludes: ["customer_id"],
    },
    {
      name: "attack: mathematical bold letters (outside the BMP) in the sink's and the variable's names",
      path: "app/reports.py",
      code: py`
def report(cur, customer_id):
    𝐪 = "SELECT * FROM orders WHERE customer_id = " + customer_id
    cur.𝐞𝐱𝐞𝐜𝐮𝐭𝐞(q)
`,
      errors: [{ messageId: "execute", line: 3 }],
    },
    {
      name: "attack: a line continuation between the sink's name and its arguments",
      path: "app/reports.py",
      code: py`
def report(cur, customer_id):
    cur.execute \
        (f"SELECT * FROM orders WHERE customer_id = {customer_id}")
`,
      errors: [{ messageId: "execute", line: 2 }],
    },
    {
      name: "Django view: f-string into cursor.execute",
      path: "shop/views.py",
      code: py`
from django.db import connection
from django.http import JsonResponse


def order_history(request, customer_id):
    status = request.GET.get("status", "open")
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, total FROM orders WHERE customer_id = {customer_id} AND status = '{status}'"
        )
        rows = cursor.fetchall()
    return JsonResponse({"orders": rows})
`,
      errors: [{ messageId: "execute", line: 8 }],
      messageIncludes: ["SQL built with an f-string interpolating `customer_id`, `status` reaches `cursor.execute`", "%s"],
    },
    {
      name: "FastAPI repository: % formatting stored in a variable, then executed",
      path: "app/repositories/users.py",
      code: py`
from fastapi import APIRouter, Depends
import psycopg


class UserRepository:
    def __init__(self, conn: psycopg.Connection):
        self.conn = conn

    def find_by_email(self, email: str):
        query = "SELECT id, email FROM users WHERE email = '%s'" % email
        with self.conn.cursor() as cur:
            cur.execute(query)
            return cur.fetchone()


router = APIRouter()


@router.get("/users/by-email")
def by_email(email: str, repo: UserRepository = Depends()):
    return repo.find_by_email(email)
`,
      errors: [{ messageId: "execute", line: 12 }],
      messageIncludes: ["with `%` formatting of `email` into `query` on line 10 reaches `cur.execute`"],
    },
    {
      name: "Flask blueprint: += and + concatenation of request values into sqlite3",
      path: "app/blueprints/products.py",
      code: py`
import sqlite3
from flask import Blueprint, request

bp = Blueprint("products", __name__)


@bp.route("/products")
def list_products():
    db = sqlite3.connect("app.db")
    sql = "SELECT name, price FROM products WHERE 1 = 1"
    if request.args.get("category"):
        sql += " AND category = '" + request.args["category"] + "'"
    order = request.args.get("sort", "name")
    rows = db.execute(sql + " ORDER BY " + order).fetchall()
    return {"products": rows}
`,
      errors: [{ messageId: "execute", line: 14 }],
      messageIncludes: ['by concatenating `request.args["category"]`, `order` reaches `db.execute`'],
    },
    {
      name: "aiohttp handler: .format() into asyncpg fetchrow spanning lines",
      path: "app/handlers/invoices.py",
      code: py`
from aiohttp import web


async def get_invoice(request: web.Request) -> web.Response:
    invoice_id = request.match_info["id"]
    pool = request.app["pool"]
    async with pool.acquire() as conn:
        row = await conn.fetchrow(
            "SELECT * FROM invoices WHERE id = {} AND tenant = {}".format(invoice_id, request["tenant"])
        )
    return web.json_response(dict(row))
`,
      errors: [{ messageId: "asyncpg", line: 8 }],
      messageIncludes: ['with `.format()` of `invoice_id`, `request["tenant"]` reaches `conn.fetchrow`', "$1"],
    },
    {
      name: "SQLAlchemy: f-string variable wrapped in text() inside session.execute (one finding)",
      path: "app/services/users.py",
      code: py`
from sqlalchemy import text
from sqlalchemy.orm import Session


def deactivate_users(session: Session, domain: str) -> int:
    stmt = f"UPDATE users SET active = false WHERE email LIKE '%@{domain}'"
    result = session.execute(text(stmt))
    session.commit()
    return result.rowcount
`,
      errors: [{ messageId: "text", line: 7 }],
      messageIncludes: ["f-string interpolating `domain` into `stmt` on line 6 reaches `text`", ":name"],
    },
    {
      name: "Django ORM escapes: objects.raw, extra(where=...), RawSQL",
      path: "shop/search.py",
      code: py`
from django.db.models.expressions import RawSQL

from shop.models import Product


def search_products(term, min_rating, region):
    products = Product.objects.raw("SELECT * FROM shop_product WHERE name LIKE '%%" + term + "%%'")
    rated = Product.objects.filter(active=True).extra(where=[f"rating >= {min_rating}"])
    ranked = Product.objects.annotate(score=RawSQL(f"SELECT score FROM ranking WHERE region = '{region}'", ()))
    return products, rated, ranked
`,
      errors: [
        { messageId: "raw", line: 7 },
        { messageId: "extra", line: 8 },
        { messageId: "raw", line: 9 },
      ],
      messageIncludes: ["by concatenating `term` reaches `Product.objects.raw`", "params"],
    },
    {
      name: "sqlite3 script: list grown with an f-string, joined into executescript",
      path: "app/db/schema.py",
      code: py`
import sqlite3


def create_tenant_tables(db_path, tenant):
    conn = sqlite3.connect(db_path)
    statements = [f"CREATE TABLE IF NOT EXISTS {tenant}_events (id INTEGER PRIMARY KEY, body TEXT)"]
    statements.append("CREATE INDEX IF NOT EXISTS idx_events_body ON events(body)")
    conn.executescript(";\n".join(statements))
    conn.commit()
`,
      errors: [{ messageId: "unproven", line: 8 }],
      messageIncludes: ["f-string interpolating `tenant` reaches `conn.executescript`"],
    },
    {
      name: "repository: filter clauses appended with an f-string, joined, executed through a variable",
      path: "app/repositories/orders.py",
      code: py`
class OrderRepository:
    def __init__(self, session):
        self.session = session

    def search(self, status=None, customer=None):
        clauses = ["deleted_at IS NULL"]
        if status:
            clauses.append(f"status = '{status}'")
        if customer:
            clauses.append("customer_id = :customer")
        sql = "SELECT * FROM orders WHERE " + " AND ".join(clauses)
        return self.session.execute(sql, {"customer": customer}).all()
`,
      errors: [{ messageId: "execute", line: 12 }],
      messageIncludes: ["f-string interpolating `status` into `sql` on line 11 reaches `self.session.execute`"],
    },
    {
      name: "module-level UPPER_CASE name assigned a built string is not a constant",
      path: "scripts/audit_query.py",
      code: py`
import sys

import pymysql

TABLE = "audit_log"
USER = sys.argv[1]
QUERY = "SELECT * FROM " + TABLE + " WHERE user = '" + USER + "'"

conn = pymysql.connect(host="localhost", user="audit", database="audit")
with conn.cursor() as cur:
    cur.execute(QUERY)
    print(cur.fetchall())
`,
      errors: [{ messageId: "execute", line: 11 }],
      messageIncludes: ["by concatenating `USER` into `QUERY` on line 7 reaches `cur.execute`"],
    },
    {
      name: "SQLAlchemy Core: % formatting into exec_driver_sql",
      path: "app/db/maintenance.py",
      code: py`
from sqlalchemy import create_engine

engine = create_engine("postgresql+psycopg://app@localhost/app")


def purge(table):
    with engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM %s WHERE created < now() - interval '30 days'" % table)
`,
      errors: [{ messageId: "unproven", line: 8 }],
      messageIncludes: ["with `%` formatting of `table` reaches `conn.exec_driver_sql`"],
    },
    {
      name: "syntax error later in the file: the valid part is still checked",
      path: "app/db/broken.py",
      code: py`
def count_rows(cursor, table):
    cursor.execute("SELECT COUNT(*) FROM " + table)
    return cursor.fetchone()[0]


def half_written(cursor, name:
    cursor.execute("SELECT 1"
`,
      errors: [{ messageId: "unproven", line: 2 }],
      incomplete: "syntax error on line 6",
      messageIncludes: ["by concatenating `table` reaches `cursor.execute`"],
    },
    {
      name: "attack: SQL built from a value, then replaced by constant SQL only in a branch that may not run",
      path: "app/reports.py",
      code: py`
def search(cur, status, everything):
    sql = f"SELECT * FROM orders WHERE status = '{status}'"
    if everything:
        sql = "SELECT * FROM orders"
    cur.execute(sql)
`,
      errors: [{ messageId: "execute", line: 5 }],
      messageIncludes: ["`status`", "on line 2"],
    },
    {
      name: "attack: SQL passed through a helper that returns its argument",
      path: "app/reports.py",
      code: py`
def normalised(query):
    return query


def find(cur, name):
    cur.execute(normalised(f"SELECT * FROM users WHERE name = '{name}'"))
`,
      errors: [{ messageId: "execute", line: 6 }],
    },
    {
      name: "pg8000 native run and asyncpg cursor with f-strings",
      path: "app/repo.py",
      code: py`
import asyncpg
import pg8000.native


def find_user(con: pg8000.native.Connection, email):
    return con.run(f"SELECT id FROM users WHERE email = '{email}'")


async def stream_orders(conn: asyncpg.Connection, status):
    async with conn.transaction():
        async for row in conn.cursor("SELECT * FROM orders WHERE status = '%s'" % status):
            yield row
`,
      errors: [{ messageId: "asyncpg", line: 6 }, { messageId: "asyncpg", line: 11 }],
    },
    {
      name: "SQLAlchemy: string fragments built into filter and order_by",
      path: "app/queries.py",
      code: py`
from sqlalchemy.orm import Session
from app.models import User


def search(session: Session, name: str, sort: str):
    return session.query(User).filter(f"users.name LIKE '%{name}%'").order_by(sort + " DESC").all()
`,
      errors: [{ messageId: "fragment", line: 6 }, { messageId: "fragment", line: 6 }],
      messageIncludes: ["A SQL fragment built with an f-string interpolating `name`"],
    },
    {
      name: "SQLAlchemy 2.0 select with having and group_by fragments from .format()",
      path: "app/reports.py",
      code: py`
from sqlalchemy import func, select
from app.models import Order


def totals(session, column, minimum):
    stmt = select(Order.customer_id, func.sum(Order.total)).group_by("{}".format(column)).having("sum(total) > " + minimum)
    return session.execute(stmt).all()
`,
      errors: [{ messageId: "fragment", line: 6 }, { messageId: "unproven", line: 6 }],
    },
    {
      name: "boto3 DynamoDB: FilterExpression and KeyConditionExpression from a Lambda event",
      path: "handlers/search.py",
      code: py`
import json
import boto3

table = boto3.resource("dynamodb").Table("orders")


def handler(event, context):
    params = event["queryStringParameters"]
    status = params["status"]
    result = table.scan(FilterExpression=f"order_status = {status}")
    return {"statusCode": 200, "body": json.dumps(result["Items"])}
`,
      errors: [{ messageId: "dynamo", line: 10 }],
      messageIncludes: ["A DynamoDB expression built with an f-string interpolating `status` from request data reaches `table.scan`"],
    },
    {
      name: "boto3 client query with a key condition concatenated from a Flask request",
      path: "app/views.py",
      code: py`
import boto3
from flask import request

client = boto3.client("dynamodb")


def orders():
    customer = request.args["customer"]
    return client.query(TableName="orders", KeyConditionExpression="pk = " + customer)
`,
      errors: [{ messageId: "dynamo", line: 9 }],
    },
    {
      name: "Lambda event body reaches a psycopg2 execute",
      path: "functions/create_note.py",
      code: py`
import json
import psycopg2

conn = psycopg2.connect()


def lambda_handler(event, context):
    note = event.get("pathParameters")["id"]
    with conn.cursor() as cur:
        cur.execute("DELETE FROM notes WHERE id = " + note)
    return {"statusCode": 204}
`,
      errors: [{ messageId: "execute", line: 10 }],
    },
    {
      name: "Oracle ALTER SESSION with a parameter, and SET statements joined with '; ': unproven warnings",
      path: "app/admin.py",
      code: `def init(cursor, schema_name, level):
    cursor.execute("ALTER SESSION SET CURRENT_SCHEMA=%s" % schema_name)
    assignments = ["SET SQL_AUTO_IS_NULL = 0", "SET SESSION TRANSACTION ISOLATION LEVEL %s" % level.upper()]
    cursor.execute("; ".join(assignments))
`,
      errors: [{ messageId: "unproven", line: 2, severity: "warning" }, { messageId: "unproven", line: 4, severity: "warning" }],
    },
    {
      name: "a SET statement with a parameter (no request data) was silent: now an unproven warning",
      path: "app/admin.py",
      code: `def search_path(cur, schema):
    cur.execute("SET search_path TO %s" % schema)
`,
      errors: [{ messageId: "unproven", line: 2, severity: "warning" }],
    },
    {
      name: "session and transaction control statements built from parameters: unproven warnings, not silence",
      path: "app/db/connection.py",
      code: py`
ISOLATION_LEVELS = {"READ COMMITTED", "SERIALIZABLE"}


def configure(cursor, level, savepoint_id, key):
    assert level in ISOLATION_LEVELS
    cursor.execute("SET SESSION TRANSACTION ISOLATION LEVEL %s" % level)
    cursor.execute(f"SAVEPOINT {savepoint_id}")
    cursor.execute("PRAGMA key = '%s'" % key)
`,
      errors: [{ messageId: "unproven", line: 6 }, { messageId: "unproven", line: 7 }, { messageId: "unproven", line: 8 }],
    },
    {
      name: "twin, stays blocking: an upper-case attribute of a parameter in a quoted value",
      path: "app/db.py",
      code: `def search(cur, form, key):
    cur.execute(f"SELECT * FROM users WHERE name = '{form.DATA[key]}'")
`,
      errors: [{ messageId: "execute", line: 2, severity: "blocking" }],
    },
    {
      name: "twin, stays blocking: a local quote_name that returns its argument, around a compared value",
      path: "app/db.py",
      code: `def quote_name(name):
    return name


def find(cur, email):
    cur.execute("SELECT * FROM users WHERE email = '%s'" % quote_name(email))
`,
      errors: [{ messageId: "execute", line: 6, severity: "blocking" }],
    },
    {
      name: "twin, stays blocking: the sort column checked against a list holding request data, taken from the request",
      path: "app/db.py",
      code: `from flask import request


def search(cur):
    order = request.args["order"]
    allowed = ["name", request.args["extra"]]
    if order not in allowed:
        raise ValueError(order)
    cur.execute(f"SELECT * FROM users ORDER BY {order}")
`,
      errors: [{ messageId: "execute", line: 9, severity: "blocking" }],
    },
    {
      name: "twin, stays blocking: a check in a branch, then the parameter compared in a quoted value",
      path: "app/db.py",
      code: `def search(cur, status, strict):
    if strict:
        if status not in ("open", "closed"):
            raise ValueError(status)
    cur.execute(f"SELECT * FROM tickets WHERE status = '{status}'")
`,
      errors: [{ messageId: "execute", line: 5, severity: "blocking" }],
    },
    {
      name: "twin, stays blocking: `in` instead of `not in` on a sort column from the request",
      path: "app/db.py",
      code: `from flask import request


def search(cur):
    order = request.args.get("order", "name")
    if order in ("name", "created"):
        raise ValueError(order)
    cur.execute(f"SELECT * FROM users ORDER BY {order}")
`,
      errors: [{ messageId: "execute", line: 8, severity: "blocking" }],
    },
    {
      name: "twin, stays blocking: a lookup in a dict holding a parameter, as a LIMIT",
      path: "app/db.py",
      code: `def page(cur, key, extra):
    sizes = {"small": "10", "other": extra}
    cur.execute(f"SELECT * FROM users ORDER BY id LIMIT {sizes[key]}")
`,
      errors: [{ messageId: "execute", line: 3, severity: "blocking" }],
    },
    {
      name: "twin, stays blocking: a lookup in a parameter, compared",
      path: "app/db.py",
      code: `def search(cur, mapping, key):
    cur.execute("SELECT * FROM users WHERE id = %s" % mapping[key])
`,
      errors: [{ messageId: "execute", line: 2, severity: "blocking" }],
    },
    {
      name: "twin, stays blocking: sqlite3 script with the tenant inserted as a quoted value",
      path: "app/db/schema.py",
      code: py`
import sqlite3


def register_tenant(db_path, tenant):
    conn = sqlite3.connect(db_path)
    statements = [f"INSERT INTO tenants (name) VALUES ('{tenant}')"]
    statements.append("CREATE INDEX IF NOT EXISTS idx_tenants_name ON tenants(name)")
    conn.executescript(";\n".join(statements))
    conn.commit()
`,
      errors: [{ messageId: "script", line: 8, severity: "blocking" }],
    },
    {
      name: "twin, stays blocking: SQLAlchemy exec_driver_sql with the cut-off date in quotes",
      path: "app/db/maintenance.py",
      code: py`
from sqlalchemy import create_engine

engine = create_engine("postgresql+psycopg://app@localhost/app")


def purge(cutoff):
    with engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM events WHERE created < '%s'" % cutoff)
`,
      errors: [{ messageId: "driver", line: 8, severity: "blocking" }],
    },
    {
      name: "twin, stays blocking: syntax error later in the file, a parameter compared before it",
      path: "app/db/broken.py",
      code: py`
def count_rows(cursor, team):
    cursor.execute("SELECT COUNT(*) FROM users WHERE team = " + team)
    return cursor.fetchone()[0]


def half_written(cursor, name:
    cursor.execute("SELECT 1"
`,
      errors: [{ messageId: "execute", line: 2, severity: "blocking" }],
      incomplete: "syntax error on line 6",
    },
    {
      name: "twin, stays blocking: SQLAlchemy order_by and group_by fragments from the request",
      path: "app/queries.py",
      code: py`
from flask import request
from sqlalchemy import func, select
from app.models import Order, User


def search(session):
    users = session.query(User).order_by(request.args["sort"] + " DESC").all()
    stmt = select(Order.customer_id, func.sum(Order.total)).group_by("{}".format(request.args["col"]))
    return users, session.execute(stmt).all()
`,
      errors: [{ messageId: "fragment", line: 7, severity: "blocking" }, { messageId: "fragment", line: 8, severity: "blocking" }],
    },
    {
      name: "twin, stays blocking: ALTER SESSION, SET search_path, SAVEPOINT and PRAGMA from request data",
      path: "app/admin.py",
      code: py`
from flask import request


def init(cursor):
    cursor.execute("ALTER SESSION SET CURRENT_SCHEMA=%s" % request.form["schema"])
    assignments = ["SET SQL_AUTO_IS_NULL = 0", "SET SESSION TRANSACTION ISOLATION LEVEL %s" % request.args["level"]]
    cursor.execute("; ".join(assignments))
    cursor.execute("SET search_path TO %s" % request.args["tenant"])
    cursor.execute(f"SAVEPOINT {request.args['sp']}")
    cursor.execute("PRAGMA key = '%s'" % request.headers["X-Key"])
`,
      errors: [
        { messageId: "noParams", line: 5, severity: "blocking" },
        { messageId: "noParams", line: 7, severity: "blocking" },
        { messageId: "noParams", line: 8, severity: "blocking" },
        { messageId: "noParams", line: 9, severity: "blocking" },
        { messageId: "noParams", line: 10, severity: "blocking" },
      ],
    },
    {
      name: "attack: an agent's SQLAlchemy helper puts its parameter in a quoted value",
      path: "app/repositories/users.py",
      code: py`
from sqlalchemy import text


def find_by_email(session, email):
    return session.execute(text(f"SELECT id, name FROM users WHERE email = '{email}'")).first()
`,
      errors: [{ messageId: "text", line: 5, severity: "blocking" }],
    },
    {
      name: "attack: LIMIT and OFFSET from parameters",
      path: "app/repositories/posts.py",
      code: py`
def recent(cur, limit, offset):
    cur.execute(f"SELECT * FROM posts ORDER BY created DESC LIMIT {limit} OFFSET {offset}")
    return cur.fetchall()
`,
      errors: [{ messageId: "execute", line: 2, severity: "blocking" }],
    },
    {
      name: "attack: an IN list joined from a parameter",
      path: "app/repositories/users.py",
      code: py`
def by_ids(cur, ids):
    cur.execute("SELECT * FROM users WHERE id IN (%s)" % ",".join(str(i) for i in ids))
    return cur.fetchall()
`,
      errors: [{ messageId: "execute", line: 2, severity: "blocking" }],
    },
    {
      name: "attack: request data as the sort column, an identifier",
      path: "app/views.py",
      code: py`
from flask import request

from app.db import get_db


def list_products():
    sort = request.args.get("sort", "name")
    return get_db().execute(f"SELECT * FROM products ORDER BY {sort}").fetchall()
`,
      errors: [{ messageId: "execute", line: 8, severity: "blocking" }],
    },
    {
      name: "attack: a Django class-based view's self.request is request data, not the object's own",
      path: "shop/views.py",
      code: py`
from django.views.generic import ListView

from shop.models import Product


class ProductSearch(ListView):
    def get_queryset(self):
        term = self.request.GET.get("q", "")
        return Product.objects.raw("SELECT * FROM shop_product WHERE name LIKE '%%" + term + "%%'")
`,
      errors: [{ messageId: "raw", line: 9, severity: "blocking" }],
    },
    {
      name: "attack: a method of the object that computes from the parameter is still the caller's value",
      path: "app/repositories/users.py",
      code: py`
class UserRepository:
    def __init__(self, conn):
        self.conn = conn

    def _normalise(self, email):
        return email.strip().lower()

    def find(self, email):
        return self.conn.execute(f"SELECT * FROM users WHERE email = '{self._normalise(email)}'").fetchone()
`,
      errors: [{ messageId: "execute", line: 9, severity: "blocking" }],
    },
    {
      name: "attack: an imported name in a value slot: its origin is not shown, so it blocks",
      path: "app/reports.py",
      code: py`
from app.context import current_tenant


def totals(cur):
    cur.execute(f"SELECT SUM(total) FROM orders WHERE tenant = '{current_tenant}'")
`,
      errors: [{ messageId: "execute", line: 5, severity: "blocking" }],
    },
    {
      name: "attack: BETWEEN bounds from parameters, through a stripped local",
      path: "app/reports.py",
      code: py`
def between(cur, start, end):
    first = start.strip()
    cur.execute("SELECT * FROM orders WHERE created BETWEEN '%s' AND '%s'" % (first, end))
`,
      errors: [{ messageId: "execute", line: 3, severity: "blocking" }],
    },
    {
      name: "unproven: a Django backend's own settings in a quoted value",
      path: "myapp/backends/creation.py",
      code: py`
class DatabaseCreation:
    def __init__(self, connection):
        self.connection = connection

    def _database_exists(self, cursor):
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = '%s'" % self.connection.settings_dict["NAME"])
        return cursor.fetchone() is not None
`,
      errors: [{ messageId: "unproven", line: 6, severity: "warning" }],
    },
    {
      name: "unproven: table names read back from the database",
      path: "app/maintenance.py",
      code: py`
def count_all(cursor):
    cursor.execute("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")
    counts = {}
    for (table,) in cursor.fetchall():
        cursor.execute(f"SELECT COUNT(*) FROM {table}")
        counts[table] = cursor.fetchone()[0]
    return counts
`,
      errors: [{ messageId: "unproven", line: 5, severity: "warning" }],
    },
    {
      name: "unproven: a row value read back from the database in a quoted value",
      path: "app/maintenance.py",
      code: py`
def copy_owner(cur, doc_id):
    cur.execute("SELECT owner FROM documents WHERE id = %s", (doc_id,))
    row = cur.fetchone()
    cur.execute(f"UPDATE audit SET owner = '{row[0]}' WHERE doc_id = 1")
`,
      errors: [{ messageId: "unproven", line: 4, severity: "warning" }],
    },
    {
      name: "unproven: the object's own table and page size",
      path: "app/repositories/base.py",
      code: py`
class Repository:
    table = "items"
    page_size = 50

    def __init__(self, conn):
        self.conn = conn

    def first_page(self):
        return self.conn.execute(f"SELECT * FROM {self.table} ORDER BY id LIMIT {self.page_size}").fetchall()
`,
      errors: [{ messageId: "unproven", line: 9, severity: "warning" }],
    },
    {
      name: "unproven: an agent's helper takes the sort column as a parameter (an identifier: allow-list it)",
      path: "app/repositories/products.py",
      code: py`
def list_products(cur, sort_column):
    cur.execute(f"SELECT id, name, price FROM products ORDER BY {sort_column}")
    return cur.fetchall()
`,
      errors: [{ messageId: "unproven", line: 2, severity: "warning" }],
    },
    {
      name: "unproven: a double-quoted identifier and a schema from parameters",
      path: "app/db/tenants.py",
      code: py`
from sqlalchemy import text


def column_values(session, schema, column):
    return session.execute(text(f'SELECT DISTINCT "{column}" FROM {schema}.customers')).scalars().all()
`,
      errors: [{ messageId: "unproven", line: 5, severity: "warning" }],
    },
    {
      name: "unproven: Flask config names the report table",
      path: "app/reports.py",
      code: py`
from flask import current_app


def report(cur):
    cur.execute("SELECT * FROM %s WHERE archived = false" % current_app.config["REPORT_TABLE"])
`,
      errors: [{ messageId: "unproven", line: 5, severity: "warning" }],
    },
    {
      name: "unproven: SET search_path to the object's schema (a statement that binds nothing)",
      path: "app/db/tenancy.py",
      code: py`
class TenantConnection:
    def __init__(self, conn, schema):
        self.conn = conn
        self.schema = schema

    def activate(self):
        with self.conn.cursor() as cur:
            cur.execute(f"SET search_path TO {self.schema}, public")
`,
      errors: [{ messageId: "unproven", line: 8, severity: "warning" }],
    },
    {
      name: "attack: a helper's parameter named order_by is the client's sort column, an identifier: blocking",
      path: "app/repositories/products.py",
      code: py`
def list_products(cur, order_by="name"):
    cur.execute(f"SELECT id, name, price FROM products ORDER BY {order_by}")
    return cur.fetchall()


def search(cur, search_term):
    cur.execute("SET search_path TO %s" % search_term)
`,
      errors: [{ messageId: "execute", line: 2, severity: "blocking" }, { messageId: "noParams", line: 7, severity: "blocking" }],
    },
  ],
  valid: [
    {
      name: "a helper that runs the SQL it is given, called only with constant text and placeholders",
      path: "shop/views.py",
      code: py`
from django.db import connection


def run(sql, params=()):
    with connection.cursor() as cur:
        cur.execute(sql, params)
        return cur.fetchall()


def search(request):
    return run("SELECT * FROM products WHERE name = %s", (request.GET["q"],))


def count():
    return run("SELECT count(*) FROM " + "products")
`,
    },
    {
      name: "helpers that call each other in a cycle, and a helper called only with constant text, report nothing",
      path: "app/loop.py",
      code: py`
def run(cur, sql, depth=0):
    if depth > 3:
        return cur.execute(sql)
    return again(cur, sql, depth + 1)


def again(cur, sql, depth):
    return run(cur, sql, depth)


def count(cur):
    return again(cur, "SELECT count(*) FROM t", 0)
`,
    },
    {
      name: "a wrapper method named execute: the driver cursor's own execute calls are sinks, not calls of the wrapper",
      path: "app/backend.py",
      code: py`
class CursorWrapper:
    def __init__(self, cursor):
        self.cursor = cursor

    def execute(self, query, args=None):
        return self.cursor.execute(query, args)


def configure(cursor, names):
    cursor.execute("SET NAMES %s", (names,))


class Other:
    def select_all(self, query):
        return self.conn.execute(query)


def render(widget, user):
    widget.select_all(f"<b>{user.name}</b>")
`,
    },
    {
      name: "a helper that rebinds its parameter before the sink is judged at the sink, not through its callers",
      path: "app/store.py",
      code: py`
def run(cur, sql):
    sql = "SELECT 1"
    cur.execute(sql)


def load(cur, request):
    run(cur, "SELECT * FROM users WHERE id = " + request.GET["id"])
`,
    },
    {
      name: "a Celery task queued with constant text: nothing to report",
      path: "app/tasks.py",
      code: py`
from celery import shared_task


@shared_task
def run(sql):
    return db.execute(sql)


def later(name):
    run.delay("SELECT * FROM t WHERE name = %s")
`,
    },
    {
      name: "gate: fullwidth execute with a bound parameter",
      code: `import sqlite3


def find_user(conn: sqlite3.Connection, name: str):
    cur = conn.cursor()
    cur.ｅｘｅｃｕｔｅ("SELECT * FROM users WHERE name = ?", (name,))
    return cur.fetchone()
`,
    },
    {
      name: "gate: fullwidth letters only inside a string",
      code: `def banner(name: str) -> str:
    return "ｅｘｅｃｕｔｅ " + name
`,
    },
    {
      name: "near-miss: an IN list of placeholders built from the number of ids, values bound",
      path: "app/repositories/users.py",
      code: py`
def by_ids(cur, ids):
    placeholders = ", ".join(["%s"] * len(ids))
    cur.execute(f"SELECT * FROM users WHERE id IN ({placeholders})", tuple(ids))
    return cur.fetchall()
`,
    },
    {
      name: "near-miss: constant SET and PRAGMA statements, and a PRAGMA with an integer",
      path: "app/db/connection.py",
      code: py`
def configure(conn, timeout_ms):
    cur = conn.cursor()
    cur.execute("SET search_path TO public")
    cur.execute("PRAGMA journal_mode = WAL")
    cur.execute(f"PRAGMA busy_timeout = {int(timeout_ms)}")
`,
    },
    {
      name: "near-miss: a table picked from a dict of constants",
      path: "app/reports.py",
      code: py`
TABLES = {"orders": "shop_order", "refunds": "shop_refund"}


def count(cur, kind):
    cur.execute(f"SELECT COUNT(*) FROM {TABLES[kind]}")
`,
    },
    {
      name: "near-miss: a savepoint name checked against an allow-list",
      path: "app/db/tx.py",
      code: py`
def savepoint(cur, name):
    if name not in ("before_import", "before_export"):
        raise ValueError(name)
    cur.execute(f"SAVEPOINT {name}")
`,
    },
    {
      name: "near-miss: the object's table passed through the backend's quoting",
      path: "myapp/backends/schema.py",
      code: py`
class SchemaEditor:
    def __init__(self, connection, table):
        self.connection = connection
        self.table = table

    def truncate(self, cursor):
        cursor.execute("TRUNCATE TABLE %s" % self.connection.ops.quote_name(self.table))
`,
    },
    {
      name: "near-miss: a Django model's own db_table",
      path: "shop/maintenance.py",
      code: py`
from django.db import connection

from shop.models import Order


def vacuum_orders():
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM ANALYZE {Order._meta.db_table}")
`,
    },
    {
      name: "near-miss: an HTTP client's fetch with a built URL is not SQL",
      path: "app/clients.py",
      code: py`
async def user_profile(client, user_id):
    return await client.fetch(f"/api/users/{user_id}/profile")
`,
    },
    {
      name: "a quoted database name in CREATE DATABASE",
      path: "app/admin.py",
      code: `def create(connection, cur, name):
    cur.execute("CREATE DATABASE %s" % connection.ops.quote_name(name))
`,
    },
    {
      name: "a constant DROP DATABASE",
      path: "app/admin.py",
      code: `def drop(cur):
    cur.execute("DROP DATABASE IF EXISTS test_app")
`,
    },
    {
      name: "a database name checked against an allow-list",
      path: "app/admin.py",
      code: `def create(cur, name):
    if name not in ("app_test", "app_dev"):
        raise ValueError(name)
    cur.execute("CREATE DATABASE %s" % name)
`,
    },
    {
      name: "GRANT to a role picked from a dict of literals",
      path: "app/admin.py",
      code: `ROLES = {"ro": "reader", "rw": "writer"}


def grant(cur, key):
    cur.execute("GRANT SELECT ON reports TO %s" % ROLES[key])
`,
    },
    {
      name: "request data quoted with psycopg2 quote_ident in CREATE SCHEMA",
      path: "app/admin.py",
      code: `from flask import request
from psycopg2.extensions import quote_ident


def create(cur):
    cur.execute("CREATE SCHEMA %s" % quote_ident(request.args["s"], cur))
`,
    },
    {
      name: "Django's connection.ops.quote_name on a parameter",
      path: "app/db.py",
      code: `def drop(connection, table):
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE %s" % connection.ops.quote_name(table))
`,
    },
    {
      name: 'schema_editor.quote_name in DDL',
      path: "app/db.py",
      code: `def create_collation(schema_editor, name, locale):
    schema_editor.execute("CREATE COLLATION %s (locale = %s)" % (schema_editor.quote_name(name), schema_editor.quote_name(locale)))
`,
    },
    {
      name: 'SQLAlchemy identifier_preparer.quote in introspection SQL',
      path: "app/db.py",
      code: `from sqlalchemy import text


def columns(connection, dialect, table):
    return connection.execute(text("SELECT * FROM %s WHERE 1 = 0" % dialect.identifier_preparer.quote(table)))
`,
    },
    {
      name: "a module's _quote helper imported from elsewhere",
      path: "app/db.py",
      code: `from .util import _quote


def count(cur, table):
    cur.execute(f"SELECT count(*) FROM {_quote(table)}")
`,
    },
    {
      name: 'a local quote helper that doubles the quote character',
      path: "app/db.py",
      code: `def quote(name):
    return '"' + name.replace('"', '""') + '"'


def count(cur, table):
    cur.execute(f"SELECT count(*) FROM {quote(table)}")
`,
    },
    {
      name: 'self.quote_name from the base class',
      path: "app/db.py",
      code: `class Editor(BaseEditor):
    def drop(self, table):
        self.execute("DROP TABLE %s CASCADE" % self.quote_name(table))
`,
    },
    {
      name: 'psycopg2 quote_ident and qn alias',
      path: "app/db.py",
      code: `from psycopg2.extensions import quote_ident


def drop(conn, cur, schema):
    qn = conn.ops.quote_name
    cur.execute("DROP SCHEMA %s CASCADE" % quote_ident(schema, cur))
    cur.execute("DROP TABLE %s" % qn(schema))
`,
    },
    {
      name: 'a not-in check against a tuple that raises',
      path: "app/db.py",
      code: `def set_isolation(cur, level):
    if level not in ("READ COMMITTED", "REPEATABLE READ", "SERIALIZABLE"):
        raise ValueError(level)
    cur.execute("SELECT * FROM pg_settings WHERE name = '%s'" % level)
`,
    },
    {
      name: 'a not-in check against a module constant list that returns',
      path: "app/db.py",
      code: `SORTABLE = ["name", "created_at"]


def search(cur, order):
    if order not in SORTABLE:
        return []
    cur.execute(f"SELECT * FROM users ORDER BY {order}")
    return cur.fetchall()
`,
    },
    {
      name: '`not x in` with a set literal',
      path: "app/db.py",
      code: `def search(cur, direction):
    if not direction in {"ASC", "DESC"}:
        raise ValueError(direction)
    cur.execute("SELECT * FROM users ORDER BY name " + direction)
`,
    },
    {
      name: 'request data checked against a local allow-list',
      path: "app/db.py",
      code: `from flask import request


def search(cur):
    order = request.args.get("order", "name")
    allowed = ("name", "email")
    if order not in allowed:
        raise ValueError(order)
    cur.execute(f"SELECT * FROM users ORDER BY {order}")
`,
    },
    {
      name: 'a check inside a loop that continues',
      path: "app/db.py",
      code: `def counts(cur, tables):
    for t in tables:
        if t not in ("users", "orders"):
            continue
        cur.execute(f"SELECT count(*) FROM {t}")
`,
    },
    {
      name: 'a check in the same branch as the query',
      path: "app/db.py",
      code: `def search(cur, order, strict):
    if strict:
        if order not in ("name", "created"):
            raise ValueError(order)
        cur.execute(f"SELECT * FROM users ORDER BY {order}")
`,
    },
    {
      name: 'a lookup in a dict of literal columns',
      path: "app/db.py",
      code: `COLUMNS = {"name": "u.name", "created": "u.created_at"}


def search(cur, key):
    cur.execute(f"SELECT * FROM users u ORDER BY {COLUMNS[key]}")
`,
    },
    {
      name: 'a lookup in a local dict of literals bound first',
      path: "app/db.py",
      code: `def search(cur, key):
    columns = {"name": "u.name", "created": "u.created_at"}
    column = columns[key]
    cur.execute("SELECT * FROM users u ORDER BY %s" % column)
`,
    },
    {
      name: 'an isolation level looked up in a dict of keywords',
      path: "app/db.py",
      code: `LEVELS = {"rc": "READ COMMITTED", "s": "SERIALIZABLE"}


def begin(cur, key):
    level = LEVELS[key]
    cur.execute("BEGIN ISOLATION LEVEL %s; SELECT * FROM jobs" % level)
`,
    },
    {
      name: 'a dict of quoted names passed with %',
      path: "app/db.py",
      code: `def create(cur, connection, name):
    params = {"dbname": connection.ops.quote_name(name)}
    cur.execute("CREATE TABLE %(dbname)s (id int)" % params)
`,
    },
    {
      name: 'a dict of literals updated with another literal',
      path: "app/db.py",
      code: `def create(cur):
    params = {"table": "users"}
    params["column"] = "email"
    cur.execute("SELECT %(column)s FROM %(table)s" % params)
`,
    },
    {
      name: 'a tuple of literals indexed by a parameter',
      path: "app/db.py",
      code: `def direction(cur, i):
    dirs = ("ASC", "DESC")
    cur.execute("SELECT * FROM users ORDER BY name %s" % dirs[i])
`,
    },
    {
      name: "pg8000 run and asyncpg cursor with placeholders; subprocess.run is not a database; a psycopg2 named cursor",
      path: "app/repo.py",
      code: py`
import subprocess


def find_user(con, email):
    return con.run("SELECT id FROM users WHERE email = :email", email=email)


async def stream_orders(conn, status):
    async for row in conn.cursor("SELECT * FROM orders WHERE status = $1", status):
        yield row


def backup(db_name):
    subprocess.run(f"pg_dump {db_name} > backup.sql", shell=False)


def server_side(self):
    ident = "c_%s_%s" % (hex(id(self))[2:], hex(next_id())[2:])
    return self._dbapi_connection.cursor(ident)
`,
    },
    {
      name: "SQLAlchemy column expressions in filter, order_by and group_by",
      path: "app/queries.py",
      code: py`
from sqlalchemy import desc
from sqlalchemy.orm import Session
from app.models import User


def search(session: Session, name: str):
    return session.query(User).filter(User.name.ilike(f"%{name}%")).order_by(desc(User.created_at)).group_by(User.id).all()
`,
    },
    {
      name: "near-miss: Django order_by with a built field name is not SQL (Django validates it)",
      path: "shop/views.py",
      code: py`
from shop.models import Product


def listing(request):
    field = request.GET.get("sort", "name")
    return Product.objects.filter(active=True).order_by(f"-{field}")
`,
    },
    {
      name: "boto3 DynamoDB with placeholders, and an expression built only from constant names",
      path: "handlers/search.py",
      code: py`
import boto3
from boto3.dynamodb.conditions import Attr, Key

table = boto3.resource("dynamodb").Table("orders")
FIELDS = ["status", "total"]


def handler(event, context):
    status = event["queryStringParameters"]["status"]
    by_key = table.query(KeyConditionExpression=Key("pk").eq(event["pathParameters"]["id"]))
    scanned = table.scan(FilterExpression="order_status = :s", ExpressionAttributeValues={":s": status})
    projection = ", ".join(f"#{f}" for f in FIELDS)
    table.scan(ProjectionExpression=projection, FilterExpression=Attr("status").eq(status))
    return {"statusCode": 200, "by_key": by_key, "scanned": scanned}
`,
    },
    {
      name: "Lambda handler with a parameterized query",
      path: "functions/create_note.py",
      code: py`
import json
import psycopg2

conn = psycopg2.connect()


def lambda_handler(event, context):
    body = json.loads(event["body"])
    with conn.cursor() as cur:
        cur.execute("INSERT INTO notes (text) VALUES (%s)", (body["text"],))
    return {"statusCode": 201}
`,
    },
    {
      name: "near-miss: a list's filter and a DataFrame's where are not SQL",
      path: "app/report.py",
      code: py`
import pandas as pd


def report(frame: pd.DataFrame, region: str):
    names = list(filter(None, [region, "all"]))
    return frame.where(frame["region"] == region).query(f"region == '{region}'"), names
`,
    },
    {
      name: "Django view: parameterised cursor, raw, extra and RawSQL",
      path: "shop/views.py",
      code: py`
from django.db import connection
from django.db.models.expressions import RawSQL
from django.http import JsonResponse

from shop.models import Order, Product


def order_history(request, customer_id):
    status = request.GET.get("status", "open")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, total FROM orders WHERE customer_id = %s AND status = %s",
            [customer_id, status],
        )
        rows = cursor.fetchall()
        cursor.execute(f"SELECT COUNT(*) FROM {Order._meta.db_table} WHERE status = %s", [status])
        column = request.GET.get("sort", "created")
        cursor.execute("SELECT id FROM orders ORDER BY " + connection.ops.quote_name(column))
    products = Product.objects.raw("SELECT * FROM shop_product WHERE name LIKE %s", [f"%{request.GET['q']}%"])
    rated = Product.objects.extra(where=["rating >= %s"], params=[request.GET["rating"]])
    ranked = Product.objects.annotate(score=RawSQL("SELECT score FROM ranking WHERE region = %s", (request.GET["region"],)))
    return JsonResponse({"orders": rows, "products": list(products), "rated": list(rated), "ranked": list(ranked)})
`,
    },
    {
      name: "FastAPI repository: identifiers composed with psycopg.sql",
      path: "app/repositories/reports.py",
      code: py`
from fastapi import APIRouter
from psycopg import sql


class ReportRepository:
    def __init__(self, conn):
        self.conn = conn

    def totals(self, table: str, column: str, since):
        query = sql.SQL("SELECT {col}, count(*) FROM {tbl} WHERE created >= %s GROUP BY {col}").format(
            col=sql.Identifier(column), tbl=sql.Identifier(table)
        )
        with self.conn.cursor() as cur:
            cur.execute(query, (since,))
            return cur.fetchall()


router = APIRouter()
`,
    },
    {
      name: "Flask blueprint: placeholders, constant clauses, constants and casts built into the SQL",
      path: "app/blueprints/products.py",
      code: py`
import sqlite3
from flask import Blueprint, request

bp = Blueprint("products", __name__)
PRODUCTS = "products"
BASE = "SELECT name, price FROM " + PRODUCTS + " WHERE deleted = 0"


@bp.route("/products")
def list_products():
    db = sqlite3.connect("app.db")
    ids = request.args.getlist("id")
    placeholders = ", ".join(["?"] * len(ids))
    clauses = ["active = 1"]
    params = list(ids)
    if request.args.get("category"):
        clauses.append("category = ?")
        params.append(request.args["category"])
    direction = "DESC" if request.args.get("desc") else "ASC"
    limit = int(request.args.get("limit", 50))
    sql = f"{BASE} AND id IN ({placeholders}) AND " + " AND ".join(clauses)
    sql += f" ORDER BY price {direction} LIMIT {limit}"
    rows = db.execute(sql, params).fetchall()
    db.execute(f"SELECT 1")
    return {"products": rows}
`,
    },
    {
      name: "% and .format outside sinks: logging, subprocess, re.sub, print",
      path: "app/db/backup.py",
      code: py`
import logging
import re
import subprocess

logger = logging.getLogger(__name__)


def backup(db_name, user_id, rows):
    logger.info("backing up %s for %s" % (db_name, user_id))
    logger.debug("SELECT finished for {}".format(user_id))
    cmd = "pg_dump {} > /tmp/{}.sql".format(db_name, db_name)
    subprocess.run(["sh", "-c", cmd], check=True)
    safe = re.sub(r"[^a-z_]", "", f"{db_name}")
    message = f"SELECT returned {len(rows)} rows for " + user_id
    print(message)
    return safe
`,
    },
    {
      name: "SQLAlchemy session: select() objects and bound text()",
      path: "app/services/users.py",
      code: py`
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from app.models import User


def get_user(session: Session, uid: int):
    user = session.execute(select(User).where(User.id == uid)).scalar_one()
    stmt = text("UPDATE users SET last_seen = now() WHERE id = :id").bindparams(id=uid)
    session.execute(stmt)
    session.execute(text("SELECT * FROM " + User.__tablename__ + " WHERE id = :id"), {"id": uid})
    return user
`,
    },
    {
      name: "aiohttp handler: asyncpg $1 parameters and an HTTP client's fetch",
      path: "app/handlers/invoices.py",
      code: py`
from aiohttp import web

INVOICE_QUERY = "SELECT * FROM invoices WHERE id = $1 AND tenant = $2"


async def get_invoice(request: web.Request) -> web.Response:
    invoice_id = request.match_info["id"]
    async with request.app["pool"].acquire() as conn:
        row = await conn.fetchrow(INVOICE_QUERY, invoice_id, request["tenant"])
        await conn.execute("UPDATE invoices SET viewed = true WHERE id = $1", invoice_id)
    customer = await request.app["http"].fetch(f"https://billing.example.com/customers/{row['customer_id']}")
    return web.json_response({"invoice": dict(row), "customer": customer})
`,
    },
    {
      name: "sqlite3 script: constant schema, executemany with rows",
      path: "app/db/schema.py",
      code: py`
import sqlite3

SCHEMA = (
    "CREATE TABLE IF NOT EXISTS events (id INTEGER PRIMARY KEY, body TEXT);"
    "CREATE INDEX IF NOT EXISTS idx_events_body ON events(body);"
)
TABLES = ["events", "users"]


def init(db_path, rows):
    conn = sqlite3.connect(db_path)
    conn.executescript(SCHEMA)
    conn.executescript(";\n".join(f"DROP TABLE IF EXISTS {t}_old" for t in TABLES))
    conn.executemany("INSERT INTO events (id, body) VALUES (?, ?)", rows)
    conn.commit()
`,
    },
    {
      name: "scoping: a parameter shadows a module-level built string, and a later constant replaces one",
      path: "app/db/runner.py",
      code: py`
import sys

sql = f"SELECT * FROM users WHERE name = '{sys.argv[1]}'"


def run(cursor, sql, params):
    cursor.execute(sql, params)


def ping(cursor, name):
    query = f"SELECT * FROM users WHERE name = '{name}'"
    print(query)
    query = "SELECT 1"
    cursor.execute(query)
`,
    },
    {
      name: "a text() helper from another library with a non-SQL f-string",
      path: "app/db/notify.py",
      code: py`
from app.ui import text


def banner(user):
    return text(f"Welcome back, {user.name}")
`,
    },
    {
      name: "near-miss: identifiers quoted by the backend, and arithmetic on numbers",
      path: "app/db/maintenance.py",
      code: py`
from django.db import connection


def reset_sequence(table, column, start):
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute("SELECT setval(pg_get_serial_sequence('%s', %s), %s)" % (qn(table), qn(column), start + 1))
        cursor.execute("FETCH FORWARD " + str(int(start)) + " FROM c")


def drop(conn, preparer, name):
    conn.exec_driver_sql("DROP TABLE %s" % preparer.format_table(name))
`,
    },
    {
      name: "control: full-width letters inside a string stay as written and are no code",
      path: "app/reports.py",
      code: py`
def report(cur):
    cur.execute("SELECT name FROM orders WHERE note = 'ｅｘｅｃｕｔｅ(x)'")
`,
    },
    {
      name: "control: the same kind of query in a test file, known by its path",
      path: "tests/test_reports.py",
      code: py`
def test_report(cur, customer_id):
    cur.execute(f"SELECT * FROM orders WHERE customer_id = {customer_id}")
`,
    },
    {
      name: "test-support module provisioning databases for a test suite",
      path: "app/testing/provision.py",
      code: py`
from app.testing.provision import create_db


@create_db.for_db("postgresql")
def _pg_create_db(cfg, eng, ident):
    with eng.connect() as conn:
        conn.exec_driver_sql("CREATE DATABASE %s" % ident)
`,
    },
    {
      name: "near-miss: reassigned unconditionally to constant SQL before the query runs",
      path: "app/reports.py",
      code: py`
def search(cur, status):
    sql = f"SELECT * FROM orders WHERE status = '{status}'"
    sql = "SELECT * FROM orders WHERE status = %s"
    cur.execute(sql, (status,))
`,
    },
    {
      name: "near-miss: a helper that returns its argument, given constant SQL; a branch that keeps it constant",
      path: "app/reports.py",
      code: py`
def normalised(query):
    return query


def find(cur, name, active):
    sql = "SELECT * FROM users WHERE name = %s"
    if active:
        sql = "SELECT * FROM users WHERE name = %s AND active"
    cur.execute(normalised(sql), (name,))
`,
    },
  ],
});

// URL and shell quoting leave SQL's quotes alone: only SQL identifier quoting makes a name safe.
ruleTester("python/sql-injection", {
  invalid: [
    {
      name: "attack: urllib's quote() around request data in a quoted SQL value",
      path: "app/views.py",
      code: py`
from urllib.parse import quote
from flask import request


def search(cur):
    cur.execute(f"SELECT * FROM items WHERE name = '{quote(request.args['q'])}'")
`,
      errors: [{ messageId: "execute", line: 6 }],
    },
    {
      name: "attack: shlex.quote() is shell quoting, not SQL quoting",
      path: "app/reports.py",
      code: py`
import shlex


def by_owner(cur, owner):
    cur.execute("SELECT * FROM reports WHERE owner = '%s'" % shlex.quote(owner))
`,
      errors: [{ messageId: "execute", line: 5 }],
    },
    {
      name: "attack: quote_plus from urllib.parse, imported under its own name",
      path: "app/search.py",
      code: py`
from urllib.parse import quote_plus


def lookup(cur, term):
    cur.execute("SELECT * FROM tags WHERE label LIKE '%" + quote_plus(term) + "%'")
`,
      errors: [{ messageId: "execute", line: 5 }],
    },
    {
      name: "attack: parse.quote on a module imported from urllib",
      path: "app/search.py",
      code: py`
from urllib import parse


def lookup(cur, slug):
    cur.execute("SELECT * FROM pages WHERE slug = '{}'".format(parse.quote(slug)))
`,
      errors: [{ messageId: "execute", line: 5 }],
    },
    {
      name: "attack: shlex's quote imported bare",
      path: "app/jobs.py",
      code: py`
from shlex import quote


def jobs_for(cur, user):
    cur.execute(f"SELECT * FROM jobs WHERE user = {quote(user)}")
`,
      errors: [{ messageId: "execute", line: 5 }],
    },
    {
      name: "attack: markupsafe's escape is HTML escaping",
      path: "app/comments.py",
      code: py`
from markupsafe import escape


def comments(cur, author):
    cur.execute("SELECT * FROM comments WHERE author = '%s'" % escape(author))
`,
      errors: [{ messageId: "execute", line: 5 }],
    },
  ],
  valid: [
    {
      name: "near-miss: Django's quote_name for the table, the value bound",
      path: "app/reports.py",
      code: py`
from django.db import connection


def rows(table, owner):
    with connection.cursor() as cur:
        cur.execute("SELECT * FROM %s WHERE owner = %%s" % connection.ops.quote_name(table), [owner])
`,
    },
    {
      name: "near-miss: psycopg2's quote_ident for a column name",
      path: "app/sort.py",
      code: py`
from psycopg2.extensions import quote_ident


def sorted_rows(conn, cur, column):
    cur.execute("SELECT * FROM items ORDER BY " + quote_ident(column, conn))
`,
    },
    {
      name: "near-miss: urllib's quote used for a URL, the SQL bound",
      path: "app/links.py",
      code: py`
from urllib.parse import quote


def save_link(cur, title):
    url = "https://example.com/search?q=" + quote(title)
    cur.execute("INSERT INTO links (title, url) VALUES (%s, %s)", (title, url))
`,
    },
    {
      name: "near-miss: a SQLAlchemy dialect's identifier preparer",
      path: "app/admin.py",
      code: py`
def count(engine, conn, table):
    preparer = engine.dialect.identifier_preparer
    return conn.exec_driver_sql("SELECT count(*) FROM " + preparer.quote(table)).scalar()
`,
    },
    {
      name: "near-miss: qn bound to Django's quote_name",
      path: "app/raw.py",
      code: py`
from django.db import connection


def truncate_cache(cursor, table):
    qn = connection.ops.quote_name
    cursor.execute("DELETE FROM %s" % qn(table))
`,
    },
    {
      name: "near-miss: shlex.quote for a shell command next to bound SQL",
      path: "app/backup.py",
      code: py`
import shlex
import subprocess


def backup(cur, name):
    subprocess.run("pg_dump " + shlex.quote(name), shell=True, check=True)
    cur.execute("INSERT INTO backups (name) VALUES (%s)", (name,))
`,
    },
  ],
});

// A private helper (`_name`) whose every call in the file passes a literal holds the module's own
// values: a warning for a reviewer, since an import could still reach it. Any other call keeps it blocking.
ruleTester("python/sql-injection", {
  invalid: [
    {
      name: "a private method every caller fills with a literal is unproven (SQLAlchemy's _fetch_setting)",
      path: "app/dialect.py",
      code: py`
class Dialect:
    def _fetch_setting(self, connection, setting_name):
        return connection.exec_driver_sql("SHOW VARIABLES LIKE '%s'" % setting_name).fetchone()

    def _detect_casing(self, connection):
        return self._fetch_setting(connection, "lower_case_table_names")

    def _detect_sql_mode(self, connection):
        return self._fetch_setting(connection, "sql_mode")
`,
      errors: [{ messageId: "unproven", line: 3, severity: "warning" }],
    },
    {
      name: "a private function called with a literal keyword and a default is unproven",
      path: "app/reports.py",
      code: py`
def _count(cur, status="open"):
    cur.execute(f"SELECT count(*) FROM tickets WHERE status = '{status}'")
    return cur.fetchone()[0]


def summary(cur):
    return {"open": _count(cur), "closed": _count(cur, status="closed")}
`,
      errors: [{ messageId: "unproven", line: 2, severity: "warning" }],
    },
    {
      name: "attack: the same private helper also called with request data stays blocking",
      path: "app/views.py",
      code: py`
from flask import request


def _count(cur, status):
    cur.execute(f"SELECT count(*) FROM tickets WHERE status = '{status}'")
    return cur.fetchone()[0]


def summary(cur):
    return {"open": _count(cur, "open"), "mine": _count(cur, request.args["status"])}
`,
      errors: [{ messageId: "execute", line: 5, severity: "blocking" }],
    },
    {
      name: "attack: a private helper called with a parameter of its caller stays blocking",
      path: "app/service.py",
      code: py`
def _by_email(cur, email):
    cur.execute("SELECT * FROM users WHERE email = '%s'" % email)
    return cur.fetchone()


def find(cur, email):
    return _by_email(cur, email)
`,
      errors: [{ messageId: "execute", line: 2, severity: "blocking" }],
    },
    {
      name: "attack: a public function called with literals here can be called from anywhere: blocking",
      path: "app/service.py",
      code: py`
def count_status(cur, status):
    cur.execute(f"SELECT count(*) FROM tickets WHERE status = '{status}'")
    return cur.fetchone()[0]


def summary(cur):
    return count_status(cur, "open")
`,
      errors: [{ messageId: "execute", line: 2, severity: "blocking" }],
    },
    {
      name: "attack: a private helper no call in the file reaches stays blocking",
      path: "app/service.py",
      code: py`
def _lookup(cur, name):
    cur.execute(f"SELECT * FROM users WHERE name = '{name}'")
    return cur.fetchall()
`,
      errors: [{ messageId: "execute", line: 2, severity: "blocking" }],
    },
  ],
  valid: [],
});

// A value compared in a query of the system catalogs, or a schema/role setting, names something:
// from a parameter it is `unproven`; from the request, or next to an ordinary table, it stays blocking.
const catalog = (name: string, body: string, messageId: string, severity: "blocking" | "warning", path = "app/db/schema.py") => ({
  name,
  path,
  code: body.replace(/^\n/, ""),
  errors: [{ messageId, line: body.replace(/^\n/, "").split("\n").findIndex((l) => /execute\(/.test(l)) + 1, severity }],
});
ruleTester("python/sql-injection", {
  invalid: [
    catalog("a helper's table name compared in sqlite_master is unproven", `
def table_exists(cur, table):
    cur.execute(f"SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '{table}'")
    return cur.fetchone() is not None
`, "unproven", "warning"),
    catalog("information_schema columns of a schema parameter are unproven", `
def columns_of(cur, schema, table):
    cur.execute("SELECT column_name FROM information_schema.columns WHERE table_schema = '%s' AND table_name = '%s'" % (schema, table))
    return [r[0] for r in cur.fetchall()]
`, "unproven", "warning"),
    catalog("SQLAlchemy test provisioning: SET SESSION search_path from a parameter is unproven", `
def set_default_schema(cfg, dbapi_connection, schema_name):
    cursor = dbapi_connection.cursor()
    cursor.execute("SET SESSION search_path='%s'" % schema_name)
    cursor.close()
`, "unproven", "warning"),
    catalog("pg_roles by a role parameter is unproven", `
def role_exists(cur, role):
    cur.execute("SELECT 1 FROM pg_roles WHERE rolname = '" + role + "'")
    return bool(cur.fetchone())
`, "unproven", "warning"),
    catalog("SET ROLE from a parameter is unproven", `
def act_as(cur, role):
    cur.execute(f"SET ROLE '{role}'")
`, "unproven", "warning"),
    catalog("pg_catalog join of two catalogs by a schema parameter is unproven", `
def tables_in(cur, schema):
    cur.execute(f"SELECT c.relname FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = '{schema}'")
    return cur.fetchall()
`, "unproven", "warning"),
    catalog("attack: a table name from the request into sqlite_master stays blocking", `
from flask import request


def table_info(cur):
    cur.execute(f"SELECT sql FROM sqlite_master WHERE name = '{request.args['t']}'")
    return cur.fetchone()
`, "execute", "blocking", "app/views.py"),
    catalog("attack: a users table joined to a catalog keeps the value a value", `
def find(cur, name):
    cur.execute(f"SELECT * FROM users u, information_schema.tables t WHERE u.name = '{name}'")
    return cur.fetchall()
`, "execute", "blocking"),
    catalog("attack: a catalog named only in a comment keeps the value a value", `
def find(cur, email):
    cur.execute(f"SELECT * FROM users /* information_schema.tables */ WHERE email = '{email}'")
    return cur.fetchall()
`, "execute", "blocking"),
    catalog("attack: SET search_path before a query does not make the query's value a name", `
def find(cur, email):
    cur.execute(f"SET search_path TO public; SELECT * FROM users WHERE email = '{email}'")
    return cur.fetchall()
`, "execute", "blocking"),
    catalog("attack: a subquery of the catalog inside a users query keeps the value a value", `
def find(cur, email):
    cur.execute(f"SELECT * FROM users WHERE name IN (SELECT name FROM sqlite_master) AND email = '{email}'")
    return cur.fetchall()
`, "execute", "blocking"),
    catalog("attack: SET TIME ZONE's quoted value is still a value", `
def set_tz(cur, tz):
    cur.execute(f"SET TIME ZONE '{tz}'")
`, "execute", "blocking"),
  ],
  valid: [],
});
