import { ruleTester } from "../../support/rule-tester.js";

const py = (s: TemplateStringsArray): string => (s.raw[0] ?? "").replace(/^\n/, "");

ruleTester("python/route-missing-auth", {
  invalid: [
    {
      name: "attack: a public-sounding word after a record's id, a status write, or a handler named login_* on a known path does not make the route public",
      path: "app/blueprints/orders.py",
      code: py`
from flask import Blueprint
from flask_login import login_required

bp = Blueprint("orders", __name__)


@bp.get("/orders")
@login_required
def orders():
    return []


@bp.post("/orders/<int:order_id>/status")
def set_status(order_id):
    return {}


@bp.put("/users/<int:user_id>/password")
def change_user_password(user_id):
    return {}


@bp.post("/password/reset")
def request_reset():
    return {}


@bp.post("/auth/users/promote")
def promote():
    return {}


@bp.post("/webhooks/stripe")
def stripe_event():
    return {}


@bp.delete("/admin/users/<int:user_id>")
def login_cleanup(user_id):
    return {}
`,
      errors: [{ messageId: "missing", line: 13 }, { messageId: "missing", line: 18 }, { messageId: "missing", line: 28 }, { messageId: "missing", line: 38 }],
    },
    {
      name: "attack: a rate-limit guard and a cache decorator are not authentication",
      path: "app/blueprints/orders.py",
      code: py`
from flask import Blueprint
from flask_login import login_required
from app.limits import rate_guard, staff_cache

bp = Blueprint("orders", __name__)


@bp.get("/orders")
@login_required
def orders():
    return []


@bp.post("/orders/<int:order_id>/refund")
@rate_guard(10)
@staff_cache
def refund(order_id):
    return {}
`,
      errors: [{ messageId: "missing", line: 14 }],
    },
    {
      name: "attack: a before_request guard and a permission check written only in a docstring and a comment",
      path: "app/blueprints/admin.py",
      code: py`
"""Admin routes.

@bp.before_request guards everything here.
"""
from flask import Blueprint
from flask_login import login_required

bp = Blueprint("admin", __name__)


@bp.get("/stats")
@login_required
def stats():
    return {}


@bp.post("/purge")
def purge():
    # check_permission(current_user, "admin") happens upstream
    return {}
`,
      errors: [{ messageId: "missing", line: 17 }],
    },
    {
      name: "attack: route decorator spelled with spaces around the dot",
      path: "app/blueprints/admin.py",
      code: py`
from flask import Blueprint
from flask_login import login_required

bp = Blueprint("admin", __name__)


@bp.get("/stats")
@login_required
def stats():
    return {}


@bp . post ("/purge")
def purge():
    return {}
`,
      errors: [{ messageId: "missing", line: 13 }],
    },
    {
      name: "FastAPI router: DELETE without the user dependency its siblings take",
      path: "app/routers/orders.py",
      code: py`
from fastapi import APIRouter, Depends
from sqlalchemy.orm import Session

from app.deps import get_current_user, get_db

router = APIRouter(prefix="/orders")


@router.get("/")
def list_orders(user=Depends(get_current_user), db: Session = Depends(get_db)):
    return db.query(Order).filter(Order.owner_id == user.id).all()


@router.delete("/{order_id}")
def delete_order(order_id: int, db: Session = Depends(get_db)):
    db.query(Order).filter(Order.id == order_id).delete()
    db.commit()
`,
      errors: [{ messageId: "missing", line: 14 }],
      messageIncludes: ["`DELETE /{order_id}` (`delete_order`) changes data without authentication", "`list_orders`", "Depends(get_current_user)"],
    },
    {
      name: "FastAPI Annotated alias on siblings, POST without it",
      path: "app/api/routes/items.py",
      code: py`
from fastapi import APIRouter

from app.api.deps import CurrentUser, SessionDep

router = APIRouter()


@router.get("/items")
def read_items(session: SessionDep, current_user: CurrentUser):
    return session.exec(select(Item).where(Item.owner_id == current_user.id)).all()


@router.post("/items")
def create_item(session: SessionDep, item_in: ItemCreate):
    item = Item.model_validate(item_in)
    session.add(item)
    session.commit()
    return item
`,
      errors: [{ messageId: "missing", line: 13 }],
    },
    {
      name: "Flask blueprint: login_required on siblings, route with methods POST without it",
      path: "app/blueprints/posts.py",
      code: py`
from flask import Blueprint, request
from flask_login import current_user, login_required

bp = Blueprint("posts", __name__)


@bp.route("/posts")
@login_required
def index():
    return render_template("posts.html", posts=current_user.posts)


@bp.route("/posts/<int:post_id>/delete", methods=["POST"])
def delete(post_id):
    Post.query.filter_by(id=post_id).delete()
    db.session.commit()
    return redirect("/posts")
`,
      errors: [{ messageId: "missing", line: 13 }],
    },
    {
      name: "aiohttp route table: explicit check in siblings, PUT without",
      path: "app/handlers/profiles.py",
      code: py`
from aiohttp import web
from aiohttp_security import check_authorized

routes = web.RouteTableDef()


@routes.get("/profile")
async def show(request):
    user_id = await check_authorized(request)
    return web.json_response(await load_profile(user_id))


@routes.put("/profile/{user_id}")
async def update(request):
    data = await request.json()
    await save_profile(request.match_info["user_id"], data["bio"])
    return web.json_response({"ok": True})
`,
      errors: [{ messageId: "missing", line: 13 }],
    },
    {
      name: "FastAPI: Security scopes on siblings, PATCH and api_route without",
      path: "app/routers/users.py",
      code: py`
from fastapi import APIRouter, Security

router = APIRouter()


@router.get("/users/me")
def me(user=Security(get_current_user, scopes=["me"])):
    return user


@router.patch("/users/{user_id}")
def patch_user(user_id: int, body: UserPatch):
    return update_user(user_id, body)


@router.api_route("/users/{user_id}/avatar", methods=["PUT", "DELETE"])
def avatar(user_id: int):
    return replace_avatar(user_id)
`,
      errors: [{ messageId: "missing", line: 11 }, { messageId: "missing", line: 16 }],
    },
    {
      name: "Flask-JWT-Extended siblings, POST on the same blueprint without",
      path: "app/api/payments.py",
      code: py`
from flask import Blueprint
from flask_jwt_extended import get_jwt_identity, jwt_required

api = Blueprint("payments", __name__)


@api.get("/payments")
@jwt_required()
def list_payments():
    return payments_for(get_jwt_identity())


@api.post("/payments/<pid>/refund")
def refund(pid):
    return do_refund(pid)
`,
      errors: [{ messageId: "missing", line: 13 }],
    },
    {
      name: "FastAPI PATCH with an empty path under a prefix, in a file that also uses mock: still a route",
      path: "app/routers/users.py",
      code: py`
from unittest import mock
from fastapi import APIRouter, Depends
from app.auth import current_user

router = APIRouter(prefix="/users")


@router.get("", dependencies=[Depends(current_user)])
def list_users():
    return []


@router.patch("")
def patch_users(body: dict):
    return body
`,
      errors: [{ messageId: "missing", line: 13 }],
    },
    {
      name: "FastAPI: POST /users is sign-up, but DELETE /users/{user_id} is not",
      path: "app/routers/users.py",
      code: py`
from fastapi import APIRouter, Depends
from app.auth import get_current_user

router = APIRouter()


@router.post("/users")
def create_user(body: UserCreate):
    return register_user(body)


@router.get("/users/me")
def me(user=Depends(get_current_user)):
    return user


@router.delete("/users/{user_id}")
def delete_user(user_id: int):
    return remove_user(user_id)
`,
      errors: [{ messageId: "missing", line: 17 }],
    },
    {
      name: "Flask: /api-keys and /authors are not public by the words auth or token",
      path: "app/blueprints/authors.py",
      code: py`
from flask import Blueprint
from flask_login import login_required

bp = Blueprint("authors", __name__)


@bp.get("/authors")
@login_required
def list_authors():
    return []


@bp.post("/authors")
def add_author():
    return {}


@bp.post("/api-tokens")
def create_api_key():
    return {}
`,
      errors: [{ messageId: "missing", line: 13 }, { messageId: "missing", line: 18 }],
    },
    {
      name: "FastAPI PATCH /users/{id} without the dependency its siblings use",
      path: "app/routers/users.py",
      code: py`
from fastapi import APIRouter, Depends
from app.auth import current_user

router = APIRouter()


@router.get("/users/{user_id}", dependencies=[Depends(current_user)])
def get_user(user_id: int):
    return fetch_user(user_id)


@router.patch("/users/{user_id}")
def update_user(user_id: int, body: dict):
    return save_user(user_id, body)
`,
      errors: [{ messageId: "missing", line: 12 }],
    },
    {
      name: "aiohttp: granting a role on /users/{id}/roles is not sign-up",
      path: "app/handlers/users.py",
      code: py`
from aiohttp import web
from app.auth import login_required

routes = web.RouteTableDef()


@routes.get("/users/{id}")
@login_required
async def show(request):
    return web.json_response({})


@routes.post("/users/{id}/roles")
async def grant_role(request):
    return web.json_response({})
`,
      errors: [{ messageId: "missing", line: 13 }],
    },
    {
      name: "Flask: one rule for POST and DELETE on /users: the DELETE is not sign-up",
      path: "app/blueprints/users.py",
      code: py`
from flask import Blueprint
from flask_login import login_required

bp = Blueprint("users", __name__)


@bp.get("/users/me")
@login_required
def me():
    return {}


@bp.route("/users", methods=["POST", "DELETE"])
def users():
    return {}
`,
      errors: [{ messageId: "missing", line: 13 }],
    },
    {
      name: "FastAPI: PUT /accounts/{account_id} without auth",
      path: "app/routers/accounts.py",
      code: py`
from fastapi import APIRouter, Depends
from app.auth import get_current_user

router = APIRouter()


@router.post("/accounts")
def open_account(body: AccountIn):
    return body


@router.get("/accounts/{account_id}")
def show_account(account_id: int, user=Depends(get_current_user)):
    return {}


@router.put("/accounts/{account_id}")
def replace_account(account_id: int, body: AccountIn):
    return body
`,
      errors: [{ messageId: "missing", line: 17 }],
    },
  ],
  valid: [
    {
      name: "FastAPI: sign-up as POST /users, beside guarded routes",
      path: "app/routers/users.py",
      code: py`
from fastapi import APIRouter, Depends
from app.auth import get_current_user

router = APIRouter()


@router.post("/users", status_code=201)
def create_user(body: UserCreate):
    return register_user(body)


@router.get("/users")
def list_users(user=Depends(get_current_user)):
    return []


@router.delete("/users/{user_id}")
def delete_user(user_id: int, user=Depends(get_current_user)):
    return {}
`,
    },
    {
      name: "Flask: /register and /signup",
      path: "app/blueprints/auth.py",
      code: py`
from flask import Blueprint
from flask_login import login_required

bp = Blueprint("auth", __name__)


@bp.post("/register")
def register():
    return {}


@bp.post("/signup")
def create():
    return {}


@bp.post("/profile")
@login_required
def profile():
    return {}
`,
    },
    {
      name: "FastAPI: the OAuth2 /token endpoint",
      path: "app/routers/auth.py",
      code: py`
from fastapi import APIRouter, Depends
from fastapi.security import OAuth2PasswordRequestForm
from app.auth import get_current_user

router = APIRouter()


@router.post("/token")
def issue(form: OAuth2PasswordRequestForm = Depends()):
    return {"access_token": make_token(form), "token_type": "bearer"}


@router.post("/me/avatar")
def avatar(user=Depends(get_current_user)):
    return {}
`,
    },
    {
      name: "Flask: /auth/login and /auth/logout",
      path: "app/blueprints/session.py",
      code: py`
from flask import Blueprint
from flask_login import login_required

bp = Blueprint("session", __name__)


@bp.post("/auth/login")
def do_it():
    return {}


@bp.post("/auth/logout")
def leave():
    return {}


@bp.delete("/me")
@login_required
def delete_me():
    return {}
`,
    },
    {
      name: "FastAPI: /password/reset",
      path: "app/routers/password.py",
      code: py`
from fastapi import APIRouter, Depends
from app.auth import get_current_user

router = APIRouter()


@router.post("/password/reset")
def request_reset(body: ResetIn):
    return {}


@router.put("/me/settings")
def settings(body: dict, user=Depends(get_current_user)):
    return {}
`,
    },
    {
      name: "aiohttp: POST /accounts opens the caller's account",
      path: "app/handlers/accounts.py",
      code: py`
from aiohttp import web
from app.auth import login_required

routes = web.RouteTableDef()


@routes.post("/api/accounts")
async def open_account(request):
    return web.json_response({}, status=201)


@routes.delete("/api/accounts/{id}")
@login_required
async def close_account(request):
    return web.json_response({})
`,
    },
    {
      name: "every write route guarded",
      path: "app/routers/orders.py",
      code: py`
from fastapi import APIRouter, Depends

router = APIRouter()


@router.get("/orders")
def list_orders(user=Depends(get_current_user)):
    return []


@router.post("/orders")
def create_order(body: OrderIn, user=Depends(get_current_user)):
    return {}
`,
    },
    {
      name: "near-miss: router protected as a whole",
      path: "app/routers/admin.py",
      code: py`
from fastapi import APIRouter, Depends

router = APIRouter(prefix="/admin", dependencies=[Depends(require_admin)])


@router.get("/users")
def users(user=Depends(get_current_user)):
    return []


@router.delete("/users/{uid}")
def delete_user(uid: int):
    return remove(uid)
`,
    },
    {
      name: "near-miss: login and register routes are public",
      path: "app/routers/auth.py",
      code: py`
from fastapi import APIRouter, Depends

router = APIRouter()


@router.get("/me")
def me(user=Depends(get_current_user)):
    return user


@router.post("/login")
def login(form: LoginForm):
    return issue(form)


@router.post("/register")
def register(body: RegisterIn):
    return create_account(body)
`,
    },
    {
      name: "near-miss: public API where no route is guarded",
      path: "app/routers/contact.py",
      code: py`
from fastapi import APIRouter

router = APIRouter()


@router.get("/products")
def products():
    return []


@router.post("/cart")
def add_to_cart(item: CartItem):
    return add(item)
`,
    },
    {
      name: "near-miss: Flask blueprint with a before_request guard",
      path: "app/blueprints/admin.py",
      code: py`
from flask import Blueprint, abort
from flask_login import current_user, login_required

bp = Blueprint("admin", __name__)


@bp.before_request
def guard():
    if not current_user.is_authenticated:
        abort(401)


@bp.get("/stats")
@login_required
def stats():
    return {}


@bp.post("/purge")
def purge():
    return {}
`,
    },
    {
      name: "near-miss: signed webhook and read routes without auth",
      path: "app/routers/billing.py",
      code: py`
from fastapi import APIRouter, Depends, Request

router = APIRouter()


@router.get("/invoices")
def invoices(user=Depends(get_current_user)):
    return []


@router.get("/plans")
def plans():
    return []


@router.post("/stripe-events")
async def stripe_events(request: Request):
    event = stripe.Webhook.construct_event(await request.body(), request.headers["stripe-signature"], SECRET)
    return handle(event)
`,
    },
    {
      name: "near-miss: @mock.patch decorators on tests are not PATCH routes (one test also patches the auth module)",
      path: "tests/test_users.py",
      code: py`
from unittest import mock

from app import auth


@mock.patch("app.services.users.send_email")
@mock.patch.object(auth, "verify_token")
def test_signup_sends_mail(verify_token, send_email):
    assert send_email.called


@mock.patch("app.services.users.delete_user")
def test_delete(delete_user):
    assert delete_user.called
`,
    },
    {
      name: "near-miss: @patch.object, @mock.patch.object and an aliased mock module are not routes",
      path: "app/tests/test_client.py",
      code: py`
from unittest import mock as m
from unittest.mock import patch

from app.auth import login_required


class TestClient:
    @patch.object(Client, "post")
    @login_required
    def test_post(self, post):
        pass

    @patch.object(Client, "delete")
    def test_delete(self, delete):
        pass

    @m.patch("app.client.put")
    def test_put(self, put):
        pass

    @m.patch.object(Client, "patch")
    def test_patch(self, patch_):
        pass
`,
    },
  ],
});
