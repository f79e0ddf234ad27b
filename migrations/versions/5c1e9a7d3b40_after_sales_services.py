"""after-sales services (SPEC S7): a replacement's order, a repair's return shipment,
an order marked uncollected

Revision ID: 5c1e9a7d3b40
Revises: 3f8b2c6d1a57
Create Date: 2026-11-22 19:40:00
"""
import warnings

from alembic import op
import sqlalchemy as sa

revision = '5c1e9a7d3b40'
down_revision = '3f8b2c6d1a57'
branch_labels = None
depends_on = None


def _search_indexes_again():
    """SQLite's batch mode copies a table without its expression (search) indexes."""
    if op.get_bind().dialect.name == "sqlite":
        for table, column in (("sales_order", "number"), ("aftersales_order", "number"),
                              ("aftersales_order", "return_tracking_no")):
            op.execute(f"CREATE INDEX IF NOT EXISTS ix_{table}_{column}_prefix "
                       f"ON {table} (org_id, lower({column}))")


def upgrade():
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Skipped unsupported reflection")
        _upgrade()
    _search_indexes_again()


def downgrade():
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Skipped unsupported reflection")
        _downgrade()
    _search_indexes_again()


def _upgrade():
    with op.batch_alter_table('aftersales_order') as batch:
        batch.add_column(sa.Column('replacement_order_id', sa.Integer(), nullable=True))
        batch.add_column(sa.Column('repair_shipped_on', sa.Date(), nullable=True))
        batch.add_column(sa.Column('repair_waybill', sa.String(length=80), nullable=True))
        batch.create_foreign_key('fk_aftersales_order_replacement_order_id_sales_order',
                                 'sales_order', ['replacement_order_id'], ['id'])
    with op.batch_alter_table('sales_order') as batch:
        batch.add_column(sa.Column('uncollected', sa.Boolean(), nullable=False,
                                   server_default=sa.false()))


def _downgrade():
    with op.batch_alter_table('sales_order') as batch:
        batch.drop_column('uncollected')
    with op.batch_alter_table('aftersales_order') as batch:
        batch.drop_constraint('fk_aftersales_order_replacement_order_id_sales_order',
                              type_='foreignkey')
        batch.drop_column('repair_waybill')
        batch.drop_column('repair_shipped_on')
        batch.drop_column('replacement_order_id')
