"""Alembic environment: always run against the connection the workspace hands over."""

from __future__ import annotations

from alembic import context

from gongkai_desktop.models import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # command-line use: `alembic -x url=sqlite:///file.db upgrade head`
    from sqlalchemy import create_engine

    url = context.get_x_argument(as_dictionary=True).get("url", "sqlite:///gongkai.db")
    connection = create_engine(url).connect()

context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
