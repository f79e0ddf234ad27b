"""email campaigns; the outbox gets a delivery status, attempts and its campaign

Revision ID: c8e4a2f7d1b3
Revises: b2d6f0a4c8e1
Create Date: 2026-11-22 22:10:00
"""
from alembic import op
import sqlalchemy as sa

import admin_app.money

revision = 'c8e4a2f7d1b3'
down_revision = 'b2d6f0a4c8e1'
branch_labels = None
depends_on = None

PENDING = sa.text("status IN ('queued', 'failed')")


def upgrade():
    op.create_table(
        'campaign',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('org_id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=120), nullable=False),
        sa.Column('subject', sa.String(length=200), nullable=False),
        sa.Column('body_text', sa.Text(), nullable=False),
        sa.Column('body_html', sa.Text(), nullable=True),
        sa.Column('level_id', sa.Integer(), nullable=True),
        sa.Column('label_id', sa.Integer(), nullable=True),
        sa.Column('min_spent', admin_app.money.Money(), nullable=True),
        sa.Column('last_order_from', sa.Date(), nullable=True),
        sa.Column('last_order_to', sa.Date(), nullable=True),
        sa.Column('starts_on', sa.Date(), nullable=False),
        sa.Column('ends_on', sa.Date(), nullable=False),
        sa.Column('status', sa.String(length=10), nullable=False),
        sa.Column('recipients', sa.Integer(), nullable=False),
        sa.Column('created_by', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('sent_at', sa.DateTime(), nullable=True),
        sa.Column('finished_at', sa.DateTime(), nullable=True),
        sa.CheckConstraint('ends_on >= starts_on', name=op.f('ck_campaign_campaign_period_order')),
        sa.ForeignKeyConstraint(['created_by'], ['app_user.id'],
                                name=op.f('fk_campaign_created_by_app_user')),
        sa.ForeignKeyConstraint(['label_id'], ['label.id'],
                                name=op.f('fk_campaign_label_id_label')),
        sa.ForeignKeyConstraint(['level_id'], ['customer_level.id'],
                                name=op.f('fk_campaign_level_id_customer_level')),
        sa.ForeignKeyConstraint(['org_id'], ['organization.id'],
                                name=op.f('fk_campaign_org_id_organization')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_campaign')),
    )
    op.create_index('ix_campaign_org_id', 'campaign', ['org_id'])
    with op.batch_alter_table('outbox') as batch:
        batch.add_column(sa.Column('campaign_id', sa.Integer(), nullable=True))
        batch.add_column(sa.Column('body_html', sa.Text(), nullable=True))
        batch.add_column(sa.Column('status', sa.String(length=10), nullable=False,
                                   server_default='queued'))
        batch.add_column(sa.Column('attempts', sa.Integer(), nullable=False,
                                   server_default='0'))
        batch.add_column(sa.Column('error', sa.String(length=500), nullable=True))
        batch.add_column(sa.Column('claimed_at', sa.DateTime(), nullable=True))
        batch.add_column(sa.Column('claimed_by', sa.String(length=32), nullable=True))
        batch.create_foreign_key('fk_outbox_campaign_id_campaign', 'campaign',
                                 ['campaign_id'], ['id'])
        batch.create_unique_constraint('uq_outbox_campaign_id_customer_id', ['campaign_id',
                                                                 'customer_id'])
    op.execute("UPDATE outbox SET status = 'sent' WHERE sent_at IS NOT NULL")
    op.create_index('ix_outbox_pending', 'outbox', ['status', 'id'],
                    postgresql_where=PENDING, sqlite_where=PENDING)
    op.create_index('ix_outbox_campaign_status', 'outbox', ['campaign_id', 'status', 'id'])


def downgrade():
    op.drop_index('ix_outbox_campaign_status', table_name='outbox')
    op.drop_index('ix_outbox_pending', table_name='outbox')
    with op.batch_alter_table('outbox') as batch:
        batch.drop_constraint('uq_outbox_campaign_id_customer_id', type_='unique')
        batch.drop_constraint('fk_outbox_campaign_id_campaign', type_='foreignkey')
        for column in ('claimed_by', 'claimed_at', 'error', 'attempts', 'status', 'body_html',
                       'campaign_id'):
            batch.drop_column(column)
    op.drop_index('ix_campaign_org_id', table_name='campaign')
    op.drop_table('campaign')
