"""a distribution order keeps what each of the distributor's SKUs was shipped as (the
supplier's SKUs and how many of each per unit): a push returns what was shipped, however
the mapping or a combo changed since

Revision ID: d9a1e3c5b7f2
Revises: c4d8e2f6a9b3
Create Date: 2026-12-07 21:05:00
"""
import sqlalchemy as sa
from alembic import op

revision = 'd9a1e3c5b7f2'
down_revision = 'c4d8e2f6a9b3'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('distribution_order') as batch_op:
        batch_op.add_column(sa.Column('shipped_as', sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table('distribution_order') as batch_op:
        batch_op.drop_column('shipped_as')
