"""The database tables, as typed SQLAlchemy 2 models.

Money is stored as whole fen in an integer column (exact on SQLite and PostgreSQL alike) and
read back as Decimal yuan. Rates are stored as decimal text. Every byte a user gave us lives
in `blobs`, addressed by its sha256, so the database is the whole state.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

FEN_PER_YUAN = 100


# The moment every default and every service stamps (services.common.now reads it too).
# Only the demo sets it, to write months of history through the same code paths (audit
# chain included); everywhere else it is None: the real clock.
CLOCK: ContextVar[Callable[[], datetime] | None] = ContextVar("loandesk_clock", default=None)


def utcnow() -> datetime:
    clock = CLOCK.get()
    return clock() if clock is not None else datetime.now(UTC)


class Money(TypeDecorator[Decimal]):
    """Decimal yuan in Python, integer fen in the database."""

    impl = BigInteger
    cache_ok = True

    def process_bind_param(self, value: Decimal | None, dialect: Dialect) -> int | None:
        return None if value is None else int((value * FEN_PER_YUAN).to_integral_value())

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        return None if value is None else (Decimal(int(value)) / FEN_PER_YUAN).quantize(
            Decimal("0.01"))


class DecimalText(TypeDecorator[Decimal]):
    """A rate or ratio kept exactly, as text (SQLite has no decimal type)."""

    impl = String(32)
    cache_ok = True

    def process_bind_param(self, value: Decimal | None, dialect: Dialect) -> str | None:
        return None if value is None else str(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        return None if value is None else Decimal(value)


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes in and out, whatever the backend keeps (SQLite drops the zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime stored; use app.store.models.utcnow()")
        return value.astimezone(UTC)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        assert isinstance(value, datetime)
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)  # the sign-in name
    display_name: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(20))
    phone: Mapped[str] = mapped_column(String(20), default="")
    password_hash: Mapped[str | None] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # sha256 of the row as stored, also written into the audit trail: `audit verify` finds
    # a user row changed outside LoanDesk (app.store.audit_chain).
    digest: Mapped[str | None] = mapped_column(String(64))


class Lender(Base):
    __tablename__ = "lenders"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    max_ltv_self_use: Mapped[Decimal] = mapped_column(DecimalText)
    max_ltv_self_use_new_energy: Mapped[Decimal] = mapped_column(DecimalText)
    max_ltv_commercial: Mapped[Decimal] = mapped_column(DecimalText)
    max_ltv_commercial_new_energy: Mapped[Decimal] = mapped_column(DecimalText)
    max_ltv_used: Mapped[Decimal] = mapped_column(DecimalText)
    max_term_months: Mapped[int] = mapped_column(Integer)
    max_term_months_used: Mapped[int] = mapped_column(Integer)
    income_multiple: Mapped[Decimal] = mapped_column(DecimalText)
    income_multiple_self_employed: Mapped[Decimal] = mapped_column(DecimalText)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


# The dealership a single-store desk has, and a group's first one: cases made without naming
# one belong to it, its profile is the settings' `dealership.*` (migration 0004 adds it).
DEFAULT_DEALERSHIP_ID = 1
DEFAULT_DEALERSHIP_CODE = "main"


class Dealership(Base):
    """One store of a dealer group; a single-store desk has only the default one."""

    __tablename__ = "dealerships"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)  # what scripts and the CLI name
    name: Mapped[str] = mapped_column(String(100), default="")  # the default's: the settings'


class Case(Base):
    __tablename__ = "cases"
    __table_args__ = (
        # Reversed copies turn "ends with" searches (phone, ID, VIN tails) into index ranges.
        Index("ix_cases_phone_rev", "customer_phone_rev"),
        Index("ix_cases_id_rev", "customer_id_rev"),
        Index("ix_cases_vin_rev", "vin_rev"),
        Index("ix_cases_step", "current_step", "step_since"),
        Index("ix_cases_consultant", "consultant_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(20), unique=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    consultant_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    lender_id: Mapped[int] = mapped_column(ForeignKey("lenders.id"))
    # dealerships.id; no foreign key: migration 0004 could not add one to SQLite's filled
    # table with a default, and only app.services.dealerships names a dealership.
    dealership_id: Mapped[int] = mapped_column(Integer, default=DEFAULT_DEALERSHIP_ID,
                                               server_default=str(DEFAULT_DEALERSHIP_ID))

    customer_name: Mapped[str] = mapped_column(String(100), index=True)
    customer_id_number: Mapped[str] = mapped_column(String(18))
    customer_id_rev: Mapped[str] = mapped_column(String(18))
    customer_phone: Mapped[str] = mapped_column(String(11))
    customer_phone_rev: Mapped[str] = mapped_column(String(11))
    marital_status: Mapped[str] = mapped_column(String(10))
    customer_address: Mapped[str] = mapped_column(String(200), default="")
    customer_employer: Mapped[str] = mapped_column(String(100), default="")
    self_employed: Mapped[bool] = mapped_column(Boolean, default=False)
    spouse_name: Mapped[str] = mapped_column(String(100), default="")
    spouse_id_number: Mapped[str] = mapped_column(String(18), default="")
    spouse_phone: Mapped[str] = mapped_column(String(11), default="")

    vehicle_brand: Mapped[str] = mapped_column(String(60))
    vehicle_model: Mapped[str] = mapped_column(String(100))
    vin: Mapped[str] = mapped_column(String(17))
    vin_rev: Mapped[str] = mapped_column(String(17))
    engine_number: Mapped[str] = mapped_column(String(30), default="")
    color: Mapped[str] = mapped_column(String(30), default="")
    price: Mapped[Decimal] = mapped_column(Money)
    new_energy: Mapped[bool] = mapped_column(Boolean, default=False)
    used: Mapped[bool] = mapped_column(Boolean, default=False)
    commercial: Mapped[bool] = mapped_column(Boolean, default=False)
    plate: Mapped[str] = mapped_column(String(10), default="", index=True)
    warehouse: Mapped[str] = mapped_column(String(60), default="")

    loan_amount: Mapped[Decimal] = mapped_column(Money)
    down_payment: Mapped[Decimal] = mapped_column(Money)
    term_months: Mapped[int] = mapped_column(Integer)
    annual_rate: Mapped[Decimal] = mapped_column(DecimalText)
    method: Mapped[str] = mapped_column(String(20))
    fees: Mapped[Decimal] = mapped_column(Money, default=Decimal(0))
    loan_start: Mapped[date | None] = mapped_column(Date)
    fee_items: Mapped[list[dict[str, str | bool]]] = mapped_column(JSON, default=list)
    accessories: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)

    # Kept up to date by the services from the checklist, so the list of 100,000 cases can
    # show and filter them without evaluating every case.
    current_step: Mapped[str] = mapped_column(String(20), default="contract")
    step_since: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    missing_count: Mapped[int] = mapped_column(Integer, default=0)
    missing_summary: Mapped[str] = mapped_column(String(300), default="")
    missing_summary_zh: Mapped[str] = mapped_column(String(300), default="")
    status: Mapped[str] = mapped_column(String(12), default="open")
    digest: Mapped[str | None] = mapped_column(String(64))  # as users.digest
    # Copies of the done_at of the tasks app.domain.board.MILESTONES names (kept by
    # app.services.milestones from cases.refresh): the board reads them, not the tasks.
    signed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    paid_out_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The day the case's rows of `queue_entries` were worked out (None: not yet, e.g. just
    # upgraded): the checklist reads the date, so an open case's rows go stale overnight
    # (app.services.queue_store). Derived: left out of the row digest and of the trail.
    queue_as_of: Mapped[date | None] = mapped_column(Date)

    consultant: Mapped[User] = relationship(lazy="joined")
    lender: Mapped[Lender] = relationship(lazy="joined")

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 - SQLAlchemy's own API


class TaskRecord(Base):
    __tablename__ = "tasks"
    __table_args__ = (UniqueConstraint("case_id", "task_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    task_id: Mapped[str] = mapped_column(String(40))
    done_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    done_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    note: Mapped[str] = mapped_column(Text, default="")
    values: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)

    done_by: Mapped[User] = relationship(lazy="joined")


class GateOverride(Base):
    __tablename__ = "gate_overrides"
    __table_args__ = (UniqueConstraint("case_id", "gate"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    gate: Mapped[str] = mapped_column(String(40))
    reason: Mapped[str] = mapped_column(Text)
    by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    by: Mapped[User] = relationship(lazy="joined")


class Blob(Base):
    __tablename__ = "blobs"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(BigInteger)
    data: Mapped[bytes] = mapped_column(LargeBinary)


class Document(Base):
    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    party: Mapped[str] = mapped_column(String(10))
    content: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    pages: Mapped[list[DocumentPage]] = relationship(
        order_by="DocumentPage.seq", cascade="all, delete-orphan", lazy="selectin")


class DocumentPage(Base):
    __tablename__ = "document_pages"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"),
                                             index=True)
    seq: Mapped[int] = mapped_column(Integer)
    filename: Mapped[str] = mapped_column(String(255))
    mime: Mapped[str] = mapped_column(String(60))
    original_sha256: Mapped[str] = mapped_column(ForeignKey("blobs.sha256"), index=True)
    rendition_sha256: Mapped[str] = mapped_column(ForeignKey("blobs.sha256"))
    thumbnail_sha256: Mapped[str] = mapped_column(ForeignKey("blobs.sha256"))
    pdf_page: Mapped[int | None] = mapped_column(Integer)
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    warnings: Mapped[list[str]] = mapped_column(JSON, default=list)


class IssuedForm(Base):
    __tablename__ = "issued_forms"

    id: Mapped[int] = mapped_column(primary_key=True)
    serial: Mapped[str] = mapped_column(String(30), unique=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    form_id: Mapped[str] = mapped_column(String(40))
    copies: Mapped[list[str]] = mapped_column(JSON, default=list)
    issued_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    reprints: Mapped[int] = mapped_column(Integer, default=0)

    issued_by: Mapped[User] = relationship(lazy="joined")


class CopyReceipt(Base):
    __tablename__ = "copy_receipts"
    __table_args__ = (UniqueConstraint("issued_form_id", "copy_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    issued_form_id: Mapped[int] = mapped_column(ForeignKey("issued_forms.id",
                                                           ondelete="CASCADE"))
    copy_id: Mapped[str] = mapped_column(String(20))
    received_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Counter(Base):
    """Serial numbers (case numbers per year, form serials) handed out inside a transaction."""

    __tablename__ = "counters"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger, default=0)


class Setting(Base):
    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class AuditEntry(Base):
    """Append-only. Each row's hash covers its content and the previous row's hash, so a row
    changed or removed after the fact breaks the chain (`loandesk audit verify`). `seq` runs
    1, 2, 3… without gaps; `mac` is an HMAC of (seq, hash) under a key kept outside the
    database, so a chain recomputed after an edit, or a forged row, does not verify."""

    __tablename__ = "audit_log"
    __table_args__ = (UniqueConstraint("seq", name="uq_audit_log_seq"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    user_name: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(60))
    case_number: Mapped[str | None] = mapped_column(String(20), index=True)
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    mac: Mapped[str | None] = mapped_column(String(64))


class AuditHead(Base):
    """The chain's last (seq, hash), kept apart from the rows: deleting the last rows, or all
    of them, leaves the head pointing past the end. Its `mac` (same key, other purpose) stops
    it being moved back; `key_id` names the key that signs this database's trail."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger)
    hash: Mapped[str] = mapped_column(String(64))
    mac: Mapped[str] = mapped_column(String(64))
    key_id: Mapped[str] = mapped_column(String(32))


