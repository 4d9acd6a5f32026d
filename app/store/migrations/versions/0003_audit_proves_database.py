"""an audit trail that proves the database: gapless seq, HMAC, head record, row digests;
on PostgreSQL the audit tables refuse UPDATE, DELETE and TRUNCATE

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 20:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Rows written before the key existed get their mac once ("sealing", app.store.audit_chain);
# that one change, mac from empty to set with nothing else touched, is all the trigger allows.
APPEND_ONLY = """
CREATE OR REPLACE FUNCTION loandesk_audit_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        IF OLD.mac IS NULL AND NEW.mac IS NOT NULL AND NEW.id = OLD.id AND NEW.seq = OLD.seq
           AND NEW.at = OLD.at AND NEW.user_name = OLD.user_name AND NEW.action = OLD.action
           AND NEW.case_number IS NOT DISTINCT FROM OLD.case_number
           AND NEW.detail::text = OLD.detail::text AND NEW.prev_hash = OLD.prev_hash
           AND NEW.hash = OLD.hash THEN
            RETURN NEW;
        END IF;
    END IF;
    RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP;
END $$;
"""
HEAD_FORWARD = """
CREATE OR REPLACE FUNCTION loandesk_audit_head_forward() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        IF NEW.seq > OLD.seq AND NEW.key_id = OLD.key_id THEN
            RETURN NEW;
        END IF;
    END IF;
    RAISE EXCEPTION 'audit_head only moves forward: % refused', TG_OP;
END $$;
"""
TRIGGERS = [
    "CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log "
    "FOR EACH ROW EXECUTE FUNCTION loandesk_audit_append_only()",
    "CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log "
    "FOR EACH STATEMENT EXECUTE FUNCTION loandesk_audit_append_only()",
    "CREATE TRIGGER audit_head_forward BEFORE UPDATE OR DELETE ON audit_head "
    "FOR EACH ROW EXECUTE FUNCTION loandesk_audit_head_forward()",
    "CREATE TRIGGER audit_head_no_truncate BEFORE TRUNCATE ON audit_head "
    "FOR EACH STATEMENT EXECUTE FUNCTION loandesk_audit_head_forward()",
]


def upgrade() -> None:
    postgresql = op.get_bind().dialect.name == "postgresql"
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.add_column(sa.Column('seq', sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column('mac', sa.String(length=64), nullable=True))
    # Existing rows are numbered in the order they were written.
    if postgresql:
        op.execute("UPDATE audit_log SET seq = t.rn FROM (SELECT id, row_number() OVER "
                   "(ORDER BY id) AS rn FROM audit_log) AS t WHERE t.id = audit_log.id")
    else:
        op.execute("CREATE TEMP TABLE loandesk_seq AS SELECT id, row_number() OVER "
                   "(ORDER BY id) AS rn FROM audit_log")
        op.execute("CREATE UNIQUE INDEX temp.ix_loandesk_seq ON loandesk_seq (id)")
        op.execute("UPDATE audit_log SET seq = (SELECT rn FROM loandesk_seq "
                   "WHERE loandesk_seq.id = audit_log.id)")
        op.execute("DROP TABLE temp.loandesk_seq")
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.alter_column('seq', existing_type=sa.BigInteger(), nullable=False)
        batch_op.create_unique_constraint('uq_audit_log_seq', ['seq'])
    op.create_table('audit_head',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.BigInteger(), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.Column('mac', sa.String(length=64), nullable=False),
    sa.Column('key_id', sa.String(length=32), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('digest', sa.String(length=64), nullable=True))
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('digest', sa.String(length=64), nullable=True))
    if postgresql:
        op.execute(APPEND_ONLY)
        op.execute(HEAD_FORWARD)
        for statement in TRIGGERS:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table, name in (("audit_log", "audit_log_append_only"),
                            ("audit_log", "audit_log_no_truncate"),
                            ("audit_head", "audit_head_forward"),
                            ("audit_head", "audit_head_no_truncate")):
            op.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
        op.execute("DROP FUNCTION IF EXISTS loandesk_audit_append_only()")
        op.execute("DROP FUNCTION IF EXISTS loandesk_audit_head_forward()")
    # Plain DROP COLUMN (SQLite 3.35+): a batch copy of users or cases would trip over the
    # foreign keys that point at them.
    op.execute("ALTER TABLE users DROP COLUMN digest")
    op.execute("ALTER TABLE cases DROP COLUMN digest")
    op.drop_table('audit_head')
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_constraint('uq_audit_log_seq', type_='unique')
        batch_op.drop_column('mac')
        batch_op.drop_column('seq')
