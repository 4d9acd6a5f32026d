"""a dealer group: dealerships, each case in one (the default one for a single store), and
indexes for one dealership's board and case list

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 23:55:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# app.store.models.DEFAULT_DEALERSHIP_ID / _CODE, repeated: a migration is frozen in time.
DEFAULT_ID = 1
DEFAULT_CODE = "main"


def upgrade() -> None:
    op.create_table('dealerships',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('code')
    )
    # The default dealership; its name stays empty: its profile is the settings' dealership.*.
    op.execute(f"INSERT INTO dealerships (id, code, name) VALUES ({DEFAULT_ID}, "
               f"'{DEFAULT_CODE}', '')")
    if op.get_bind().dialect.name == "postgresql":
        # Later dealerships are numbered after the one inserted by hand.
        op.execute("SELECT setval(pg_get_serial_sequence('dealerships', 'id'), "
                   "(SELECT max(id) FROM dealerships))")
    # A plain ADD COLUMN (not a batch copy of cases, which would trip over the foreign keys
    # pointing at it); existing cases take the default at once. No REFERENCES: SQLite adds
    # none with a non-NULL default to a table with rows; the services are the only writers.
    # Existing digests are unchanged: app.store.audit_chain leaves this column out of a
    # row's digest at its default value, so the audit trail keeps verifying (and the 0003
    # triggers never see an audit row touched).
    op.add_column('cases', sa.Column('dealership_id', sa.Integer(),
                                     server_default=str(DEFAULT_ID), nullable=False))
    op.create_index('ix_cases_dealership_board', 'cases',
                    ['dealership_id', 'current_step', 'status', 'step_since'], unique=False)
    op.create_index('ix_cases_dealership_id', 'cases', ['dealership_id', 'id'], unique=False)
    op.create_index('ix_cases_lender_dealership', 'cases',
                    ['id', 'lender_id', 'dealership_id'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_cases_lender_dealership', table_name='cases')
    op.drop_index('ix_cases_dealership_id', table_name='cases')
    op.drop_index('ix_cases_dealership_board', table_name='cases')
    # Plain DROP COLUMN (SQLite 3.35+), as in 0003: no batch copy of cases.
    op.execute("ALTER TABLE cases DROP COLUMN dealership_id")
    op.drop_table('dealerships')
