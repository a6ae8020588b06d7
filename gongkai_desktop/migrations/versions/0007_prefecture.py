"""prefecture: where each row of a county's submission comes from; package kinds up to 32 characters
(county_submission is 17: PostgreSQL refused it in a VARCHAR(16))

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 13:00:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('accepted_package') as batch:
        batch.alter_column('kind', existing_type=sa.String(length=16), type_=sa.String(length=32),
                           existing_nullable=False)
    op.create_table('item_provenance',
    sa.Column('submission_id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.String(length=36), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('scope', sa.String(length=16), nullable=False),
    sa.Column('units', sa.JSON(), nullable=False),
    sa.Column('flags', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['submission_id'], ['submission.id'], name=op.f('fk_item_provenance_submission_id_submission'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('submission_id', 'item_id', name=op.f('pk_item_provenance'))
    )


def downgrade() -> None:
    op.drop_table('item_provenance')
    with op.batch_alter_table('accepted_package') as batch:
        batch.alter_column('kind', existing_type=sa.String(length=32), type_=sa.String(length=16),
                           existing_nullable=False)
