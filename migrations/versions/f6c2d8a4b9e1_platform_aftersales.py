"""platform after-sales (SPEC S12): status mappings, deadlines, holidays, evidence,
claims, deadline marks; the platform's columns on after-sales orders and orders

Revision ID: f6c2d8a4b9e1
Revises: e2a9c4f7b1d5
Create Date: 2026-12-06 18:25:00.222630

"""
from alembic import op
import sqlalchemy as sa

import admin_app.money

revision = 'f6c2d8a4b9e1'
down_revision = 'e2a9c4f7b1d5'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('holiday',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['org_id'], ['organization.id'], name=op.f('fk_holiday_org_id_organization')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_holiday')),
    sa.UniqueConstraint('org_id', 'day', name=op.f('uq_holiday_org_id_day'))
    )
    with op.batch_alter_table('holiday', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_holiday_org_id'), ['org_id'], unique=False)

    op.create_table('platform_deadline',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('channel', sa.String(length=20), nullable=False),
    sa.Column('country', sa.String(length=2), nullable=False),
    sa.Column('step', sa.String(length=20), nullable=False),
    sa.Column('amount', sa.Integer(), nullable=False),
    sa.Column('unit', sa.String(length=20), nullable=False),
    sa.Column('missed', sa.String(length=300), nullable=False),
    sa.Column('source', sa.String(length=300), nullable=False),
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['org_id'], ['organization.id'], name=op.f('fk_platform_deadline_org_id_organization')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_platform_deadline')),
    sa.UniqueConstraint('org_id', 'channel', 'country', 'step', name=op.f('uq_platform_deadline_org_id_channel_country_step'))
    )
    with op.batch_alter_table('platform_deadline', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_platform_deadline_org_id'), ['org_id'], unique=False)

    op.create_table('platform_status',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('channel', sa.String(length=20), nullable=False),
    sa.Column('platform_status', sa.String(length=60), nullable=False),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('clock', sa.String(length=20), nullable=True),
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['org_id'], ['organization.id'], name=op.f('fk_platform_status_org_id_organization')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_platform_status')),
    sa.UniqueConstraint('org_id', 'channel', 'platform_status', name=op.f('uq_platform_status_org_id_channel_platform_status'))
    )
    with op.batch_alter_table('platform_status', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_platform_status_org_id'), ['org_id'], unique=False)

    op.create_table('deadline_mark',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('aftersales_id', sa.Integer(), nullable=False),
    sa.Column('what', sa.String(length=10), nullable=False),
    sa.Column('step', sa.String(length=20), nullable=False),
    sa.Column('due_at', sa.DateTime(), nullable=False),
    sa.Column('amount', admin_app.money.Money(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['aftersales_id'], ['aftersales_order.id'], name=op.f('fk_deadline_mark_aftersales_id_aftersales_order')),
    sa.ForeignKeyConstraint(['org_id'], ['organization.id'], name=op.f('fk_deadline_mark_org_id_organization')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_deadline_mark')),
    sa.UniqueConstraint('aftersales_id', 'what', 'step', 'due_at', name=op.f('uq_deadline_mark_aftersales_id_what_step_due_at'))
    )
    with op.batch_alter_table('deadline_mark', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_deadline_mark_org_id'), ['org_id'], unique=False)
        batch_op.create_index('ix_deadline_mark_org_what_due', ['org_id', 'what', 'due_at'], unique=False)

    op.create_table('platform_claim',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=40), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('aftersales_id', sa.Integer(), nullable=False),
    sa.Column('order_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('claimed', admin_app.money.Money(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('deadline_at', sa.DateTime(), nullable=True),
    sa.Column('compensation', admin_app.money.Money(), nullable=False),
    sa.Column('opened_by', sa.Integer(), nullable=True),
    sa.Column('opened_at', sa.DateTime(), nullable=False),
    sa.Column('decided_by', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['aftersales_id'], ['aftersales_order.id'], name=op.f('fk_platform_claim_aftersales_id_aftersales_order')),
    sa.ForeignKeyConstraint(['decided_by'], ['app_user.id'], name=op.f('fk_platform_claim_decided_by_app_user')),
    sa.ForeignKeyConstraint(['opened_by'], ['app_user.id'], name=op.f('fk_platform_claim_opened_by_app_user')),
    sa.ForeignKeyConstraint(['order_id'], ['sales_order.id'], name=op.f('fk_platform_claim_order_id_sales_order')),
    sa.ForeignKeyConstraint(['org_id'], ['organization.id'], name=op.f('fk_platform_claim_org_id_organization')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_platform_claim')),
    sa.UniqueConstraint('org_id', 'number', name=op.f('uq_platform_claim_org_id_number'))
    )
    with op.batch_alter_table('platform_claim', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_platform_claim_aftersales_id'), ['aftersales_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_platform_claim_order_id'), ['order_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_platform_claim_org_id'), ['org_id'], unique=False)
        batch_op.create_index('ix_platform_claim_org_status', ['org_id', 'status', 'id'], unique=False)

    op.create_table('evidence',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('aftersales_id', sa.Integer(), nullable=False),
    sa.Column('claim_id', sa.Integer(), nullable=True),
    sa.Column('stage', sa.String(length=20), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('url', sa.String(length=500), nullable=True),
    sa.Column('stored', sa.String(length=120), nullable=True),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('content_type', sa.String(length=60), nullable=True),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['aftersales_id'], ['aftersales_order.id'], name=op.f('fk_evidence_aftersales_id_aftersales_order')),
    sa.ForeignKeyConstraint(['claim_id'], ['platform_claim.id'], name=op.f('fk_evidence_claim_id_platform_claim')),
    sa.ForeignKeyConstraint(['created_by'], ['app_user.id'], name=op.f('fk_evidence_created_by_app_user')),
    sa.ForeignKeyConstraint(['org_id'], ['organization.id'], name=op.f('fk_evidence_org_id_organization')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evidence'))
    )
    with op.batch_alter_table('evidence', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_evidence_aftersales_id'), ['aftersales_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_evidence_org_id'), ['org_id'], unique=False)

    with op.batch_alter_table('aftersales_order', schema=None) as batch_op:
        batch_op.add_column(sa.Column('distribution_fee', admin_app.money.Money(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('store_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('platform_request_id', sa.String(length=80), nullable=True))
        batch_op.add_column(sa.Column('platform_status', sa.String(length=60), nullable=True))
        batch_op.add_column(sa.Column('platform_reason', sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column('platform_refund', admin_app.money.Money(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('platform_refunded', admin_app.money.Money(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('requested_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('deadline_step', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('deadline_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('responded_at', sa.DateTime(), nullable=True))
        batch_op.create_index('ix_aftersales_org_deadline', ['org_id', 'deadline_at', 'id'], unique=False)
        batch_op.create_unique_constraint(batch_op.f('uq_aftersales_order_store_id_platform_request_id'), ['store_id', 'platform_request_id'])
        batch_op.create_foreign_key(batch_op.f('fk_aftersales_order_store_id_store'), 'store', ['store_id'], ['id'])

    with op.batch_alter_table('sales_order', schema=None) as batch_op:
        batch_op.add_column(sa.Column('back_platform', admin_app.money.Money(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('compensation', admin_app.money.Money(), nullable=False, server_default='0'))
    _restore_sqlite_indexes()


def downgrade():
    with op.batch_alter_table('sales_order', schema=None) as batch_op:
        batch_op.drop_column('compensation')
        batch_op.drop_column('back_platform')

    with op.batch_alter_table('aftersales_order', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_aftersales_order_store_id_store'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('uq_aftersales_order_store_id_platform_request_id'), type_='unique')
        batch_op.drop_index('ix_aftersales_org_deadline')
        batch_op.drop_column('responded_at')
        batch_op.drop_column('deadline_at')
        batch_op.drop_column('deadline_step')
        batch_op.drop_column('requested_at')
        batch_op.drop_column('platform_refunded')
        batch_op.drop_column('platform_refund')
        batch_op.drop_column('platform_reason')
        batch_op.drop_column('platform_status')
        batch_op.drop_column('platform_request_id')
        batch_op.drop_column('store_id')
        batch_op.drop_column('distribution_fee')

    with op.batch_alter_table('evidence', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_evidence_org_id'))
        batch_op.drop_index(batch_op.f('ix_evidence_aftersales_id'))

    op.drop_table('evidence')
    with op.batch_alter_table('platform_claim', schema=None) as batch_op:
        batch_op.drop_index('ix_platform_claim_org_status')
        batch_op.drop_index(batch_op.f('ix_platform_claim_org_id'))
        batch_op.drop_index(batch_op.f('ix_platform_claim_order_id'))
        batch_op.drop_index(batch_op.f('ix_platform_claim_aftersales_id'))

    op.drop_table('platform_claim')
    with op.batch_alter_table('deadline_mark', schema=None) as batch_op:
        batch_op.drop_index('ix_deadline_mark_org_what_due')
        batch_op.drop_index(batch_op.f('ix_deadline_mark_org_id'))

    op.drop_table('deadline_mark')
    with op.batch_alter_table('platform_status', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_platform_status_org_id'))

    op.drop_table('platform_status')
    with op.batch_alter_table('platform_deadline', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_platform_deadline_org_id'))

    op.drop_table('platform_deadline')
    with op.batch_alter_table('holiday', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_holiday_org_id'))

    op.drop_table('holiday')
    _restore_sqlite_indexes()


def _restore_sqlite_indexes():
    """SQLite's batch mode copies a table and loses its expression and partial indexes:
    made again as the migrations before made them."""
    if op.get_bind().dialect.name != "sqlite":
        return
    for table, column in (("sales_order", "number"), ("aftersales_order", "number"),
                          ("aftersales_order", "return_tracking_no")):
        op.execute(f"CREATE INDEX IF NOT EXISTS ix_{table}_{column}_prefix "
                   f"ON {table} (org_id, lower({column}))")
    op.execute("DROP INDEX IF EXISTS ix_sales_order_open_due")
    op.create_index("ix_sales_order_open_due", "sales_order",
                    ["org_id", "credit_due_date", "customer_id", "unsettled"],
                    sqlite_where=sa.text("unsettled > 0"))
