"""The people who sign in, and the first start of a database."""

from __future__ import annotations

from sqlalchemy import func, select

from app.domain.errors import InvalidInput, Text
from app.domain.permissions import Action
from app.domain.procedure import ROLE_TITLES, Role
from app.domain.validators import validate_name, validate_phone
from app.services.common import acting_user, audit, require
from app.services.passwords import hash_password
from app.services.user_view import UserView as UserView
from app.store.db import Database
from app.store.models import User

FIRST_ADMIN = "admin"


def view_of(user: User) -> UserView:
    return UserView(user.name, user.display_name, user.role, user.phone, user.active)


def _login_name(name: str) -> str:
    clean = name.strip().lower()
    if not clean or not clean.replace("_", "").replace(".", "").isalnum() or not clean.isascii():
        raise InvalidInput("name", f"{name!r} is not a sign-in name",
                           "letters, digits, '.' or '_', e.g. wang.fang",
                           zh="登录名只能包含字母、数字、点和下划线，如 wang.fang")
    return clean[:64]


def needs_first_admin(db: Database) -> bool:
    """True on a database with no users yet (the first start asks for the admin password)."""
    db.upgrade()
    with db.reading() as session:
        return not session.scalar(select(func.count()).select_from(User))


def initialise(db: Database, admin_password: str | None = None) -> tuple[bool, str | None]:
    """Create or upgrade the schema; on an empty database, add the first administrator with
    the password given (there is no default password: without one the account cannot sign
    in until a password is set).

    Returns (whether the administrator was created, the path of a backup made before a
    migration). Idempotent: a second call changes nothing.
    """
    hashed = hash_password(admin_password) if admin_password is not None else None
    backup = db.upgrade()
    with db.transaction() as session:
        if session.scalar(select(func.count()).select_from(User)):
            return False, str(backup) if backup else None
        session.add(User(name=FIRST_ADMIN, display_name=ROLE_TITLES[Role.ADMIN].zh,
                         role=Role.ADMIN.value,
                         password_hash=hashed))
        session.flush()
        audit(session, FIRST_ADMIN, "database.init")
        return True, str(backup) if backup else None


def add_user(db: Database, actor: str, name: str, display_name: str, role: str,
             phone: str = "", password: str | None = None) -> UserView:
    login = _login_name(name)
    shown = validate_name(display_name, "display_name", 100)
    if role not in {r.value for r in Role}:
        raise InvalidInput("role", f"{role!r} is not a role", ", ".join(r.value for r in Role),
                           zh=f"角色 {role!r} 不存在")
    clean_phone = validate_phone(phone, "phone") if phone.strip() else ""
    hashed = hash_password(password) if password is not None else None
    with db.transaction() as session:
        user = acting_user(session, actor)
        require(user, Action.MANAGE_USERS)
        if role == Role.ADMIN:
            require(user, Action.MANAGE_ADMINS)
        if session.scalar(select(User.id).where(User.name == login)) is not None:
            raise InvalidInput("name", f"a user {login!r} exists already", "another name",
                               zh=f"用户 {login!r} 已存在")
        new = User(name=login, display_name=shown, role=role, phone=clean_phone,
                   password_hash=hashed)
        session.add(new)
        session.flush()
        audit(session, user, "user.add", None, name=login, role=role)
        return view_of(new)


def list_users(db: Database, *, include_inactive: bool = False) -> list[UserView]:
    query = select(User).order_by(User.role, User.name)
    if not include_inactive:
        query = query.where(User.active)
    with db.reading() as session:
        return [view_of(u) for u in session.scalars(query)]


def role_title(role: str) -> Text:
    return ROLE_TITLES[Role(role)]


def change_user(db: Database, actor: str, name: str, *, role: str | None = None,
                active: bool | None = None) -> UserView:
    """An administrator changes a user's role or switches the account off (people leave;
    their name stays on everything they did, so users are never deleted)."""
    if role is not None and role not in {r.value for r in Role}:
        raise InvalidInput("role", f"{role!r} is not a role", ", ".join(r.value for r in Role),
                           zh=f"角色 {role!r} 不存在")
    with db.transaction() as session:
        user = acting_user(session, actor)
        require(user, Action.MANAGE_USERS)
        target = session.scalar(select(User).where(User.name == name.strip().lower()))
        if target is None:
            raise InvalidInput("name", f"no user {name!r}", "a sign-in name from "
                               "`loandesk user list`", zh=f"没有用户 {name!r}")
        if Role.ADMIN in (target.role, role):
            require(user, Action.MANAGE_ADMINS)
        if target.id == user.id and (active is False or (role and role != user.role)):
            raise InvalidInput("name", "administrators cannot lock themselves out",
                               "another administrator to do it", zh="不能停用自己或更改自己的角色")
        before = {"role": target.role, "active": target.active}
        if role is not None:
            target.role = role
        if active is not None:
            target.active = active
        audit(session, user, "user.change", None, account=target.name, before=before,
              after={"role": target.role, "active": target.active})
        return view_of(target)
