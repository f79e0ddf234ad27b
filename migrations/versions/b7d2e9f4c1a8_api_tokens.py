"""API tokens (stored hashed) and the answers kept for idempotency keys

Revision ID: b7d2e9f4c1a8
Revises: a4c8e2f6b1d3
Create Date: 2026-12-06 16:00:00
"""
from alembic import op
import sqlalchemy as sa

revision = 'b7d2e9f4c1a8'
down_revision = 'a4c8e2f6b1d3'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'api_token',
        sa.Column('id', sa.Integer, primary_key=True),
        sa.Column('org_id', sa.Integer, sa.ForeignKey('organization.id'), nullable=False),
        sa.Column('name', sa.String(80), nullable=False),
        sa.Column('prefix', sa.String(16), nullable=False),
        sa.Column('secret_hash', sa.String(64), nullable=False),
        sa.Column('user_id', sa.Integer, sa.ForeignKey('app_user.id'), nullable=False),
        sa.Column('role_id', sa.Integer, sa.ForeignKey('role.id')),
        sa.Column('created_by_id', sa.Integer, sa.ForeignKey('app_user.id'), nullable=False),
        sa.Column('created_at', sa.DateTime, nullable=False),
        sa.Column('expires_at', sa.DateTime),
        sa.Column('last_used_at', sa.DateTime),
        sa.Column('revoked_at', sa.DateTime),
        sa.UniqueConstraint('secret_hash', name='uq_api_token_secret_hash'))
    op.create_index('ix_api_token_org_id', 'api_token', ['org_id'])
    op.create_index('ix_api_token_user_id', 'api_token', ['user_id'])
    op.create_table(
        'api_request',
        sa.Column('id', sa.Integer, primary_key=True),
        sa.Column('org_id', sa.Integer, sa.ForeignKey('organization.id'), nullable=False),
        sa.Column('token_id', sa.Integer,
                  sa.ForeignKey('api_token.id', ondelete='CASCADE'), nullable=False),
        sa.Column('key', sa.String(255), nullable=False),
        sa.Column('fingerprint', sa.String(64), nullable=False),
        sa.Column('status_code', sa.Integer),
        sa.Column('body', sa.Text),
        sa.Column('created_at', sa.DateTime, nullable=False),
        sa.UniqueConstraint('token_id', 'key', name='uq_api_request_token_id_key'))
    op.create_index('ix_api_request_org_id', 'api_request', ['org_id'])
    op.create_index('ix_api_request_created_at', 'api_request', ['created_at'])


def downgrade():
    op.drop_table('api_request')
    op.drop_table('api_token')
