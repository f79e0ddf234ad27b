"""languages: an organization's default, a user's and a customer's own

Revision ID: f3b9d1c7a5e2
Revises: e5a7c3b9d2f1
Create Date: 2026-12-06 12:00:00
"""
from alembic import op
import sqlalchemy as sa

revision = 'f3b9d1c7a5e2'
down_revision = 'e5a7c3b9d2f1'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('organization') as batch:
        batch.add_column(sa.Column('language', sa.String(10), nullable=False,
                                   server_default='en'))
    with op.batch_alter_table('app_user') as batch:
        batch.add_column(sa.Column('language', sa.String(10), nullable=True))
    with op.batch_alter_table('customer') as batch:
        batch.add_column(sa.Column('language', sa.String(10), nullable=True))


def downgrade():
    for table in ('customer', 'app_user', 'organization'):
        with op.batch_alter_table(table) as batch:
            batch.drop_column('language')
