"""import batches: a file of returns imported once

Revision ID: 8d4e2f6a9c13
Revises: 5c1e9a7d3b40
Create Date: 2026-11-22 20:00:00
"""
from alembic import op
import sqlalchemy as sa

revision = '8d4e2f6a9c13'
down_revision = '5c1e9a7d3b40'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'import_batch',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('digest', sa.String(length=64), nullable=False),
        sa.Column('filename', sa.String(length=200), nullable=False),
        sa.Column('rows', sa.Integer(), nullable=False),
        sa.Column('created', sa.Integer(), nullable=False),
        sa.Column('created_by', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('org_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['created_by'], ['app_user.id'],
                                name=op.f('fk_import_batch_created_by_app_user')),
        sa.ForeignKeyConstraint(['org_id'], ['organization.id'],
                                name=op.f('fk_import_batch_org_id_organization')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_import_batch')),
        sa.UniqueConstraint('org_id', 'kind', 'digest',
                            name=op.f('uq_import_batch_org_id_kind_digest')),
    )
    op.create_index(op.f('ix_import_batch_org_id'), 'import_batch', ['org_id'])


def downgrade():
    op.drop_index(op.f('ix_import_batch_org_id'), table_name='import_batch')
    op.drop_table('import_batch')
