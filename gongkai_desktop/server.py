"""The review office's shared database server (PostgreSQL): its URL, the connection test, its messages.

Several reviewers share one office workspace on a PostgreSQL server (`gongkai --db postgresql://…`,
or the window's 共享数据库 setting). What a reviewer types is checked here before anything opens:
the URL's form, then a real connection with a short timeout, so an unreachable server, a wrong
password or a missing database is one Chinese sentence saying what to do, never a driver's traceback.
The URL is kept on this computer only (`local_settings`), and shown with its password hidden.
"""

from __future__ import annotations

from sqlalchemy import make_url
from sqlalchemy.engine import URL
from sqlalchemy.exc import ArgumentError

from .errors import DomainError

DRIVER = "postgresql+psycopg"
CONNECT_TIMEOUT_S = 5
EXAMPLE = "postgresql://用户名:密码@服务器地址:5432/数据库名"


def parse(url: str) -> URL:
    """A database URL as SQLAlchemy reads it, with PostgreSQL always through psycopg 3."""
    text = (url or "").strip()
    try:
        u = make_url(text)
    except ArgumentError:
        raise DomainError("bad_db_url", f"数据库地址“{text}”的格式不对。请写成 {EXAMPLE}。") from None
    backend = u.get_backend_name()
    if backend == "postgresql":
        if not u.database:
            raise DomainError("bad_db_url", f"数据库地址缺少数据库名。请写成 {EXAMPLE}。")
        return u.set(drivername=DRIVER)
    if backend == "sqlite":
        return u
    raise DomainError("bad_db_url", f"不支持数据库“{backend}”。共享的审核端数据库请用 PostgreSQL：{EXAMPLE}。")


def normalise(url: str) -> str:
    """The URL to hand to SQLAlchemy (password included); a SQLite URL exactly as given (rendering
    it again would percent-encode the file's path)."""
    u = parse(url)
    if u.get_backend_name() == "sqlite":
        return url.strip()
    return u.render_as_string(hide_password=False)


def is_shared(url: str | None) -> bool:
    return url is not None and url != "" and parse(url).get_backend_name() == "postgresql"


def shown(url: str) -> str:
    """The URL for titles and messages: the password hidden."""
    try:
        return parse(url).render_as_string(hide_password=True)
    except DomainError:
        return url


def describe(exc: BaseException, url: str) -> DomainError | None:
    """A connection failure as the reviewer should read it (None when it is not one)."""
    text = str(exc).lower()
    try:
        u = parse(url)
    except DomainError as err:
        return err
    where = f"{u.host or 'localhost'}:{u.port or 5432}"
    if "password authentication failed" in text or "no password supplied" in text or "authentication failed" in text:
        return DomainError("db_auth", f"数据库服务器 {where} 拒绝了用户“{u.username or ''}”：用户名或密码不对。"
                           "请向管理数据库的同事核对用户名和密码。")
    if "does not exist" in text and "database" in text:
        return DomainError("db_missing", f"数据库服务器 {where} 上没有数据库“{u.database}”。"
                           "请先在服务器上创建它（createdb），或改正数据库名。")
    if "role" in text and "does not exist" in text:
        return DomainError("db_auth", f"数据库服务器 {where} 上没有用户“{u.username or ''}”。请核对用户名。")
    if "permission denied" in text:
        return DomainError("db_permission", f"用户“{u.username or ''}”没有使用数据库“{u.database}”的权限。"
                           "请让数据库管理员授予权限（GRANT）。")
    if any(w in text for w in ("connection refused", "could not connect", "timeout expired", "timed out",
                               "could not translate host name", "name or service not known",
                               "no route to host", "network is unreachable", "connection failed",
                               "server closed the connection")):
        return DomainError("db_unreachable", f"连接不上数据库服务器 {where}：服务器未开启、地址或端口不对，或网络不通。"
                           "请检查服务器是否在运行、本机能否访问它（防火墙），然后再试。")
    return None


def check_connection(url: str) -> str:
    """Connect once and return the server's version line; raises the Chinese `DomainError` otherwise."""
    from sqlalchemy import create_engine, text

    target = normalise(url)
    engine = create_engine(target, connect_args=connect_args(target), poolclass=_null_pool())
    try:
        with engine.connect() as conn:
            return str(conn.execute(text("SELECT version()")).scalar())
    except Exception as exc:  # noqa: BLE001 - every driver failure becomes a sentence
        err = describe(exc, url)
        if err is None:
            raise DomainError("db_error", f"连接数据库 {shown(url)} 失败：{str(exc).strip()[:160]}") from None
        raise err from None
    finally:
        engine.dispose()


def connect_args(url: str) -> dict[str, object]:
    """Driver options: a short connect timeout so an unreachable server is said within seconds."""
    if make_url(url).get_backend_name() == "postgresql":
        return {"connect_timeout": CONNECT_TIMEOUT_S, "application_name": "gongkai_desktop"}
    return {}


def _null_pool():  # noqa: ANN202
    from sqlalchemy.pool import NullPool

    return NullPool


def remember(data_dir: object, url: str | None) -> str:
    """The database this data folder opens from now on (``None`` or "": its own SQLite file again).

    The URL is checked (its form, then a real connection) before it is kept, so a folder is never
    left pointing at a server it cannot reach. Returns the URL as shown (password hidden).
    """
    from pathlib import Path

    from . import local_settings, settings

    if not url or not url.strip():
        local_settings.write(Path(str(data_dir)), settings.DATABASE_URL, "")
        return "本机 SQLite 工作区"
    if parse(url).get_backend_name() != "postgresql":
        raise DomainError("bad_db_url", f"共享的审核端数据库请用 PostgreSQL：{EXAMPLE}。")
    check_connection(url)
    local_settings.write(Path(str(data_dir)), settings.DATABASE_URL, normalise(url))
    return shown(url)
