"""Custody of originals: the 合格证, ID card and invoice checked out to a person for the
mortgage registration, and checked back in. Every hand-over is audited."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, aliased

from app.domain.board import custody_kind
from app.domain.errors import InvalidInput, Text
from app.domain.permissions import Action
from app.domain.procedure import DOCUMENT_KINDS, PARTY_TITLES, Party
from app.domain.validators import validate_text
from app.services.common import acting_user, audit, find_case, now, require
from app.services.queue_store import store_case_queue
from app.store.db import Database
from app.store.models import Case, CustodyRecord, User

HOLDER_MAX = 100
PURPOSE_MAX = 200


@dataclass(frozen=True)
class OriginalOut:
    """One original that is out of the dealership now."""

    number: str
    customer: str
    consultant: str
    kind: str
    title: Text
    party: str
    holder: str
    purpose: str
    out_at: datetime
    out_by: str

    def days_out(self, at: datetime) -> int:
        return max(0, (at - self.out_at).days)


def _title(kind: str, party: str) -> Text:
    title = DOCUMENT_KINDS[kind].title
    if party == Party.SPOUSE:
        who = PARTY_TITLES[Party.SPOUSE]
        return Text(f"{title.en} of the {who.en}", f"{who.zh}{title.zh}")
    return title


def _open_record(session: Session, case: Case, kind: str, party: str) -> CustodyRecord | None:
    return session.scalar(select(CustodyRecord).where(
        CustodyRecord.case_id == case.id, CustodyRecord.kind == kind,
        CustodyRecord.party == party, CustodyRecord.returned_at.is_(None)))


def check_out(db: Database, actor: str, number: str, kind: str, *, to: str,
              party: str | None = None, purpose: str = "") -> None:
    """Hand an original to `to` (a colleague, an agent, the 车管所) from now on."""
    kind_, party_ = custody_kind(kind, party)
    holder = validate_text(to, "to", HOLDER_MAX, required=True)
    clean_purpose = validate_text(purpose, "purpose", PURPOSE_MAX)
    with db.transaction() as session:
        user = acting_user(session, actor)
        case = find_case(session, number, for_update=True)
        require(user, Action.CUSTODY, case)
        title = _title(kind_.id, party_)
        held = _open_record(session, case, kind_.id, party_)
        if held is not None:
            raise InvalidInput("kind", f"the {title.en} of {case.number} is already out with "
                               f"{held.holder} since {held.out_at.astimezone():%Y-%m-%d}",
                               "check it in first",
                               zh=f"{case.number} 的{title.zh}原件已于 "
                                  f"{held.out_at.astimezone():%Y-%m-%d} 借给{held.holder}，"
                                  "请先登记归还")
        session.add(CustodyRecord(case_id=case.id, kind=kind_.id, party=party_, holder=holder,
                                  purpose=clean_purpose, out_at=now(), out_by_id=user.id))
        session.flush()
        store_case_queue(session, case)  # originals out are evidence of later tasks
        audit(session, user, "custody.out", case.number, kind=kind_.id, party=party_,
              to=holder, purpose=clean_purpose)


def check_in(db: Database, actor: str, number: str, kind: str, *,
             party: str | None = None) -> int:
    """The original is back at the dealership; returns how many days it was out."""
    kind_, party_ = custody_kind(kind, party)
    with db.transaction() as session:
        user = acting_user(session, actor)
        case = find_case(session, number, for_update=True)
        require(user, Action.CUSTODY, case)
        record = _open_record(session, case, kind_.id, party_)
        if record is None:
            title = _title(kind_.id, party_)
            raise InvalidInput("kind", f"the {title.en} of {case.number} is not checked out",
                               "an original that is out (loandesk custody list)",
                               zh=f"{case.number} 的{title.zh}原件未登记外借，无法归还")
        record.returned_at = now()
        record.returned_by_id = user.id
        days = max(0, (record.returned_at - record.out_at).days)
        session.flush()
        store_case_queue(session, case)
        audit(session, user, "custody.in", case.number, kind=kind_.id, party=party_,
              holder=record.holder, days_out=days)
        return days


_OutRows = Select[str, str, str, str, str, str, str, datetime, str]


def _out_query() -> _OutRows:
    consultant, out_by = aliased(User), aliased(User)
    return (select(Case.number, Case.customer_name, consultant.display_name,
                   CustodyRecord.kind, CustodyRecord.party, CustodyRecord.holder,
                   CustodyRecord.purpose, CustodyRecord.out_at, out_by.display_name)
            .join(Case, Case.id == CustodyRecord.case_id)
            .join(consultant, consultant.id == Case.consultant_id)
            .join(out_by, out_by.id == CustodyRecord.out_by_id)
            .where(CustodyRecord.returned_at.is_(None))
            .order_by(CustodyRecord.out_at, CustodyRecord.id))


def _rows(session: Session, query: _OutRows) -> list[OriginalOut]:
    return [OriginalOut(r[0], r[1], r[2], r[3], _title(r[3], r[4]), r[4], r[5], r[6], r[7],
                        r[8]) for r in session.execute(query)]


def originals_out_in(session: Session, limit: int | None = None, *,
                     dealership_id: int | None = None) -> list[OriginalOut]:
    """Every original out of the dealership now, longest out first (the board's list); of
    one dealership of a group when `dealership_id` is given."""
    query = _out_query()
    if dealership_id is not None:
        query = query.where(Case.dealership_id == dealership_id)
    return _rows(session, query if limit is None else query.limit(limit))


@contextmanager
def _session(source: Session | Database) -> Iterator[Session]:
    if isinstance(source, Session):
        yield source
    else:
        with source.reading() as session:
            yield session


def originals_out(source: Session | Database, number: str) -> list[OriginalOut]:
    """The originals of one case still out: the release step (9) shows them, because a car
    should not leave while its papers are elsewhere. Takes a session (inside a service) or
    the database (the workspace)."""
    with _session(source) as session:
        case = find_case(session, number)
        return _rows(session, _out_query().where(CustodyRecord.case_id == case.id))


@dataclass(frozen=True)
class HandOver:
    """The last hand-over of one original of a case: who took it, when, and whether and
    when it came back (the mortgage packet prints it)."""

    kind: str
    party: str
    holder: str
    out_at: datetime
    out_by: str
    returned_at: datetime | None


def last_hand_overs(session: Session, case_id: int) -> dict[tuple[str, str], HandOver]:
    """(kind, party) → the latest hand-over of that original of the case."""
    out_by = aliased(User)
    rows = session.execute(
        select(CustodyRecord.kind, CustodyRecord.party, CustodyRecord.holder,
               CustodyRecord.out_at, out_by.display_name, CustodyRecord.returned_at)
        .join(out_by, out_by.id == CustodyRecord.out_by_id)
        .where(CustodyRecord.case_id == case_id)
        .order_by(CustodyRecord.out_at, CustodyRecord.id))
    return {(r[0], r[1]): HandOver(*r) for r in rows}  # later rows replace earlier ones


def list_out(db: Database, actor: str) -> list[OriginalOut]:
    """`loandesk custody list`: what is out, for how long, with whom."""
    with db.reading() as session:
        # The warehouse keeper looks too: a car should not leave while its papers are out.
        require(acting_user(session, actor), Action.SEE_CUSTODY)
        return originals_out_in(session)
