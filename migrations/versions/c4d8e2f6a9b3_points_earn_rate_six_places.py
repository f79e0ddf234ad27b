"""the points earn rate keeps 6 places (millionths instead of cents): a shop in dong
earns a point per 1,000 with 0.001

Revision ID: c4d8e2f6a9b3
Revises: b8e2d4f6a1c9
Create Date: 2026-12-07 08:20:00
"""
from alembic import op

revision = 'c4d8e2f6a9b3'
down_revision = 'b8e2d4f6a1c9'
branch_labels = None
depends_on = None


def upgrade():
    op.execute("UPDATE organization SET points_earn_rate = points_earn_rate * 10000")


def downgrade():
    # cents again: a rate finer than 0.01 is rounded down to what cents hold
    op.execute("UPDATE organization SET points_earn_rate = points_earn_rate / 10000")
