"""records in use are deactivated instead of deleted: an active flag on customers,
SKUs, stores, warehouses, customer levels, labels and return reasons; ledger entries
indexed by document number

Revision ID: e7c3a9d4b216
Revises: d5a1f0c3e7b2
Create Date: 2026-11-22 18:00:00

"""
import warnings

from alembic import op
import sqlalchemy as sa


revision = 'e7c3a9d4b216'
down_revision = 'd5a1f0c3e7b2'
branch_labels = None
depends_on = None

TABLES = ("customer", "sku", "store", "warehouse", "customer_level", "label",
          "return_reason")


def upgrade():
    for table in TABLES:
        op.add_column(table, sa.Column("active", sa.Boolean(), nullable=False,
                                       server_default=sa.true()))
    op.create_index("ix_ledger_entry_org_doc", "ledger_entry", ["org_id", "doc_no"])


def downgrade():
    op.drop_index("ix_ledger_entry_org_doc", table_name="ledger_entry")
    with warnings.catch_warnings():
        # SQLite's batch mode copies each table and cannot reflect expression indexes:
        # the customer's search indexes are made again below.
        warnings.filterwarnings("ignore", message="Skipped unsupported reflection")
        for table in TABLES:
            with op.batch_alter_table(table) as batch_op:
                batch_op.drop_column("active")
    if op.get_bind().dialect.name == "sqlite":
        for column in ("code", "name", "phone"):
            op.execute(f"CREATE INDEX IF NOT EXISTS ix_customer_{column}_prefix "
                       f"ON customer (org_id, lower({column}))")
