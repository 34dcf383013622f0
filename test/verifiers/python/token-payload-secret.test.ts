import { ruleTester } from "../../support/rule-tester.js";

const py = (s: TemplateStringsArray): string => (s.raw[0] ?? "").replace(/^\n/, "");

ruleTester("python/token-payload-secret", {
  invalid: [
    {
      name: "FastAPI login: the submitted password signed into the access token",
      path: "app/routers/auth.py",
      code: py`
from datetime import datetime, timedelta, timezone

import jwt
from fastapi import APIRouter, Depends
from fastapi.security import OAuth2PasswordRequestForm

router = APIRouter()


@router.post("/token")
def login(form: OAuth2PasswordRequestForm = Depends()):
    user = authenticate(form.username, form.password)
    expires = datetime.now(timezone.utc) + timedelta(minutes=30)
    token = jwt.encode({"sub": user.username, "password": form.password, "exp": expires}, SECRET_KEY, algorithm="HS256")
    return {"access_token": token, "token_type": "bearer"}
`,
      errors: [{ messageId: "payload", line: 14 }],
      messageIncludes: ["`jwt.encode` puts `password` into the token payload"],
    },
    {
      name: "Flask: the password hash in a payload built in a local dict",
      path: "app/auth.py",
      code: py`
import jwt
from flask import current_app


def issue_token(user):
    claims = {
        "sub": user.id,
        "email": user.email,
        "password_hash": user.password_hash,
    }
    return jwt.encode(claims, current_app.config["SECRET_KEY"], algorithm="HS256")
`,
      errors: [{ messageId: "payload", line: 9 }],
    },
    {
      name: "python-jose: the TOTP seed in the claims",
      path: "app/mfa.py",
      code: py`
from jose import jwt


def mfa_token(user, key):
    return jwt.encode({"sub": str(user.id), "totp_secret": user.totp_secret}, key, algorithm="HS256")
`,
      errors: [{ messageId: "payload", line: 5 }],
    },
    {
      name: "Django: the whole user model turned into a dict (warning)",
      path: "accounts/tokens.py",
      code: py`
import jwt
from django.conf import settings
from django.forms.models import model_to_dict


def token_for(user):
    return jwt.encode(model_to_dict(user), settings.SECRET_KEY, algorithm="HS256")
`,
      errors: [{ messageId: "payloadObject", line: 7, severity: "warning" }],
    },
    {
      name: "SQLAlchemy model spread into the payload with __dict__ and to_dict (warnings)",
      path: "app/services/session.py",
      code: py`
import jwt


def access(db_user, key):
    return jwt.encode({**db_user.__dict__, "scope": "api"}, key, algorithm="HS256")


def refresh(current_user, key):
    payload = {"typ": "refresh", **current_user.to_dict()}
    return jwt.encode(payload, key, algorithm="HS256")
`,
      errors: [{ messageId: "payloadObject", line: 5, severity: "warning" }, { messageId: "payloadObject", line: 9, severity: "warning" }],
    },
    {
      name: "flask-jwt-extended: the password in additional claims, the whole account as identity",
      path: "app/api/login.py",
      code: py`
from flask_jwt_extended import create_access_token


def login(account, password):
    extra = {"role": account.role, "pwd": password}
    return create_access_token(identity=account.to_dict(), additional_claims=extra)
`,
      errors: [{ messageId: "payload", line: 5 }, { messageId: "payloadObject", line: 6, severity: "warning" }],
    },
  ],
  valid: [
    {
      name: "claims with the user's id and role only",
      path: "app/routers/auth.py",
      code: py`
import jwt


def issue(user, key, expires):
    return jwt.encode({"sub": str(user.id), "role": user.role, "exp": expires}, key, algorithm="HS256")
`,
    },
    {
      name: "fields about the password that are not the password",
      path: "app/auth.py",
      code: py`
import jwt


def issue(user, key):
    claims = {"sub": user.id, "password_changed_at": user.password_changed_at.isoformat(), "has_password": True}
    return jwt.encode(claims, key, algorithm="HS256")
`,
    },
    {
      name: "a serialiser that chooses its fields",
      path: "app/tokens.py",
      code: py`
import jwt


def issue(user, key):
    return jwt.encode(user.model_dump(include={"id", "email"}), key, algorithm="HS256")


def issue_v2(user, key):
    return jwt.encode(model_to_dict(user, fields=["id", "email"]), key, algorithm="HS256")
`,
    },
    {
      name: "a password-reset token names its purpose, not the password",
      path: "app/reset.py",
      code: py`
import jwt


def reset_token(email, key):
    return jwt.encode({"email": email, "purpose": "password"}, key, algorithm="HS256")
`,
    },
    {
      name: "other objects turned into dicts, and jwt.decode of a password field",
      path: "app/orders.py",
      code: py`
import jwt


def order_token(order, key):
    return jwt.encode(order.to_dict(), key, algorithm="HS256")


def read(token, key):
    data = jwt.decode(token, key, algorithms=["HS256"])
    return {"password": data.get("password")}
`,
    },
    {
      name: "tests may put anything into payloads",
      path: "tests/test_auth.py",
      code: py`
import jwt


def test_rejects_password_claim():
    token = jwt.encode({"sub": "1", "password": "x"}, "k", algorithm="HS256")
    assert not accepted(token)
`,
    },
  ],
});

