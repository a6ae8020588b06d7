"""undo log: named entries with before/after row images

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 10:00:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('undo_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('actor', sa.String(length=128), nullable=False),
    sa.Column('name', sa.String(length=128), nullable=False),
    sa.Column('merge_key', sa.String(length=64), nullable=True),
    sa.Column('state', sa.String(length=8), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('rows', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_undo_entry'))
    )
    with op.batch_alter_table('undo_entry', schema=None) as batch_op:
        batch_op.create_index('ix_undo_entry_actor_state', ['actor', 'state', 'id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('undo_entry', schema=None) as batch_op:
        batch_op.drop_index('ix_undo_entry_actor_state')
    op.drop_table('undo_entry')
