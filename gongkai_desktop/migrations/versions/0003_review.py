"""review office: submissions, items, verdicts, comments, decisions; received comments

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 19:11:44.046607
"""

from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table('submission',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('package_id', sa.String(length=64), nullable=False),
    sa.Column('unit_code', sa.String(length=32), nullable=False),
    sa.Column('unit_name', sa.String(length=128), nullable=False),
    sa.Column('area_code', sa.String(length=8), nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('catalog_version', sa.Integer(), nullable=False),
    sa.Column('template_version', sa.String(length=32), nullable=False),
    sa.Column('content_sha256', sa.String(length=64), nullable=False),
    sa.Column('signer_fingerprint', sa.String(length=128), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('superseded_by', sa.Integer(), nullable=True),
    sa.Column('previous_id', sa.Integer(), nullable=True),
    sa.Column('item_count', sa.Integer(), nullable=False),
    sa.Column('addressed_comments', sa.JSON(), nullable=False),
    sa.Column('received_at', sa.DateTime(), nullable=False),
    sa.Column('general_comment', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_submission')),
    sa.UniqueConstraint('package_id', 'area_code', name=op.f('uq_submission_package_id'))
    )
    with op.batch_alter_table('submission', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_submission_area_code'), ['area_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_submission_content_sha256'), ['content_sha256'], unique=False)
        batch_op.create_index(batch_op.f('ix_submission_package_id'), ['package_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_submission_unit_code'), ['unit_code'], unique=False)

    op.create_table('decision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('submission_id', sa.Integer(), nullable=False),
    sa.Column('decision', sa.String(length=16), nullable=False),
    sa.Column('round', sa.String(length=16), nullable=False),
    sa.Column('reviewer', sa.String(length=64), nullable=False),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['submission_id'], ['submission.id'], name=op.f('fk_decision_submission_id_submission'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_decision'))
    )
    with op.batch_alter_table('decision', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_decision_submission_id'), ['submission_id'], unique=False)

    op.create_table('item_verdict',
    sa.Column('submission_id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.String(length=36), nullable=False),
    sa.Column('verdict', sa.String(length=16), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['submission_id'], ['submission.id'], name=op.f('fk_item_verdict_submission_id_submission'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('submission_id', 'item_id', name=op.f('pk_item_verdict'))
    )
    op.create_table('review_comment',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('submission_id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.String(length=36), nullable=True),
    sa.Column('field', sa.String(length=32), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('author', sa.String(length=64), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['submission_id'], ['submission.id'], name=op.f('fk_review_comment_submission_id_submission'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review_comment'))
    )
    with op.batch_alter_table('review_comment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_review_comment_submission_id'), ['submission_id'], unique=False)

    op.create_table('submission_item',
    sa.Column('submission_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('template_code', sa.String(length=16), nullable=True),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.Column('level1', sa.Text(), nullable=False),
    sa.Column('level2', sa.Text(), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('basis', sa.Text(), nullable=False),
    sa.Column('time_limit', sa.Text(), nullable=False),
    sa.Column('publisher', sa.Text(), nullable=False),
    sa.Column('channels', sa.JSON(), nullable=False),
    sa.Column('channel_other', sa.Text(), nullable=False),
    sa.Column('audience', sa.JSON(), nullable=False),
    sa.Column('mode', sa.String(length=16), nullable=False),
    sa.Column('levels', sa.JSON(), nullable=False),
    sa.Column('attribute', sa.String(length=16), nullable=False),
    sa.Column('legal_ground', sa.Text(), nullable=False),
    sa.Column('applicability', sa.String(length=16), nullable=False),
    sa.Column('applicability_reason', sa.Text(), nullable=False),
    sa.Column('remarks', sa.Text(), nullable=False),
    sa.Column('five_disclosures', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['submission_id'], ['submission.id'], name=op.f('fk_submission_item_submission_id_submission'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('submission_id', 'id', name=op.f('pk_submission_item'))
    )
    with op.batch_alter_table('submission_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_submission_item_template_code'), ['template_code'], unique=False)

    op.create_table('received_comment',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('catalog_id', sa.Integer(), nullable=False),
    sa.Column('package_id', sa.String(length=64), nullable=False),
    sa.Column('item_id', sa.String(length=36), nullable=True),
    sa.Column('field', sa.String(length=32), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('decision', sa.String(length=16), nullable=False),
    sa.Column('round', sa.String(length=16), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('addressed', sa.Boolean(), nullable=False),
    sa.Column('addressed_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['catalog_id'], ['catalog.id'], name=op.f('fk_received_comment_catalog_id_catalog'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_received_comment'))
    )
    with op.batch_alter_table('received_comment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_received_comment_catalog_id'), ['catalog_id'], unique=False)




def downgrade() -> None:

    with op.batch_alter_table('received_comment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_received_comment_catalog_id'))

    op.drop_table('received_comment')
    with op.batch_alter_table('submission_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_submission_item_template_code'))

    op.drop_table('submission_item')
    with op.batch_alter_table('review_comment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_review_comment_submission_id'))

    op.drop_table('review_comment')
    op.drop_table('item_verdict')
    with op.batch_alter_table('decision', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_decision_submission_id'))

    op.drop_table('decision')
    with op.batch_alter_table('submission', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_submission_unit_code'))
        batch_op.drop_index(batch_op.f('ix_submission_package_id'))
        batch_op.drop_index(batch_op.f('ix_submission_content_sha256'))
        batch_op.drop_index(batch_op.f('ix_submission_area_code'))

    op.drop_table('submission')

