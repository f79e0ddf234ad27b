"""order money account: what came in (goods, whether the payment was taken, COD
shipped) and what went back by each way, replacing money_refunded / bank_refunded

Existing books are carried over from the ledger: refunds to the balance and the
cancellation's money from their entries, reverted store credit and points from their
lots, exchange goods from the after-sales orders. An exchange order that was cancelled
before this version gave its goods to the balance as money: verify-ledger reports it.

Revision ID: d5a1f0c3e7b2
Revises: c41a7e2d9b10
Create Date: 2026-11-22 16:00:00

"""
import warnings

from alembic import op
import sqlalchemy as sa


revision = 'd5a1f0c3e7b2'
down_revision = 'c41a7e2d9b10'
branch_labels = None
depends_on = None

BACK = ("back_bank", "back_balance", "back_cancel", "back_credit", "back_points",
        "back_exchange", "back_goods")
SMALLER = "CASE WHEN a.returned_amount < a.exchange_amount THEN a.returned_amount " \
          "ELSE a.exchange_amount END"


def upgrade():
    with warnings.catch_warnings():
        # SQLite's batch mode reflects the table and cannot read expression indexes;
        # they are made again by _restore_sqlite_indexes.
        warnings.filterwarnings("ignore", message="Skipped unsupported reflection")
        _upgrade()


def _upgrade():
    with op.batch_alter_table('sales_order', schema=None) as batch_op:
        batch_op.add_column(sa.Column('goods_received', sa.BigInteger(), nullable=False,
                                      server_default='0'))
        batch_op.add_column(sa.Column('payment_taken', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
        batch_op.add_column(sa.Column('shipped_at', sa.DateTime(), nullable=True))
        for name in BACK:
            batch_op.add_column(sa.Column(name, sa.BigInteger(), nullable=False,
                                          server_default='0'))
        batch_op.add_column(sa.Column('points_reverted', sa.Integer(), nullable=False,
                                      server_default='0'))
    for statement in _backfill():
        op.execute(statement)
    with op.batch_alter_table('sales_order', schema=None) as batch_op:
        batch_op.drop_column('bank_refunded')
        batch_op.drop_column('money_refunded')
        for name in ('goods_received', 'payment_taken', *BACK, 'points_reverted'):
            batch_op.alter_column(name, server_default=None)
    _restore_sqlite_indexes()


def _restore_sqlite_indexes():
    """SQLite's batch mode copies the table; expression and partial indexes cannot be
    reflected, so they are made again as c41a7e2d9b10 made them."""
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute("CREATE INDEX IF NOT EXISTS ix_sales_order_number_prefix "
               "ON sales_order (org_id, lower(number))")
    op.execute("DROP INDEX IF EXISTS ix_sales_order_open_due")
    op.create_index("ix_sales_order_open_due", "sales_order",
                    ["org_id", "credit_due_date", "customer_id", "unsettled"],
                    sqlite_where=sa.text("unsettled > 0"))


def _backfill():
    return [
        f"""UPDATE sales_order SET goods_received = (
              SELECT CASE WHEN {SMALLER} < sales_order.received THEN {SMALLER}
                          ELSE sales_order.received END
              FROM aftersales_order a WHERE a.exchange_order_id = sales_order.id)
            WHERE paid_with = 'exchange' AND EXISTS (
              SELECT 1 FROM aftersales_order a WHERE a.exchange_order_id = sales_order.id)""",
        "UPDATE sales_order SET received = received - goods_received",
        """UPDATE sales_order SET payment_taken = CASE
              WHEN order_type = 'messenger' AND approved_at IS NULL THEN FALSE ELSE TRUE END""",
        """UPDATE sales_order SET shipped_at = COALESCE(approved_at, order_date)
            WHERE status IN ('shipped', 'completed')""",
        "UPDATE sales_order SET back_bank = bank_refunded",
        """UPDATE sales_order SET back_balance = COALESCE((
              SELECT SUM(e.balance_change) FROM ledger_entry e
              WHERE e.order_id = sales_order.id AND e.doc_type = 'aftersales'), 0)""",
        """UPDATE sales_order SET back_cancel = COALESCE((
              SELECT SUM(e.balance_change) FROM ledger_entry e
              WHERE e.order_id = sales_order.id AND e.doc_type = 'cancellation'
                AND e.note IS NULL), 0)""",
        """UPDATE sales_order SET back_credit = COALESCE((
              SELECT SUM(e.balance_change) FROM ledger_entry e
              WHERE e.order_id = sales_order.id AND e.doc_type = 'cancellation'
                AND e.note LIKE 'Store credit reverted%'), 0)""",
        """UPDATE sales_order SET points_reverted = COALESCE((
              SELECT SUM(l.points) FROM point_use u JOIN point_lot l
                ON l.id = u.reverted_lot_id WHERE u.order_id = sales_order.id), 0)""",
        # half-up in whole cents: (2 * value * reverted + used) / (2 * used)
        """UPDATE sales_order SET back_points =
              (2 * points_value * points_reverted + points_used) / (2 * points_used)
            WHERE points_used > 0 AND points_reverted > 0""",
        """UPDATE sales_order SET back_exchange = COALESCE((
              SELECT SUM(x.goods_received) FROM aftersales_order a
              JOIN sales_order x ON x.id = a.exchange_order_id
              WHERE a.order_id = sales_order.id AND x.status <> 'cancelled'), 0)""",
    ]


def downgrade():
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Skipped unsupported reflection")
        _downgrade()


def _downgrade():
    with op.batch_alter_table('sales_order', schema=None) as batch_op:
        batch_op.add_column(sa.Column('money_refunded', sa.BigInteger(), nullable=False,
                                      server_default='0'))
        batch_op.add_column(sa.Column('bank_refunded', sa.BigInteger(), nullable=False,
                                      server_default='0'))
    op.execute("""UPDATE sales_order SET bank_refunded = back_bank,
                  money_refunded = back_bank + back_balance + back_cancel,
                  received = received + goods_received""")
    with op.batch_alter_table('sales_order', schema=None) as batch_op:
        for name in ('points_reverted', *reversed(BACK), 'shipped_at', 'payment_taken',
                     'goods_received'):
            batch_op.drop_column(name)
        batch_op.alter_column('money_refunded', server_default=None)
        batch_op.alter_column('bank_refunded', server_default=None)
    _restore_sqlite_indexes()
