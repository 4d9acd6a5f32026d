"""The scanner inbox's rules: which files it takes, when a file is finished, which cover
sheets a case takes. The service (app/services/inbox.py) does the moving and filing."""

from __future__ import annotations

from app.domain.checklist import CaseFacts, applies
from app.domain.errors import Text
from app.domain.procedure import DOCUMENT_KINDS, PARTY_TITLES, STEPS, Party

# What a scanner writes; anything else in the folder (notes, .reason.txt files) is left alone.
SUFFIXES = frozenset({".pdf", ".jpg", ".jpeg", ".png", ".tif", ".tiff"})
DONE_FOLDER = "done"
UNSORTED_FOLDER = "unsorted"
REASON_SUFFIX = ".reason.txt"
# A network scanner writes a file over seconds: a file changed less than this long ago may
# still grow, so it waits for the next pass. Two looks this far apart must also agree.
SETTLE_SECONDS = 5.0
RECHECK_SECONDS = 1.0


def cover_refusal(kind: str, party: Party, case: CaseFacts) -> Text | None:
    """Why the case takes no document of `kind` for `party` (a spouse's ID card where the
    customer is single, a marriage certificate of an unmarried customer), or None."""
    title = DOCUMENT_KINDS[kind].title
    who = PARTY_TITLES[party]
    named = Text(f"{title.en} of the {who.en}", f"{who.zh}{title.zh}") if who.en else title
    if party is Party.SPOUSE and case.marital_status != "married":
        return Text(f"case {case.number} has no spouse, so it takes no {named.en}",
                    f"案件 {case.number} 未登记配偶，不收{named.zh}")
    wanted = [r for s in STEPS for r in s.documents if r.kind == kind and r.party is party]
    if not wanted:
        return Text(f"case {case.number} takes no {named.en}",
                    f"案件 {case.number} 不收{named.zh}")
    if not any(applies(r, case) for r in wanted):
        return Text(f"case {case.number} takes no {named.en} (the customer is not married)",
                    f"案件 {case.number} 不收{named.zh}(客户未婚)")
    return None


NO_COVER = Text("no cover sheet before this page: print one (loandesk cover) and scan it "
                "in front of the pages", "此页之前没有封面页：请打印封面页(loandesk cover)"
                "放在资料前面一起扫描")

