"""background jobs: large exports and imports run off the request

Revision ID: e5a7c3b9d2f1
Revises: d2f6b8a4c1e9
Create Date: 2026-12-06 11:00:00
"""
from alembic import op
import sqlalchemy as sa

revision = 'e5a7c3b9d2f1'
down_revision = 'd2f6b8a4c1e9'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'job',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=30), nullable=False),
        sa.Column('title', sa.String(length=200), nullable=False),
        sa.Column('params', sa.Text(), nullable=False),
        sa.Column('status', sa.String(length=10), nullable=False),
        sa.Column('done', sa.Integer(), nullable=False),
        sa.Column('total', sa.Integer(), nullable=True),
        sa.Column('result_file', sa.String(length=80), nullable=True),
        sa.Column('result_name', sa.String(length=200), nullable=True),
        sa.Column('message', sa.Text(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('started_at', sa.DateTime(), nullable=True),
        sa.Column('finished_at', sa.DateTime(), nullable=True),
        sa.Column('expires_at', sa.DateTime(), nullable=True),
        sa.Column('org_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['org_id'], ['organization.id'],
                                name=op.f('fk_job_org_id_organization')),
        sa.ForeignKeyConstraint(['user_id'], ['app_user.id'],
                                name=op.f('fk_job_user_id_app_user')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_job')),
    )
    with op.batch_alter_table('job') as batch:
        batch.create_index('ix_job_user_created', ['user_id', 'created_at'], unique=False)
        batch.create_index(batch.f('ix_job_org_id'), ['org_id'], unique=False)


def downgrade():
    with op.batch_alter_table('job') as batch:
        batch.drop_index(batch.f('ix_job_org_id'))
        batch.drop_index('ix_job_user_created')
    op.drop_table('job')
