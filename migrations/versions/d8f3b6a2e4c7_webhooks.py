"""webhooks: subscriptions, events written with each change, deliveries

Revision ID: d8f3b6a2e4c7
Revises: c5e1a7d3f9b2
Create Date: 2026-12-06 17:00:00
"""
from alembic import op
import sqlalchemy as sa

revision = 'd8f3b6a2e4c7'
down_revision = 'c5e1a7d3f9b2'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'webhook_subscription',
        sa.Column('id', sa.Integer, primary_key=True),
        sa.Column('org_id', sa.Integer, sa.ForeignKey('organization.id'), nullable=False),
        sa.Column('url', sa.String(500), nullable=False),
        sa.Column('events', sa.Text, nullable=False),
        sa.Column('secret', sa.String(80), nullable=False),
        sa.Column('active', sa.Boolean, nullable=False),
        sa.Column('description', sa.String(200)),
        sa.Column('created_at', sa.DateTime, nullable=False))
    op.create_index('ix_webhook_subscription_org_id', 'webhook_subscription', ['org_id'])
    op.create_table(
        'webhook_event',
        sa.Column('id', sa.Integer, primary_key=True),
        sa.Column('org_id', sa.Integer, sa.ForeignKey('organization.id'), nullable=False),
        sa.Column('event_type', sa.String(60), nullable=False),
        sa.Column('payload', sa.Text, nullable=False),
        sa.Column('created_at', sa.DateTime, nullable=False))
    op.create_index('ix_webhook_event_org_id', 'webhook_event', ['org_id'])
    op.create_index('ix_webhook_event_org_created', 'webhook_event', ['org_id', 'created_at'])
    op.create_table(
        'webhook_delivery',
        sa.Column('id', sa.Integer, primary_key=True),
        sa.Column('org_id', sa.Integer, sa.ForeignKey('organization.id'), nullable=False),
        sa.Column('subscription_id', sa.Integer,
                  sa.ForeignKey('webhook_subscription.id', ondelete='CASCADE'),
                  nullable=False),
        sa.Column('event_id', sa.Integer, sa.ForeignKey('webhook_event.id'), nullable=False),
        sa.Column('status', sa.String(20), nullable=False),
        sa.Column('attempts', sa.Integer, nullable=False),
        sa.Column('next_attempt_at', sa.DateTime, nullable=False),
        sa.Column('claimed_by', sa.String(40)),
        sa.Column('claimed_at', sa.DateTime),
        sa.Column('response_code', sa.Integer),
        sa.Column('error', sa.String(500)),
        sa.Column('delivered_at', sa.DateTime),
        sa.Column('created_at', sa.DateTime, nullable=False),
        sa.UniqueConstraint('subscription_id', 'event_id',
                            name='uq_webhook_delivery_subscription_id_event_id'))
    op.create_index('ix_webhook_delivery_org_id', 'webhook_delivery', ['org_id'])
    op.create_index('ix_webhook_delivery_subscription_id', 'webhook_delivery',
                    ['subscription_id'])
    op.create_index('ix_webhook_delivery_event_id', 'webhook_delivery', ['event_id'])
    op.create_index('ix_webhook_delivery_due', 'webhook_delivery',
                    ['status', 'next_attempt_at'])


def downgrade():
    op.drop_table('webhook_delivery')
    op.drop_table('webhook_event')
    op.drop_table('webhook_subscription')
