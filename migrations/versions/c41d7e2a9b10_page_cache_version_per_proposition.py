"""Page cache: a version per proposition, bumped whenever it or its discussion changes

Revision ID: c41d7e2a9b10
Revises: bf14b3e5f4ae
Create Date: 2026-11-27 10:05:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c41d7e2a9b10'
down_revision = 'bf14b3e5f4ae'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('propositions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('cache_version', sa.Integer(), server_default='0', nullable=False))


def downgrade():
    with op.batch_alter_table('propositions', schema=None) as batch_op:
        batch_op.drop_column('cache_version')
