"""Finding cases among 100,000: the case list, its search box and its filters.

The search text is read the way a person at the desk types it: Chinese characters are a name
or a plate; digits are a case number, a phone tail or an ID tail; letters and digits are a
case number, a VIN tail or a plate. "Ends with" searches use the reversed, indexed columns, so
each branch is an index range rather than a scan. The ID-tail branch exists only for the roles
that may reveal ID numbers (permissions.Action.SEARCH_ID_TAIL; a consultant: their own cases):
for anyone else a typed ID tail matches nothing on the ID, so masked numbers cannot be
recovered tail by tail.

Pages are found by their sort key, not by an offset ("keyset paging"): each row carries its
key, (sort value, case id), and the next page is the rows after the last row's key, so the
database seeks in the sort column's index instead of counting rows. The case id is the
tiebreaker that makes every order total (SQLite's indexes end with the rowid, so each
one-column index serves the pair). For a jump into the middle (a dragged scroll bar)
`page_marks` answers, in one statement, the key that ends every page and the total.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    Text,
    and_,
    cast,
    false,
    func,
    literal,
    null,
    or_,
    select,
    tuple_,
    union,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session

from app.domain.errors import InvalidInput
from app.domain.permissions import Action, Reach, reach
from app.domain.privacy import mask_id
from app.domain.procedure import STEP_IDS, Role
from app.domain.validators import PLATE_PROVINCES, validate_text
from app.services.common import acting_user, now, require
from app.services.dealerships import dealership_id_of
from app.store.db import Database
from app.store.models import Case, User


@dataclass(frozen=True)
class Searcher:
    """Who searches, as far as the search needs to know: how far their ID-tail right goes."""

    user_id: int
    id_tail: Reach

SORT_COLUMNS = {
    "number": Case.id,
    "customer": Case.customer_name,
    "step": Case.current_step,
    "since": Case.step_since,
    "missing": Case.missing_count,
    "updated": Case.updated_at,
}
MAX_SEARCH = 60
MAX_SEARCH_TYPED = 1000  # longer than this is no search (a paste gone wrong): refused
MAX_STUCK_DAYS = 3650  # ten years: longer than any case lives
MAX_PAGE = 10_000  # rows in one answer; the list fetches pages of a few hundred
MIN_TAIL = 3
_CJK = re.compile(r"[\u3400-\u9fff]")


@dataclass(frozen=True)
class CaseQuery:
    search: str = ""
    step: str | None = None
    consultant: str | None = None
    stuck_days: int | None = None
    waiting_for: str | None = None  # a role: cases with work waiting for it (my queue's rule)
    sort: str = "number"
    descending: bool = True


SortKey = tuple[Any, int]  # (the sort column's value, the case id): unique, totally ordered


@dataclass(frozen=True, slots=True)
class CaseRow:
    number: str
    customer: str
    id_masked: str
    phone: str
    vehicle: str
    vin: str
    plate: str
    consultant: str
    step: str
    step_since: datetime
    missing_count: int
    missing: str
    missing_zh: str
    status: str
    key: SortKey = (None, 0)  # where the row stands in its list's order (keyset paging)


@dataclass(frozen=True)
class PageMarks:
    """How many rows match and, for page p of `every` rows, `after[p]`: the key of the last
    row before it (None for the first page), to be passed to `list_cases(after=...)`."""

    total: int
    every: int
    after: tuple[SortKey | None, ...]


def _starts(column: Any, prefix: str) -> ColumnElement[bool]:
    # A range, not LIKE: SQLite uses the index for it whatever the collation.
    return and_(column >= prefix, column < prefix + "\uffff")


def name_characters(term: str) -> list[str]:
    """The characters of `term`, each once: a name containing `term` has them all."""
    return sorted(set(term))


def _name_contains(term: str, postgres: bool) -> ColumnElement[bool]:
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    contains = Case.customer_name.like(f"%{escaped}%", escape="\\")
    if not postgres:
        return contains
    # PostgreSQL: the names holding every character of the term, from the GIN index of each
    # name's characters (ix_cases_name_characters, migration 0007); LIKE then keeps the names
    # that hold the term itself, so the answer is LIKE's alone, as on SQLite.
    characters = cast(literal(name_characters(term), ARRAY(Text())), ARRAY(Text()))
    return and_(contains, func.string_to_array(Case.customer_name, null())
                .op("@>", is_comparison=True)(characters))


def search_condition(text: str, searcher: Searcher, *, postgres: bool = False
                     ) -> ColumnElement[bool] | None:
    term = text.strip().upper()[:MAX_SEARCH]
    if not term:
        return None
    if _CJK.search(term):
        return or_(_name_contains(term, postgres), _starts(Case.plate, term))
    branches: list[ColumnElement[bool]] = [_starts(Case.number, term)]
    if re.fullmatch(r"\d{4}-\d*", term):  # a case number typed without its LD prefix
        branches.append(_starts(Case.number, f"LD{term}"))
    # Tails of one or two characters would match a tenth of all cases and say nothing.
    tail = len(term) >= MIN_TAIL
    if tail and term.isdigit():
        branches.append(_starts(Case.customer_phone_rev, term[::-1]))
    if tail and re.fullmatch(r"[0-9X]+", term) and searcher.id_tail is not Reach.NONE:
        by_id = _starts(Case.customer_id_rev, term[::-1])
        if searcher.id_tail is Reach.OWN:
            by_id = and_(by_id, Case.consultant_id == searcher.user_id)
        branches.append(by_id)
    if tail and re.fullmatch(r"[A-Z0-9]+", term):
        branches.append(_starts(Case.vin_rev, term[::-1]))
    if re.fullmatch(r"[A-Z0-9]+", term):
        branches.append(_starts(Case.plate, term))
    if re.fullmatch(r"[A-Z][A-Z0-9]{3,6}", term):  # a plate typed without its province
        # Every plate starts with a province (validate_plate): one index range for each,
        # where "any first character" (LIKE '_B123%') would read every plate.
        branches += [_starts(Case.plate, province + term) for province in PLATE_PROVINCES]
    if len(branches) == 1 and not re.fullmatch(r"[A-Z0-9-]+", term):
        return false()  # punctuation or markup matches nothing, rather than everything
    # One indexed lookup per branch, united: an OR of ranges would make SQLite scan the table.
    return Case.id.in_(union(*(select(Case.id).where(b) for b in branches)))


def _waiting_for(session: Session, role: str) -> ColumnElement[bool]:
    from app.services.queues import waiting_for_cases  # the stored queue: on demand

    if role not in {r.value for r in Role}:
        raise InvalidInput("waiting_for", f"unknown role {role!r}", ", ".join(Role),
                           zh=f"没有岗位 {role!r}")
    return Case.id.in_(waiting_for_cases(Role(role)))


def _filtered(query: CaseQuery, searcher: Searcher, session: Session) -> Select[Any]:
    # Typed text is checked like any field: no control, bidi or zero-width characters.
    # (Beyond MAX_SEARCH it is cut, as a scanner's trailing noise would be.)
    validate_text(query.search, "search", MAX_SEARCH_TYPED)
    statement = select(Case)
    condition = search_condition(query.search, searcher,
                                 postgres=session.get_bind().dialect.name == "postgresql")
    if condition is not None:
        statement = statement.where(condition)
    if query.step:
        if query.step not in (*STEP_IDS, "done"):
            raise InvalidInput("step", f"unknown step {query.step!r}",
                               ", ".join((*STEP_IDS, "done")), zh=f"没有步骤 {query.step!r}")
        statement = statement.where(Case.current_step == query.step)
    if query.consultant:
        statement = statement.join(User, Case.consultant_id == User.id).where(
            User.name == query.consultant)
    if query.stuck_days is not None:
        if not 0 <= query.stuck_days <= MAX_STUCK_DAYS:
            raise InvalidInput("stuck_days", f"{query.stuck_days} days",
                               f"0 to {MAX_STUCK_DAYS} days",
                               zh=f"停留天数应为 0 到 {MAX_STUCK_DAYS}")
        statement = statement.where(Case.step_since <= now() - timedelta(days=query.stuck_days),
                                    Case.current_step != "done")
    if query.waiting_for:
        statement = statement.where(_waiting_for(session, query.waiting_for))
    return statement


def _in_dealership(session: Session, statement: Select[Any], dealership: str | None
                   ) -> Select[Any]:
    # One dealership of a group (ix_cases_dealership_id), or every one (None).
    dealership_id = dealership_id_of(session, dealership)
    if dealership_id is None:
        return statement
    return statement.where(Case.dealership_id == dealership_id)


def _searcher(session: Session, actor: str) -> Searcher:
    user = acting_user(session, actor)
    require(user, Action.VIEW_CASE)
    return Searcher(user.id, reach(user.role, Action.SEARCH_ID_TAIL))


def count_cases(db: Database, actor: str, query: CaseQuery, *,
                dealership: str | None = None) -> int:
    with db.reading() as session:
        subquery = _in_dealership(session, _filtered(query, _searcher(session, actor), session),
                                  dealership).with_only_columns(Case.id).subquery()
        return session.scalar(select(func.count()).select_from(subquery)) or 0


def _order(query: CaseQuery) -> tuple[Any, list[Any]]:
    if query.sort not in SORT_COLUMNS:
        raise InvalidInput("sort", f"cannot sort by {query.sort!r}", ", ".join(SORT_COLUMNS),
                           zh=f"不能按 {query.sort!r} 排序")
    column = SORT_COLUMNS[query.sort]
    order: list[Any] = [column.desc() if query.descending else column.asc()]
    if column is not Case.id:  # the tiebreaker: equal values keep one fixed order
        order.append(Case.id.desc() if query.descending else Case.id.asc())
    return column, order


def _after(column: Any, key: SortKey, descending: bool) -> ColumnElement[bool]:
    """Rows that come after `key` in the order: one range on the index (a row value)."""
    if column is Case.id:
        by_id: ColumnElement[bool] = Case.id < key[1] if descending else Case.id > key[1]
        return by_id
    pair, mark = tuple_(column, Case.id), tuple_(key[0], key[1])
    after: ColumnElement[bool] = pair < mark if descending else pair > mark
    return after


def list_cases(db: Database, actor: str, query: CaseQuery, *, after: SortKey | None = None,
               offset: int = 0, limit: int = 200,
               dealership: str | None = None) -> list[CaseRow]:
    """One page of the list; lists show masked ID numbers (PIPL: sensitive data).

    `after` is the key of the last row already shown (`CaseRow.key`, or a `PageMarks`
    entry): the page starts right after it, as fast at row 90,000 as at row 1. `offset`
    stays for short skips (it costs what it skips)."""
    column, order = _order(query)
    if not 1 <= limit <= MAX_PAGE or offset < 0:
        raise InvalidInput("limit", f"{limit} rows from row {offset}", f"1 to {MAX_PAGE} rows "
                           "from row 0 or later", zh=f"每次最多列出 {MAX_PAGE} 条")
    with db.reading() as session:
        base = _filtered(query, _searcher(session, actor), session)
        base = _in_dealership(session, base, dealership)
        if after is not None:
            base = base.where(_after(column, after, query.descending))
        if not query.consultant:  # the consultant filter has joined the users already
            base = base.join(User, Case.consultant_id == User.id)
        statement = base.with_only_columns(
            Case.number, Case.customer_name, Case.customer_id_number, Case.customer_phone,
            Case.vehicle_brand, Case.vehicle_model, Case.vin, Case.plate, User.display_name,
            Case.current_step, Case.step_since, Case.missing_count, Case.missing_summary,
            Case.missing_summary_zh, Case.status, column, Case.id,
        ).order_by(*order).offset(offset).limit(limit)
        return [CaseRow(r[0], r[1], mask_id(r[2]), r[3], f"{r[4]} {r[5]}", r[6], r[7], r[8],
                        r[9], r[10], r[11], r[12], r[13], r[14], (r[15], r[16]))
                for r in session.execute(statement)]


def page_marks(db: Database, actor: str, query: CaseQuery, *, every: int = 200) -> PageMarks:
    """The total and the key ending each page of `every` rows, from one statement: the
    database numbers the keys in index order and sends only every `every`-th."""
    column, order = _order(query)
    if not 1 <= every <= MAX_PAGE:
        raise InvalidInput("every", f"pages of {every} rows", f"1 to {MAX_PAGE} rows",
                           zh=f"每页最多 {MAX_PAGE} 条")
    with db.reading() as session:
        numbered = _filtered(query, _searcher(session, actor), session).with_only_columns(
            column.label("value"), Case.id.label("case_id"),
            func.row_number().over(order_by=order).label("position"),
            func.count().over().label("total"),
        ).subquery()
        marks = session.execute(
            select(numbered.c.value, numbered.c.case_id, numbered.c.total)
            .where(or_(numbered.c.position % every == 0, numbered.c.position == 1))
            .order_by(numbered.c.position)).all()
    total = marks[0][2] if marks else 0
    ends = [(m[0], m[1]) for m in marks[1:]] if every > 1 else [(m[0], m[1]) for m in marks]
    return PageMarks(total, every, (None, *ends[:max(0, (total - 1) // every)]))
