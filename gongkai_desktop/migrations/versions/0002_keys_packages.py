"""keys and packages

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 19:00:31.677598
"""

from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('accepted_package',
    sa.Column('package_id', sa.String(length=32), nullable=False),
    sa.Column('unit_code', sa.String(length=32), nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('fingerprint', sa.String(length=64), nullable=False),
    sa.Column('manifest_sha256', sa.String(length=64), nullable=False),
    sa.Column('imported_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('package_id', name=op.f('pk_accepted_package'))
    )
    with op.batch_alter_table('accepted_package', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_accepted_package_unit_code'), ['unit_code'], unique=False)

    op.create_table('unit_key',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit_code', sa.String(length=32), nullable=False),
    sa.Column('fingerprint', sa.String(length=64), nullable=False),
    sa.Column('algorithm', sa.String(length=16), nullable=False),
    sa.Column('public_key', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('contact', sa.JSON(), nullable=False),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.Column('enrolled_at', sa.DateTime(), nullable=False),
    sa.Column('confirmed_at', sa.DateTime(), nullable=True),
    sa.Column('rotated_at', sa.DateTime(), nullable=True),
    sa.Column('revoked_at', sa.DateTime(), nullable=True),
    sa.Column('revoke_reason', sa.Text(), nullable=False),
    sa.Column('replaced_by', sa.String(length=64), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_unit_key')),
    sa.UniqueConstraint('fingerprint', name=op.f('uq_unit_key_fingerprint'))
    )
    with op.batch_alter_table('unit_key', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_unit_key_unit_code'), ['unit_code'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('unit_key', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_unit_key_unit_code'))

    op.drop_table('unit_key')
    with op.batch_alter_table('accepted_package', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_accepted_package_unit_code'))

    op.drop_table('accepted_package')
