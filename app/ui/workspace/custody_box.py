"""Step 8: the originals that leave the dealership for the mortgage registration (合格证,
身份证, 发票), who has each one now, and check-out / check-in through the custody service."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.board import custody_kinds, held_per_person
from app.domain.permissions import Action
from app.domain.procedure import PARTY_TITLES, Party
from app.services import custody
from app.ui import i18n
from app.ui.workspace.context import CaseContext
from app.ui.workspace.loading import CaseView


def _originals(view: CaseView) -> list[tuple[str, Party]]:
    married = view.detail.data.spouse is not None
    rows = []
    for kind in custody_kinds():
        if held_per_person(kind.id):
            rows.append((kind.id, Party.CUSTOMER))
            if married:
                rows.append((kind.id, Party.SPOUSE))
        else:
            rows.append((kind.id, Party.NONE))
    return rows


class CustodyBox(QGroupBox):
    def __init__(self, view: CaseView, ctx: CaseContext, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Originals out of the dealership"), parent)
        self.ctx = ctx
        out = {(o.kind, o.party): o for o in view.originals_out}
        layout = QVBoxLayout(self)
        self.buttons: dict[tuple[str, str], QPushButton] = {}
        for kind_id, party in _originals(view):
            title = next(k.title for k in custody_kinds() if k.id == kind_id)
            who = PARTY_TITLES[party]
            name = i18n.text(title) + (f" ({i18n.text(who)})" if party is Party.SPOUSE else "")
            held = out.get((kind_id, party.value))
            row = QHBoxLayout()
            where = (self.tr("with {0} since {1}").format(
                held.holder, f"{held.out_at.astimezone():%Y-%m-%d}") if held
                else self.tr("at the dealership"))
            row.addWidget(QLabel(f"{name}: {where}", self), 1)
            button = QPushButton(self.tr("Check in") if held else self.tr("Check out…"), self)
            button.setObjectName(f"custody_{kind_id}_{party.value}")
            button.clicked.connect(lambda _=False, k=kind_id, p=party.value, back=bool(held):
                                   self.check_in(k, p) if back else self.check_out(k, p))
            self.buttons[(kind_id, party.value)] = button
            button.setVisible(ctx.may(Action.CUSTODY))
            row.addWidget(button)
            layout.addLayout(row)

    def _party(self, party: str) -> str | None:
        return None if party == Party.NONE.value else party

    def check_out(self, kind: str, party: str) -> None:
        holder, ok = QInputDialog.getText(self, self.tr("Check out an original"), self.tr(
            "Who takes it (a colleague, the agent, 车管所)?"))
        if not ok:
            return
        ctx = self.ctx
        ctx.run(lambda: custody.check_out(ctx.db, ctx.actor, ctx.number, kind, to=holder,
                                          party=self._party(party)),
                lambda _: ctx.tell(self.tr("Checked out to {0}.").format(holder)),
                changes=True)

    def check_in(self, kind: str, party: str) -> None:
        ctx = self.ctx
        ctx.run(lambda: custody.check_in(ctx.db, ctx.actor, ctx.number, kind,
                                         party=self._party(party)),
                lambda days: ctx.tell(self.tr("Back after {0} day(s).").format(days)),
                changes=True)
