"""a case's milestones on its row (contract signed, loan paid out), copied from its tasks, with
the indexes the board of one dealership and of a dealer group reads; on PostgreSQL, an index
of the customers' names by their characters for the search box

Revision ID: 0007
Revises: 0005
Create Date: 2026-11-24 02:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0007'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# app.domain.board.MILESTONES, repeated: a migration is frozen in time.
MILESTONES = {"signed_at": "sign_contract", "paid_out_at": "disbursed"}
IN_TRANSIT = "signed_at IS NOT NULL AND paid_out_at IS NULL"
# app.services.listing's name search on PostgreSQL: the names holding every character typed,
# from a GIN index of each name's characters (string_to_array(name, NULL): built in,
# immutable, no extension). Not pg_trgm: a trigram needs three characters (most Chinese
# names have two or three, a search is often shorter) and, in a database whose LC_CTYPE is
# C, pg_trgm sees no word characters in Chinese at all, so it would index nothing.
NAME_CHARACTERS = ("CREATE INDEX ix_cases_name_characters ON cases "
                   "USING gin (string_to_array(customer_name, NULL))")


def upgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    # Plain ADD COLUMN, as in 0004: no batch copy of cases. app.store.audit_chain leaves both
    # out of a case's digest (copies of its tasks), so filling them keeps the trail verifying.
    op.add_column('cases', sa.Column('signed_at', sa.DateTime(timezone=True), nullable=True))
    op.add_column('cases', sa.Column('paid_out_at', sa.DateTime(timezone=True), nullable=True))
    if postgres:
        # One pass over the milestone tasks (ix_tasks_task_done) rather than two subqueries a
        # case. Every filled case row is rewritten with its indexes: a dealer group's million
        # cases took about 3.5 minutes on the 2-core test machine, once.
        op.execute(f"""
            UPDATE cases SET signed_at = m.signed_at, paid_out_at = m.paid_out_at
            FROM (SELECT case_id,
                         max(done_at) FILTER (WHERE task_id = '{MILESTONES["signed_at"]}')
                             AS signed_at,
                         max(done_at) FILTER (WHERE task_id = '{MILESTONES["paid_out_at"]}')
                             AS paid_out_at
                  FROM tasks WHERE task_id IN ('{MILESTONES["signed_at"]}',
                                               '{MILESTONES["paid_out_at"]}')
                  GROUP BY case_id) AS m
            WHERE m.case_id = cases.id""")
    else:
        sets = ", ".join(f"{column} = (SELECT done_at FROM tasks WHERE tasks.case_id = cases.id"
                         f" AND tasks.task_id = '{task_id}')"
                         for column, task_id in MILESTONES.items())
        op.execute(f"UPDATE cases SET {sets} WHERE id IN (SELECT case_id FROM tasks WHERE "
                   f"task_id IN ({', '.join(repr(t) for t in MILESTONES.values())}))")
    where = {"sqlite_where": sa.text(IN_TRANSIT), "postgresql_where": sa.text(IN_TRANSIT)}
    op.create_index('ix_cases_in_transit', 'cases', ['signed_at', 'id', 'status'], **where)
    op.create_index('ix_cases_dealership_in_transit', 'cases',
                    ['dealership_id', 'signed_at', 'id', 'status'], **where)
    op.create_index('ix_cases_paid_out', 'cases', ['paid_out_at', 'signed_at', 'lender_id', 'id'])
    op.create_index('ix_cases_dealership_paid_out', 'cases',
                    ['dealership_id', 'paid_out_at', 'signed_at', 'lender_id', 'id'])
    if postgres:
        op.execute(NAME_CHARACTERS)
        # Every case row was just rewritten: fresh statistics, or the planner guesses at the
        # new columns and the board's first reads wander (VACUUM cannot run in the
        # migration's transaction; autovacuum follows).
        op.execute("ANALYZE cases")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_cases_name_characters")
    op.drop_index('ix_cases_dealership_paid_out', table_name='cases')
    op.drop_index('ix_cases_paid_out', table_name='cases')
    op.drop_index('ix_cases_dealership_in_transit', table_name='cases')
    op.drop_index('ix_cases_in_transit', table_name='cases')
    # Plain DROP COLUMN (SQLite 3.35+), as in 0004.
    op.execute("ALTER TABLE cases DROP COLUMN paid_out_at")
    op.execute("ALTER TABLE cases DROP COLUMN signed_at")
