"""indexes for big lists and dashboards: search (trigram / prefix), open credit by
due date, credit customers, after-sales and refunds by date

Revision ID: c41a7e2d9b10
Revises: b6222ca2f67e
Create Date: 2026-11-22 00:20:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'c41a7e2d9b10'
down_revision = 'b6222ca2f67e'
branch_labels = None
depends_on = None

SEARCHED = {
    "sales_order": ("number",),
    "customer": ("code", "name", "phone"),
    "aftersales_order": ("number", "return_tracking_no"),
}


def upgrade():
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for table, columns in SEARCHED.items():
        for col in columns:
            if dialect == "postgresql":
                op.create_index(f"ix_{table}_{col}_search", table, [col],
                                postgresql_using="gin", postgresql_ops={col: "gin_trgm_ops"})
            elif dialect == "sqlite":
                op.create_index(f"ix_{table}_{col}_prefix", table,
                                ["org_id", sa.text(f"lower({col})")])
    op.create_index("ix_sales_order_open_due", "sales_order",
                    ["org_id", "credit_due_date", "customer_id", "unsettled"],
                    postgresql_where=sa.text("unsettled > 0"),
                    sqlite_where=sa.text("unsettled > 0"))
    op.create_index("ix_customer_org_credit_allowed", "customer",
                    ["org_id", "credit_allowed", "total_credit"])
    op.create_index("ix_aftersales_org_id", "aftersales_order", ["org_id", "id"])
    # Covered by composite indexes that start with the same column.
    op.drop_index("ix_sales_order_org_id", table_name="sales_order")
    op.drop_index("ix_sales_order_customer_id", table_name="sales_order")
    op.create_index("ix_aftersales_org_created", "aftersales_order", ["org_id", "created_at"])
    op.create_index("ix_refund_order_org_decided", "refund_order", ["org_id", "decided_at"])


def downgrade():
    dialect = op.get_bind().dialect.name
    op.drop_index("ix_refund_order_org_decided", table_name="refund_order")
    op.drop_index("ix_aftersales_org_created", table_name="aftersales_order")
    op.create_index("ix_sales_order_customer_id", "sales_order", ["customer_id"])
    op.create_index("ix_sales_order_org_id", "sales_order", ["org_id"])
    op.drop_index("ix_aftersales_org_id", table_name="aftersales_order")
    op.drop_index("ix_customer_org_credit_allowed", table_name="customer")
    op.drop_index("ix_sales_order_open_due", table_name="sales_order")
    for table, columns in SEARCHED.items():
        for col in columns:
            if dialect == "postgresql":
                op.drop_index(f"ix_{table}_{col}_search", table_name=table)
            elif dialect == "sqlite":
                op.drop_index(f"ix_{table}_{col}_prefix", table_name=table)
