"""stock documents: purchase receipts, inventory counts, returns to supplier

Revision ID: a7c3e1f5b9d2
Revises: 8d4e2f6a9c13
Create Date: 2026-11-22 20:30:00
"""
from alembic import op
import sqlalchemy as sa

revision = 'a7c3e1f5b9d2'
down_revision = '8d4e2f6a9c13'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'stock_document',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('number', sa.String(length=40), nullable=False),
        sa.Column('warehouse_id', sa.Integer(), nullable=False),
        sa.Column('supplier', sa.String(length=120), nullable=True),
        sa.Column('note', sa.String(length=500), nullable=True),
        sa.Column('created_by', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('org_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['created_by'], ['app_user.id'],
                                name=op.f('fk_stock_document_created_by_app_user')),
        sa.ForeignKeyConstraint(['org_id'], ['organization.id'],
                                name=op.f('fk_stock_document_org_id_organization')),
        sa.ForeignKeyConstraint(['warehouse_id'], ['warehouse.id'],
                                name=op.f('fk_stock_document_warehouse_id_warehouse')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_stock_document')),
        sa.UniqueConstraint('org_id', 'number', name=op.f('uq_stock_document_org_id_number')),
    )
    op.create_index('ix_stock_document_org_kind', 'stock_document', ['org_id', 'kind', 'id'])
    op.create_index(op.f('ix_stock_document_org_id'), 'stock_document', ['org_id'])
    op.create_table(
        'stock_document_line',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('document_id', sa.Integer(), nullable=False),
        sa.Column('sku_id', sa.Integer(), nullable=False),
        sa.Column('qualified', sa.Integer(), nullable=False),
        sa.Column('unqualified', sa.Integer(), nullable=False),
        sa.Column('qualified_change', sa.Integer(), nullable=False),
        sa.Column('unqualified_change', sa.Integer(), nullable=False),
        sa.Column('unqualified_note', sa.Text(), nullable=True),
        sa.Column('org_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['document_id'], ['stock_document.id'],
                                name=op.f('fk_stock_document_line_document_id_stock_document')),
        sa.ForeignKeyConstraint(['org_id'], ['organization.id'],
                                name=op.f('fk_stock_document_line_org_id_organization')),
        sa.ForeignKeyConstraint(['sku_id'], ['sku.id'],
                                name=op.f('fk_stock_document_line_sku_id_sku')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_stock_document_line')),
    )
    op.create_index(op.f('ix_stock_document_line_document_id'), 'stock_document_line',
                    ['document_id'])
    op.create_index(op.f('ix_stock_document_line_org_id'), 'stock_document_line', ['org_id'])


def downgrade():
    op.drop_index(op.f('ix_stock_document_line_org_id'), table_name='stock_document_line')
    op.drop_index(op.f('ix_stock_document_line_document_id'),
                  table_name='stock_document_line')
    op.drop_table('stock_document_line')
    op.drop_index(op.f('ix_stock_document_org_id'), table_name='stock_document')
    op.drop_index('ix_stock_document_org_kind', table_name='stock_document')
    op.drop_table('stock_document')
