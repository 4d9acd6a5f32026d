"""the stored queue: queue_entries (a read model kept by the services) and cases.queue_as_of,
the day a case's entries were worked out

Rows are not filled here: the rules that make them live in the services, which a migration
does not import. An upgraded database's cases keep queue_as_of NULL, and
app.services.queue_store.refresh_stale_queue works them out (the desktop in the background,
my_queue for the cases it shows; until then the queue says it is incomplete).

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-24 02:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('queue_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('audience', sa.String(length=20), nullable=True),
    sa.Column('consultant_id', sa.Integer(), nullable=True),
    sa.Column('since', sa.DateTime(timezone=True), nullable=False),
    sa.Column('rank', sa.Integer(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('number', sa.String(length=20), nullable=False),
    sa.Column('customer', sa.String(length=100), nullable=False),
    sa.Column('phone', sa.String(length=20), nullable=False),
    sa.Column('step', sa.String(length=20), nullable=False),
    sa.Column('task_id', sa.String(length=40), nullable=False),
    sa.Column('serial', sa.String(length=30), nullable=False),
    sa.Column('copy_id', sa.String(length=20), nullable=False),
    sa.Column('what_en', sa.Text(), nullable=False),
    sa.Column('what_zh', sa.Text(), nullable=False),
    sa.Column('why_en', sa.Text(), nullable=False),
    sa.Column('why_zh', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_queue_entries_case_id', 'queue_entries', ['case_id'], unique=False)
    op.create_index('ix_queue_entries_audience', 'queue_entries',
                    ['audience', 'consultant_id', 'since', 'number', 'rank'], unique=False)
    op.create_index('ix_queue_entries_order', 'queue_entries', ['since', 'number', 'rank'],
                    unique=False)
    # A plain ADD COLUMN, NULL for every existing case (as 0004: no batch copy of cases).
    # The row digests of app.store.audit_chain leave this derived column out.
    op.add_column('cases', sa.Column('queue_as_of', sa.Date(), nullable=True))
    op.create_index('ix_cases_queue_as_of', 'cases', ['queue_as_of', 'consultant_id'],
                    unique=False)
    op.create_index('ix_cases_queue_open', 'cases', ['status', 'queue_as_of', 'consultant_id'],
                    unique=False)


def downgrade() -> None:
    op.drop_index('ix_cases_queue_open', table_name='cases')
    op.drop_index('ix_cases_queue_as_of', table_name='cases')
    op.execute("ALTER TABLE cases DROP COLUMN queue_as_of")
    op.drop_index('ix_queue_entries_order', table_name='queue_entries')
    op.drop_index('ix_queue_entries_audience', table_name='queue_entries')
    op.drop_index('ix_queue_entries_case_id', table_name='queue_entries')
    op.drop_table('queue_entries')