# -- the board, custody of originals, follow-ups (issue 7) ----------------------------------

# The board reads signed and disbursed contracts among a million task rows from this index
# alone (it covers the case): the oldest signed contracts, the payouts of the last months.
Index("ix_tasks_task_done", TaskRecord.task_id, TaskRecord.done_at, TaskRecord.case_id)
# The board's counts per step (with the stuck and the rejected among them) from the index alone.
Index("ix_cases_board", Case.current_step, Case.status, Case.step_since)
# The same per dealership of a group (its board), and its case list newest first.
Index("ix_cases_dealership_board", Case.dealership_id, Case.current_step, Case.status,
      Case.step_since)
Index("ix_cases_dealership_id", Case.dealership_id, Case.id)
# The board's payouts need each case's lender and dealership: from this index alone, not
# from a read of every case row (a million of them in a dealer group).
Index("ix_cases_lender_dealership", Case.id, Case.lender_id, Case.dealership_id)
# The case list pages by (sort value, id) (app.services.listing): one index per order it offers.
Index("ix_cases_since", Case.step_since, Case.id)
Index("ix_cases_missing", Case.missing_count, Case.id)
Index("ix_cases_step_order", Case.current_step, Case.id)
# The board by milestone (migration 0007): the contracts in transit (signed, not paid out) in
# signing order, of the group and of one dealership, from partial indexes of those cases only;
# the payouts of the last months with what the funding chart needs, from the index alone.
_IN_TRANSIT = (Case.signed_at.is_not(None)) & (Case.paid_out_at.is_(None))
Index("ix_cases_in_transit", Case.signed_at, Case.id, Case.status,
      sqlite_where=_IN_TRANSIT, postgresql_where=_IN_TRANSIT)
