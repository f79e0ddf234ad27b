"""orders: the channel's own order id, unique per store (the API's connectors)

Revision ID: c5e1a7d3f9b2
Revises: b7d2e9f4c1a8
Create Date: 2026-12-06 16:30:00
"""
from alembic import op
import sqlalchemy as sa

revision = 'c5e1a7d3f9b2'
down_revision = 'b7d2e9f4c1a8'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('sales_order') as batch:
        batch.add_column(sa.Column('external_id', sa.String(80)))
        batch.create_unique_constraint('uq_sales_order_store_id_external_id',
                                       ['store_id', 'external_id'])
    _restore_sqlite_indexes()


def downgrade():
    with op.batch_alter_table('sales_order') as batch:
        batch.drop_constraint('uq_sales_order_store_id_external_id', type_='unique')
        batch.drop_column('external_id')
    _restore_sqlite_indexes()


def _restore_sqlite_indexes():
    """SQLite's batch mode copies the table and loses its expression and partial
    indexes: made again as d5a1f0c3e7b2 made them."""
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute("CREATE INDEX IF NOT EXISTS ix_sales_order_number_prefix "
               "ON sales_order (org_id, lower(number))")
    op.execute("DROP INDEX IF EXISTS ix_sales_order_open_due")
    op.create_index("ix_sales_order_open_due", "sales_order",
                    ["org_id", "credit_due_date", "customer_id", "unsettled"],
                    sqlite_where=sa.text("unsettled > 0"))
