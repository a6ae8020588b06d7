"""several reviewers and the review conversation: versions, claims, replies, reopened comments, audit log

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 13:00:00

The received comment's id grows to 64 characters: a result's general comment is stored as
``<package id>-general`` (40 characters), which SQLite kept in a String(36) and PostgreSQL refuses.
"""

from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('submission', schema=None) as batch_op:
        batch_op.add_column(sa.Column('review_version', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('review_by', sa.String(length=64), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('reviewer', sa.String(length=64), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('result_sequence', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('answers_result', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('replies', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('problem_count', sa.Integer(), nullable=True))
    with op.batch_alter_table('review_comment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reopens', sa.String(length=64), nullable=True))
    with op.batch_alter_table('received_comment', schema=None) as batch_op:
        batch_op.alter_column('id', existing_type=sa.String(length=36), type_=sa.String(length=64),
                              existing_nullable=False)
        batch_op.add_column(sa.Column('reply', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('replied_at', sa.DateTime(), nullable=True))
    op.create_table('audit_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('reviewer', sa.String(length=64), nullable=False),
    sa.Column('action', sa.String(length=32), nullable=False),
    sa.Column('submission_id', sa.Integer(), nullable=True),
    sa.Column('detail', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_entry'))
    )
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_entry_submission_id'), ['submission_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_entry_submission_id'))
    op.drop_table('audit_entry')
    with op.batch_alter_table('received_comment', schema=None) as batch_op:
        batch_op.drop_column('replied_at')
        batch_op.drop_column('reply')
        batch_op.alter_column('id', existing_type=sa.String(length=64), type_=sa.String(length=36),
                              existing_nullable=False)
    with op.batch_alter_table('review_comment', schema=None) as batch_op:
        batch_op.drop_column('reopens')
    with op.batch_alter_table('submission', schema=None) as batch_op:
        for col in ('problem_count', 'replies', 'answers_result', 'result_sequence', 'reviewer', 'review_by', 'review_version'):
            batch_op.drop_column(col)
