"""a case's milestones on its row (contract signed, loan paid out), copied from its tasks, with
the indexes the board of one dealership and of a dealer group reads; on PostgreSQL, an index
of the customers' names by their characters and character pairs for the search box

Revision ID: 0007
Revises: 0005
Create Date: 2026-11-24 02:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0007'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# app.domain.board.MILESTONES, repeated: a migration is frozen in time.
MILESTONES = {"signed_at": "sign_contract", "paid_out_at": "disbursed"}
IN_TRANSIT = "signed_at IS NOT NULL AND paid_out_at IS NULL"
# app.services.listing's name search on PostgreSQL: the characters and pairs of characters
# of a name. pg_trgm cannot serve it: a trigram needs three characters (most Chinese names
# have two or three, and a search is shorter still) and, in a database whose LC_CTYPE is C,
# pg_trgm sees no word characters in Chinese at all. Plain SQL, so no extension to install.
GRAMS_FUNCTION = """
CREATE OR REPLACE FUNCTION loandesk_grams(t text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT coalesce(array_agg(DISTINCT g), '{}') FROM (
    SELECT substr(t, i, 1) FROM generate_series(1, char_length(t)) AS i
    UNION ALL
    SELECT substr(t, i, 2) FROM generate_series(1, char_length(t) - 1) AS i) AS grams(g)
$$"""


def upgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    # Plain ADD COLUMN, as in 0004: no batch copy of cases. app.store.audit_chain leaves both
    # out of a case's digest (copies of its tasks), so filling them keeps the trail verifying.
    op.add_column('cases', sa.Column('signed_at', sa.DateTime(timezone=True), nullable=True))
    op.add_column('cases', sa.Column('paid_out_at', sa.DateTime(timezone=True), nullable=True))
    if postgres:
        # One pass over the milestone tasks (ix_tasks_task_done) rather than two subqueries a
        # case: a dealer group's million cases are filled in seconds.
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
        op.execute(GRAMS_FUNCTION)
        op.execute("CREATE INDEX ix_cases_name_grams ON cases "
                   "USING gin (loandesk_grams(customer_name))")
        # Every case row was just rewritten: fresh statistics, or the planner guesses at the
        # new columns and the board's first reads wander (VACUUM cannot run in the
        # migration's transaction; autovacuum follows).
        op.execute("ANALYZE cases")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_cases_name_grams")
        op.execute("DROP FUNCTION IF EXISTS loandesk_grams(text)")
    op.drop_index('ix_cases_dealership_paid_out', table_name='cases')
    op.drop_index('ix_cases_paid_out', table_name='cases')
    op.drop_index('ix_cases_dealership_in_transit', table_name='cases')
    op.drop_index('ix_cases_in_transit', table_name='cases')
    # Plain DROP COLUMN (SQLite 3.35+), as in 0004.
    op.execute("ALTER TABLE cases DROP COLUMN paid_out_at")
    op.execute("ALTER TABLE cases DROP COLUMN signed_at")
