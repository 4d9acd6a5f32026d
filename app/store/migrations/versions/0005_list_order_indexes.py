"""the case list pages by its sort key: indexes for the orders that had none
(days in step, what is missing) or whose index did not end with the id (the step), each ending with the case id, the tiebreaker

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-24 00:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_cases_since", "cases", ["step_since", "id"])
    op.create_index("ix_cases_missing", "cases", ["missing_count", "id"])
    op.create_index("ix_cases_step_order", "cases", ["current_step", "id"])


def downgrade() -> None:
    op.drop_index("ix_cases_step_order", table_name="cases")
    op.drop_index("ix_cases_missing", table_name="cases")
    op.drop_index("ix_cases_since", table_name="cases")