Index("ix_cases_dealership_in_transit", Case.dealership_id, Case.signed_at, Case.id,
      Case.status, sqlite_where=_IN_TRANSIT, postgresql_where=_IN_TRANSIT)
Index("ix_cases_paid_out", Case.paid_out_at, Case.signed_at, Case.lender_id, Case.id)
Index("ix_cases_dealership_paid_out", Case.dealership_id, Case.paid_out_at, Case.signed_at,
      Case.lender_id, Case.id)


class CustodyRecord(Base):
    """An original (合格证, ID card, invoice) handed out of the dealership, and its return.

    One row per hand-over; `returned_at` stays empty while the paper is out."""

    __tablename__ = "custody"
    __table_args__ = (Index("ix_custody_case", "case_id", "kind", "party"),
                      Index("ix_custody_open", "returned_at", "out_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(40))
    party: Mapped[str] = mapped_column(String(10))
    holder: Mapped[str] = mapped_column(String(100))  # who took it (a person, an agency)
    purpose: Mapped[str] = mapped_column(String(200), default="")
    out_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    out_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    returned_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    returned_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class FollowUpVisit(Base):
    """The visit after delivery (交车回访): when it is due and, once done, how it went."""

    __tablename__ = "follow_up_visits"
    __table_args__ = (Index("ix_follow_up_due", "done_at", "due_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"),
                                         unique=True)
    due_on: Mapped[date] = mapped_column(Date)
    scheduled_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    done_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    result: Mapped[str] = mapped_column(Text, default="")
    review_given: Mapped[bool | None] = mapped_column(Boolean)


class QueueRecord(Base):
    """One entry of the stored queue (issue 15): a task, a copy or a visit waiting for a
    role, worked out by app.services.queue_store from the same rules my_queue evaluated live,
    so a queue is one indexed read. Derived from the other tables, like cases.missing_count:
    never audited, left out of the digests, rebuilt from them at will. The case's number,
    customer and masked phone are copied in (every case change passes the refresh that
    rewrites them), so the first page needs no join."""

    __tablename__ = "queue_entries"
    __table_args__ = (
        # A role's queue (or a consultant's own), oldest first, read from the index alone.
        Index("ix_queue_entries_audience", "audience", "consultant_id", "since", "number",
              "rank"),
        # A manager's: everyone's, oldest first.
        Index("ix_queue_entries_order", "since", "number", "rank"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(8))  # task, copy, visit
    role: Mapped[str] = mapped_column(String(20))  # whose work (app.domain.procedure.Role)
    # Who sees it (app.domain.queue_records.audience): the role whose people may do it (None:
    # only a manager), and the case's consultant when only they among them may.
    audience: Mapped[str | None] = mapped_column(String(20))
    consultant_id: Mapped[int | None] = mapped_column(Integer)
    since: Mapped[datetime] = mapped_column(UTCDateTime)
    rank: Mapped[int] = mapped_column(Integer)  # order inside one case and moment
    due_on: Mapped[date | None] = mapped_column(Date)  # shown from this day on (a visit)
    number: Mapped[str] = mapped_column(String(20))
    customer: Mapped[str] = mapped_column(String(100))
    phone: Mapped[str] = mapped_column(String(20))  # masked
    step: Mapped[str] = mapped_column(String(20))
    task_id: Mapped[str] = mapped_column(String(40), default="")
    serial: Mapped[str] = mapped_column(String(30), default="")
    copy_id: Mapped[str] = mapped_column(String(20), default="")
    what_en: Mapped[str] = mapped_column(Text)
    what_zh: Mapped[str] = mapped_column(Text)
    why_en: Mapped[str] = mapped_column(Text, default="")
    why_zh: Mapped[str] = mapped_column(Text, default="")


# Open cases whose queue rows were worked out before today (app.services.queue_store), and
# cases never worked out (NULL: a database just upgraded).
Index("ix_cases_queue_as_of", Case.queue_as_of, Case.consultant_id)
Index("ix_cases_queue_open", Case.status, Case.queue_as_of, Case.consultant_id)