// Payloads built in steps or from records under any name: the keys set after the dict was made,
// `dict(…)`'s keywords, and a record bound from a user model's query.
ruleTester("python/token-payload-secret", {
  invalid: [
    {
      name: "attack: the hash added to the claims after the dict literal",
      path: "app/auth/tokens.py",
      code: py`
import jwt


def issue(user, key):
    claims = {"sub": str(user.id)}
    claims["password_hash"] = user.password_hash
    return jwt.encode(claims, key, algorithm="HS256")
`,
      errors: [{ messageId: "payload", line: 6 }],
    },
    {
      name: "attack: claims.update with a password keyword",
      path: "app/auth/tokens.py",
      code: py`
import jwt


def issue(user, form, key):
    claims = {"sub": user.username}
    claims.update(password=form.password)
    return jwt.encode(claims, key, algorithm="HS256")
`,
      errors: [{ messageId: "payload", line: 6 }],
    },
    {
      name: "attack: claims.update with a dict literal carrying the OTP seed",
      path: "app/mfa.py",
      code: py`
from jose import jwt


def step_up(user, key):
    payload = {"sub": user.id}
    payload.update({"totp_secret": user.totp_secret, "mfa": True})
    return jwt.encode(payload, key, algorithm="HS256")
`,
      errors: [{ messageId: "payload", line: 6 }],
    },
    {
      name: "attack: the payload made with dict() keywords",
      path: "app/api/login.py",
      code: py`
import jwt
from flask import current_app, request


def login():
    token = jwt.encode(dict(sub=request.form["username"], password=request.form["password"]), current_app.config["SECRET_KEY"])
    return {"token": token}
`,
      errors: [{ messageId: "payload", line: 6 }],
    },
    {
      name: "attack: a record named obj, bound from the User model, spread whole",
      path: "app/api/session.py",
      code: py`
import jwt
from app.models import User


def refresh(user_id, key):
    obj = User.query.get(user_id)
    return jwt.encode({**obj.to_dict(), "type": "refresh"}, key, algorithm="HS256")
`,
      errors: [{ messageId: "payloadObject", line: 7 }],
    },
    {
      name: "attack: SQLAlchemy 2.0 session.get(Account, …) under the name found, as vars()",
      path: "app/services/auth.py",
      code: py`
import jwt
from sqlalchemy.orm import Session

from app.models import Account


def token_for(db: Session, account_id: int, key: str) -> str:
    found = db.get(Account, account_id)
    return jwt.encode(vars(found), key, algorithm="HS256")
`,
      errors: [{ messageId: "payloadObject", line: 9 }],
    },
  ],
  valid: [
    {
      name: "near-miss: keys added afterwards are an id and roles",
      path: "app/auth/tokens.py",
      code: py`
import jwt


def issue(user, key):
    claims = {"sub": str(user.id)}
    claims["roles"] = [r.name for r in user.roles]
    claims.update(tenant=user.tenant_id)
    return jwt.encode(claims, key, algorithm="HS256")
`,
    },
    {
      name: "near-miss: a password key set on another dict, not the payload",
      path: "app/auth/tokens.py",
      code: py`
import jwt


def issue(user, form, key):
    audit = {"user": user.id}
    audit["password_changed"] = form.password_changed
    claims = {"sub": user.id}
    return jwt.encode(claims, key, algorithm="HS256")
`,
    },
    {
      name: "near-miss: dict() keywords with the user id and expiry",
      path: "app/api/login.py",
      code: py`
import jwt
from datetime import datetime, timedelta, timezone


def login(user, key):
    exp = datetime.now(timezone.utc) + timedelta(minutes=15)
    return jwt.encode(dict(sub=str(user.id), exp=exp), key, algorithm="HS256")
`,
    },
    {
      name: "near-miss: a record bound from the Order model spread into a receipt token",
      path: "app/api/receipts.py",
      code: py`
import jwt
from app.models import Order


def receipt(order_id, key):
    obj = Order.query.get(order_id)
    return jwt.encode({**obj.to_dict(), "type": "receipt"}, key, algorithm="HS256")
`,
    },
    {
      name: "near-miss: a user record with the fields chosen",
      path: "app/services/auth.py",
      code: py`
import jwt
from app.models import User


def token_for(user_id, key):
    obj = User.query.get(user_id)
    return jwt.encode(obj.to_dict(only=("id", "email")), key, algorithm="HS256")
`,
    },
    {
      name: "near-miss: the password hash updated on the user row, not the claims",
      path: "app/services/password.py",
      code: py`
import jwt


def reset(user, new_hash, key):
    user.__dict__.update(password_hash=new_hash)
    claims = {"sub": user.id, "purpose": "password-reset-done"}
    return jwt.encode(claims, key, algorithm="HS256")
`,
    },
  ],
});
