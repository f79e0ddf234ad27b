"""orders and units sold per day, store and SKU: the dashboard reads days, not orders

Revision ID: a4c8e2f6b1d3
Revises: f3b9d1c7a5e2
Create Date: 2026-12-06 12:30:00
"""
from alembic import op
import sqlalchemy as sa

revision = 'a4c8e2f6b1d3'
down_revision = 'f3b9d1c7a5e2'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'sku_units_day',
        sa.Column('org_id', sa.Integer, sa.ForeignKey('organization.id'), primary_key=True),
        sa.Column('day', sa.Date, primary_key=True),
        sa.Column('store_id', sa.Integer, sa.ForeignKey('store.id'), primary_key=True),
        sa.Column('sku_id', sa.Integer, sa.ForeignKey('sku.id'), primary_key=True),
        sa.Column('units', sa.BigInteger, nullable=False))
    op.create_index('ix_sku_units_day_org_day', 'sku_units_day', ['org_id', 'day'],
                    postgresql_include=['sku_id', 'store_id', 'units'])
    op.create_table(
        'store_orders_day',
        sa.Column('org_id', sa.Integer, sa.ForeignKey('organization.id'), primary_key=True),
        sa.Column('day', sa.Date, primary_key=True),
        sa.Column('store_id', sa.Integer, sa.ForeignKey('store.id'), primary_key=True),
        sa.Column('orders', sa.Integer, nullable=False))
    # what the orders already hold
    op.execute("INSERT INTO sku_units_day (org_id, day, store_id, sku_id, units) "
               "SELECT o.org_id, date(o.order_date), o.store_id, l.sku_id, sum(l.quantity) "
               "FROM sales_order o JOIN order_line l ON l.order_id = o.id "
               "GROUP BY o.org_id, date(o.order_date), o.store_id, l.sku_id")
    op.execute("INSERT INTO store_orders_day (org_id, day, store_id, orders) "
               "SELECT org_id, date(order_date), store_id, count(*) FROM sales_order "
               "GROUP BY org_id, date(order_date), store_id")


def downgrade():
    op.drop_table('store_orders_day')
    op.drop_table('sku_units_day')
