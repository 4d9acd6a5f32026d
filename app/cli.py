"""`loandesk`: argument parsing only; each subcommand calls one service.

Exit status: 0 done, 1 input refused (one line on stderr: field, problem, what is expected;
nothing written), 2 wrong usage, 3 unexpected error (one line on stderr saying where the log
with the details is). With no subcommand the desktop application opens.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import getpass
import io
import json
import os
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any, NoReturn

from app import config
from app.domain.errors import InvalidInput

EXIT_REFUSED = 1
EXIT_USAGE = 2
EXIT_UNEXPECTED = 3
Handler = Callable[[argparse.Namespace], int]


class UsageError(Exception):
    pass


def _pairs(items: Sequence[str], what: str) -> dict[str, str]:
    pairs: dict[str, str] = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise UsageError(f"{what} must be written NAME=VALUE, not {item!r}")
        pairs[name.strip()] = value
    return pairs


def _content(items: Sequence[str]) -> dict[str, Any]:
    """`--set income.2026-05=8500` becomes {"income": {"2026-05": "8500"}}."""
    content: dict[str, Any] = {}
    for name, value in _pairs(items, "--set").items():
        head, dot, tail = name.partition(".")
        if dot:
            content.setdefault(head, {})[tail] = value
        else:
            content[name] = value
    return content


def _print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


def _yuan(amount: Any) -> str:
    """An amount in text output as everywhere else: ¥126,600.00 (JSON keeps plain digits)."""
    from decimal import Decimal

    from app.domain.money import format_money

    return format_money(Decimal(str(amount)))


PASSWORD_ENV = config.PASSWORD_ENV
NEW_PASSWORD_ENV = "LOANDESK_NEW_PASSWORD"


def _secret(file: str | None, env: str, prompt: str, *, confirm: bool = False) -> str:
    """A password from a file, else the environment, else typed at a terminal."""
    if file:
        return _read_text(file, pipe_ok=True).rstrip("\r\n")
    if os.environ.get(env):
        return os.environ[env]
    if sys.stdin.isatty():
        typed = getpass.getpass(prompt)
        if confirm and getpass.getpass("again: ") != typed:
            raise InvalidInput("password", "the two entries differ", "the same password twice",
                               zh="两次输入的密码不一致")
        return typed
    raise InvalidInput("password", "none given", f"${env}, a password file, or typing it at "
                       "a terminal", zh=f"未提供密码：请设置 {env}、使用密码文件或在终端输入")


def _db(args: argparse.Namespace, *, meanwhile: Callable[[], object] | None = None) -> Any:
    """The database, upgraded and backed up for the day, with the user signed in.

    `meanwhile` runs while the password is checked: argon2 is one C call that leaves the
    GIL free, so a command imports its services (and the form engine its font) on the
    other core instead of after it. Nothing is read or written for the command before the
    sign-in succeeded: `meanwhile` only loads code."""
    _check_ahead(args)
    from app.services.auth import sign_in
    from app.services.backup import auto_backup
    from app.services.settings import get_settings
    from app.services.users import initialise

    db = _open(args)
    initialise(db)
    password = _password(args)
    if meanwhile is None:
        sign_in(db, args.user, password, record=False)
    else:
        _signed_in_while(lambda: sign_in(db, args.user, password, record=False), meanwhile)
    auto_backup(db, keep=int(get_settings(db)["backup.keep"]))
    _collect_again()
    return db


def _password(args: argparse.Namespace) -> str:
    """The password of --user, read once (a `<(pass show …)` file can be read only once)."""
    if getattr(args, "password_read", None) is None:
        args.password_read = _secret(args.password_file, PASSWORD_ENV,
                                     f"password for {args.user}: ")
    password: str = args.password_read
    return password


def _check_ahead(args: argparse.Namespace) -> None:
    """Start the argon2 check of --user's password before SQLAlchemy is even imported, on
    the other core (app.services.passwords.verify_ahead), when the password was given
    without typing and the database is a SQLite file. The sign-in in `_db` decides as ever;
    it only finds its check done. Anything unusual is left to `_db` to say, in its order."""
    if getattr(args, "checked_ahead", False):
        return
    args.checked_ahead = True
    if not (args.password_file or os.environ.get(PASSWORD_ENV)):
        return  # typed at a terminal: asked once the database is open, as before
    try:
        password = _password(args)
    except InvalidInput:
        return
    url = config.given_database_url(args.db)  # unchecked: only a plain sqlite:/// is peeked at
    from app.services.passwords import check_stored_ahead

    check_stored_ahead(url, args.user, password)


# Commands that start without the cycle collector (main): what they load before their
# work (SQLAlchemy, the models, ReportLab) is hundreds of thousands of objects that live
# as long as the process, and scanning them again and again cost a fifth of the start-up.
# `_db` switches it back on, those objects frozen, once the command is signed in.
def _collect_again() -> None:
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


def _signed_in_while(check: Callable[[], object], meanwhile: Callable[[], object]) -> None:
    """`check` on a thread of its own and `meanwhile` here; a refused sign-in is raised
    before anything `meanwhile` raised (a wrong password says only that)."""
    import threading

    failure: list[BaseException] = []

    def checking() -> None:
        try:
            check()
        except BaseException as error:  # handed to the main thread, raised there
            failure.append(error)

    thread = threading.Thread(target=checking, name="sign-in", daemon=True)
    thread.start()
    try:
        meanwhile()
    except Exception as error:
        thread.join()
        if failure:
            raise failure[0] from None
        raise error
    thread.join()
    if failure:
        raise failure[0]


def _open(args: argparse.Namespace) -> Any:
    """The database named by --db (or the default); a folder that cannot be made for a SQLite
    file is refused like any other bad path."""
    from app.store.db import Database

    url = config.database_url(args.db)
    try:
        database = Database(url)
        _opened.append(database)
        return database
    except OSError as error:
        raise InvalidInput("--db", f"{config.shown_url(url)} cannot be opened "
                           f"({error.strerror or error})", "a database file in a writable "
                           "folder", zh="无法打开数据库文件") from None


# The databases this process's commands opened: the command server (app.cli_server)
# disposes of them after each command, so that no SQLite file stays open between commands.
_opened: list[Any] = []


def close_databases() -> None:
    while _opened:
        _opened.pop().close()


# -- handlers ----------------------------------------------------------------------------


def cmd_init(args: argparse.Namespace) -> int:
    from app.services.users import FIRST_ADMIN, initialise, needs_first_admin

    db = _open(args)
    password = None
    if needs_first_admin(db):
        password = _secret(args.password_file, PASSWORD_ENV,
                           f"password for the first administrator ({FIRST_ADMIN}): ",
                           confirm=True)
    created, backup = initialise(db, password)
    if backup:
        print(f"backup before migrating: {backup}")
    print(f"database ready: {config.shown_url(db.url)}"
          + (f" (first user: {FIRST_ADMIN})" if created else ""))
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from app.services.demo import run_demo

    if not 1 <= args.cases <= 10_000:
        raise InvalidInput("--cases", f"{args.cases} cases", "1 to 10000",
                           zh="案件数应为 1 到 10000")

    progress = ProgressLine("cases")
    # The demo staff sign in with the same password as the administrator who made them.
    numbers = run_demo(_db(args), args.user, args.cases, progress=progress,
                       staff_password=_secret(args.password_file, PASSWORD_ENV, ""))
    progress.finish()
    print(f"added {len(numbers)} demo cases: {numbers[0]} … {numbers[-1]}")
    return 0


def cmd_case_new(args: argparse.Namespace) -> int:
    from app.services.cases import create_case, get_case
    from app.services.views import case_json

    source = (sys.stdin.read(MAX_TEXT_FILE + 1) if args.json == "-"
              else _read_text(args.json))
    if len(source) > MAX_TEXT_FILE:
        raise InvalidInput("--json", f"is larger than {MAX_TEXT_FILE} characters",
                           "a case of normal size", zh="JSON 过大")
    try:
        data = json.loads(source)
    except json.JSONDecodeError as error:
        raise InvalidInput("--json", f"not valid JSON ({error.msg} at line {error.lineno} "
                           f"column {error.colno})", "a JSON object as in the README",
                           zh="JSON 格式错误") from None
    except ValueError as error:  # an integer of 5000 digits (Python's conversion limit)
        raise InvalidInput("--json", f"not valid JSON ({error})", "a JSON object as in the "
                           "README", zh="JSON 格式错误") from None
    except RecursionError:  # [[[[…]]]] ten thousand deep: no case looks like that
        raise InvalidInput("--json", "is nested too deeply", "a JSON object as in the README",
                           zh="JSON 嵌套层数过多") from None
    db = _db(args)
    number = create_case(db, args.user, data)
    _print_json(case_json(get_case(db, args.user, number)))
    return 0


MAX_TEXT_FILE = 1_000_000  # a case is a few kilobytes; a gigabyte "case" is a mistake


def _read_text(path: str, *, pipe_ok: bool = False) -> str:
    """A small UTF-8 file. Pipes are refused (a FIFO nobody writes to would wait forever)
    unless `pipe_ok` (a password given as `--password-file <(pass show …)`)."""
    try:
        _regular_file(path, pipe_ok=pipe_ok)
        with open(path, "rb") as handle:
            data = handle.read(MAX_TEXT_FILE + 1)
        if len(data) > MAX_TEXT_FILE:
            raise InvalidInput(path, f"is larger than {MAX_TEXT_FILE} bytes",
                               "a case or password file of normal size", zh=f"{path} 文件过大")
        # utf-8-sig: a byte-order mark (Windows Notepad) is not part of the text
        return data.decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise InvalidInput(path, f"cannot be read ({error.__class__.__name__}: "
                           f"{getattr(error, 'strerror', None) or error})",
                           "a readable UTF-8 file", zh=f"无法读取文件 {path}") from None


def _importing(*modules: str) -> Callable[[], None]:
    """Loading a command's modules, to run while the password is checked (_db)."""

    def load() -> None:
        import importlib

        for name in modules:
            importlib.import_module(name)

    return load


def cmd_case_list(args: argparse.Namespace) -> int:
    db = _db(args, meanwhile=_importing("app.services.listing", "app.services.views"))
    from app.services.listing import CaseQuery, list_cases
    from app.services.views import row_json

    # A plain record: list_cases checks it, after the sign-in as before.
    query = CaseQuery(search=args.search or "", step=args.step, consultant=args.consultant,
                      stuck_days=args.stuck_days, waiting_for=args.waiting_for)
    rows = list_cases(db, args.user, query, limit=args.limit)
    if args.json:
        _print_json([row_json(r) for r in rows])
        return 0
    for r in rows:
        print(f"{r.number}  {r.customer}  {r.id_masked}  {r.vehicle}  {r.consultant}  "
              f"{r.step}  {r.missing_zh or r.missing}")
    return 0


def cmd_case_show(args: argparse.Namespace) -> int:
    from app.services.cases import get_case
    from app.services.views import case_json

    detail = get_case(_db(args), args.user, args.number, reveal=args.reveal)
    data = case_json(detail)
    if args.json:
        _print_json(data)
        return 0
    c, v, loan = data["customer"], data["vehicle"], data["loan"]
    print(f"{data['number']}  {c['name']}  {c['phone']}  {v['brand']} {v['model']}  {v['vin']}")
    print(f"loan {_yuan(loan['amount'])} from {loan['lender']}, {loan['term_months']} months, "
          f"monthly {detail.schedule.monthly_text}, APR {loan['apr']}, LTV {loan['ltv']}")
    for warning in data["warnings"]:
        print(f"  warning {warning['field']}: {warning['warning']}")
    for step in data["checklist"]["steps"]:
        print(f"  {step['number']:>2} {step['id']:<18} {step['state']:<8} {step['reason']}")
    for item in data["checklist"]["items"]:
        if item["state"] != "satisfied":
            print(f"     - [{item['state']}] {item['step']}: {item['title']} — {item['reason']}")
    return 0


def cmd_case_set(args: argparse.Namespace) -> int:
    from app.services.cases import update_case

    changed = update_case(_db(args), args.user, args.number, _pairs(args.changes, "FIELD"),
                          clear_spouse=args.clear_spouse)
    print(f"{args.number}: " + (", ".join(changed) + " changed" if changed else "no change"))
    return 0


def cmd_doc_add(args: argparse.Namespace) -> int:
    from app.services.documents import add_document, import_files

    if not args.files and not args.set:
        raise InvalidInput("FILE", "no files given", "one or more files to add (or --set to "
                           "record a document without pages)", zh="未指定要添加的文件")
    db = _db(args)
    files, rejected = import_files([Path(f) for f in args.files])
    result = add_document(db, args.user, args.number, args.kind, files, party=args.party,
                          content=_content(args.set or []), rejected=rejected)
    for name, message in result.rejected:
        print(_line(f"refused {name}: {message.en}"), file=sys.stderr)
    for name, where in result.duplicates:
        print(_line(f"skipped {name}: the same file is already in {where.en}"),
              file=sys.stderr)
    for name, warning in result.warnings:
        print(_line(f"warning {name}: {warning.en}"), file=sys.stderr)
    if result.document_id is not None:
        print(f"document {result.document_id}: {args.kind}, {result.pages} page(s) from "
              f"{len(result.imported)} file(s)")
    return 0 if result.imported or (result.document_id and not args.files) else EXIT_REFUSED


def cmd_doc_list(args: argparse.Namespace) -> int:
    from app.services.documents import case_documents
    from app.services.views import document_json

    documents = [document_json(d) for d in case_documents(_db(args), args.user, args.number)]
    if args.json:
        _print_json(documents)
        return 0
    for d in documents:
        print(f"{d['id']:>6}  {d['kind']:<26} {d['party']:<9} {d['pages']} page(s)  "
              f"{json.dumps(d['content'], ensure_ascii=False) if d['content'] else ''}")
    return 0


def cmd_doc_set(args: argparse.Namespace) -> int:
    from app.services.documents import set_content

    set_content(_db(args), args.user, args.document, _content(args.values))
    print(f"document {args.document} updated")
    return 0


def cmd_doc_remove(args: argparse.Namespace) -> int:
    from app.services.documents import remove_document

    remove_document(_db(args), args.user, args.document, reason=args.reason)
    print(f"document {args.document} removed")
    return 0


def cmd_task_done(args: argparse.Namespace) -> int:
    from app.services.tasks import complete_task

    result = complete_task(_db(args), args.user, args.number, args.task, note=args.note or "",
                           values=_pairs(args.set or [], "--set"))
    print(f"{args.number}: {args.task} done; current step {result.current_step or 'all done'}")
    return 0


def cmd_task_undo(args: argparse.Namespace) -> int:
    from app.services.tasks import undo_task

    undo_task(_db(args), args.user, args.number, args.task, reason=args.reason)
    print(f"{args.number}: {args.task} undone")
    return 0


def cmd_gate_override(args: argparse.Namespace) -> int:
    from app.services.tasks import override_gate

    override_gate(_db(args), args.user, args.number, args.gate, reason=args.reason)
    print(f"{args.number}: gate {args.gate} overridden")
    return 0


def cmd_schedule(args: argparse.Namespace) -> int:
    from app.services.cases import get_case
    from app.services.views import schedule_json

    detail = get_case(_db(args), args.user, args.number)
    data = schedule_json(detail.schedule)
    if args.json:
        _print_json(data)
        return 0
    print(f"{args.number}: {_yuan(data['principal'])} over {data['term_months']} months at "
          f"{data['annual_rate']} ({data['method']}); APR {data['apr']}; "
          f"total interest {_yuan(data['total_interest'])}")
    for row in data["installments"]:
        print(f"{row['period']:>4}  {row['due_date']}  {_yuan(row['payment']):>12}  "
              f"{_yuan(row['principal']):>12}  {_yuan(row['interest']):>10}  "
              f"{_yuan(row['balance']):>12}")
    return 0


def cmd_lender_add(args: argparse.Namespace) -> int:
    from app.services.lenders import add_lender

    view = add_lender(_db(args), args.user, args.name, max_ltv=args.max_ltv,
                      max_term=args.max_term, income_multiple=args.income_multiple)
    print(f"lender {view.name}: max LTV {view.limits.max_ltv_self_use}, max term "
          f"{view.limits.max_term_months} months")
    return 0


def cmd_lender_set(args: argparse.Namespace) -> int:
    from app.services.lenders import update_lender

    active = None if args.active is None else args.active == "yes"
    view = update_lender(_db(args), args.user, args.name, max_ltv=args.max_ltv,
                         max_ltv_new_energy=args.max_ltv_new_energy, max_term=args.max_term,
                         income_multiple=args.income_multiple, active=active)
    print(f"lender {view.name}: max LTV {view.limits.max_ltv_self_use} (new energy "
          f"{view.limits.max_ltv_self_use_new_energy}), max term "
          f"{view.limits.max_term_months} months")
    return 0


def cmd_lender_list(args: argparse.Namespace) -> int:
    from app.services.lenders import list_lenders

    lenders = list_lenders(_db(args))
    if args.json:
        _print_json([{"name": lender.name, **{k: str(v) for k, v in vars(lender.limits).items()}}
                     for lender in lenders])
        return 0
    for lender in lenders:
        print(f"{lender.name}  max LTV {lender.limits.max_ltv_self_use} "
              f"(new energy {lender.limits.max_ltv_self_use_new_energy}), max term "
              f"{lender.limits.max_term_months} months")
    return 0


def cmd_user_add(args: argparse.Namespace) -> int:
    from app.services.users import add_user

    db = _db(args)
    password = _secret(args.new_password_file, NEW_PASSWORD_ENV,
                       f"password for {args.name}: ", confirm=True)
    view = add_user(db, args.user, args.name, args.display_name, args.role, args.phone or "",
                    password)
    print(f"user {view.name} ({view.role}) added")
    return 0


def cmd_user_password(args: argparse.Namespace) -> int:
    from app.services.auth import set_password

    db = _db(args)
    set_password(db, args.user, args.name, _secret(
        args.new_password_file, NEW_PASSWORD_ENV, f"new password for {args.name}: ",
        confirm=True))
    print(f"password of {args.name} set")
    return 0


def cmd_user_change(args: argparse.Namespace) -> int:
    from app.services.users import change_user

    active = None if args.active is None else args.active == "yes"
    view = change_user(_db(args), args.user, args.name, role=args.role, active=active)
    print(f"user {view.name}: role {view.role}")
    return 0


def cmd_user_list(args: argparse.Namespace) -> int:
    from app.services.users import list_users

    users = list_users(_db(args))
    if args.json:  # shape: [{name, display_name, role, phone, active}] (README, --json)
        _print_json([_plain_json(user) for user in users])
        return 0
    for user in users:
        print(f"{user.name:<16} {user.role:<15} {user.display_name}")
    return 0


def cmd_audit_verify(args: argparse.Namespace) -> int:
    from app.domain.permissions import Action
    from app.services.audit import verify_chain
    from app.services.common import require_of

    db = _db(args)
    require_of(db, args.user, Action.AUDIT_VERIFY)
    result = verify_chain(db)
    if result.intact:
        print(f"audit trail intact: {result.rows} rows, every case and user row as recorded")
        return 0
    found = len(result.tampers) + result.more
    print(f"audit trail BROKEN: {found} problem(s) in {result.rows} rows", file=sys.stderr)
    for tamper in result.tampers:
        print(f"  {tamper}", file=sys.stderr)
    if result.more:
        print(f"  … and {result.more} more", file=sys.stderr)
    return EXIT_REFUSED


def cmd_audit_list(args: argparse.Namespace) -> int:
    from app.services.audit import case_history

    entries = case_history(_db(args), args.user, args.number)
    if args.json:  # shape: [{at, user, action, case, detail}], newest first (README, --json)
        _print_json([{"at": entry.at.astimezone().isoformat(timespec="seconds"),
                      "user": entry.user_name, "action": entry.action,
                      "case": entry.case_number, "detail": entry.detail}
                     for entry in entries])
        return 0
    for entry in entries:
        print(f"{entry.at:%Y-%m-%d %H:%M:%S}  {entry.user_name:<12} {entry.action:<18} "
              f"{json.dumps(entry.detail, ensure_ascii=False)[:200]}")
    return 0


def _protected(args: argparse.Namespace) -> tuple[Path, ...]:
    """The database's own files, which no `-o` may replace."""
    from sqlalchemy.engine import make_url

    from app.services.outputs import protected_paths

    url = make_url(config.database_url(args.db))
    sqlite = url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:")
    return protected_paths(Path(str(url.database)) if sqlite else None)


def _check_output(args: argparse.Namespace, path: str, field: str = "-o") -> None:
    """Refuse a bad target before any work is done (and before a serial is burnt)."""
    from app.services.outputs import check_output

    check_output(path, force=args.force, protected=_protected(args), field=field)


def _write(args: argparse.Namespace, path: str, data: bytes, field: str = "-o") -> Path:
    from app.services.outputs import write_output

    return write_output(path, data, force=args.force, protected=_protected(args),
                        field=field)


def _regular_file(path: str, *, pipe_ok: bool = False) -> None:
    """Refuse a FIFO, device or folder before opening it: reading a FIFO waits forever."""
    import stat

    try:
        mode = os.stat(path).st_mode
    except OSError:
        return  # opening it says why (missing, no permission) in the usual words
    if pipe_ok and stat.S_ISFIFO(mode):
        return
    if not stat.S_ISREG(mode):
        what = "a folder" if stat.S_ISDIR(mode) else "not a regular file"
        raise InvalidInput(path, f"is {what}", "a file", zh=f"{path} 不是普通文件")


def cmd_form_list(args: argparse.Namespace) -> int:
    from app.services.forms import form_list

    forms = form_list()
    if args.json:  # shape: [{id, title, step, copies}] (README, --json)
        _print_json([{"id": form_id, "title": title, "step": step, "copies": copies}
                     for form_id, title, step, copies in forms])
        return 0
    for form_id, title, step, copies in forms:
        print(f"{form_id:<24} {title:<12} step {step:<18} copies: {copies}")
    return 0


def _form_engine() -> None:
    """What rendering a form loads: its service, the engine and the CJK font."""
    import app.printing.engine
    import app.services.forms  # noqa: F401
    from app.printing.fonts import register_cjk_font

    with contextlib.suppress(Exception):  # a missing font is said by the render, as ever
        register_cjk_font()


def cmd_form_render(args: argparse.Namespace) -> int:
    _check_ahead(args)  # before _check_output, which already loads SQLAlchemy's URL parser
    _check_output(args, args.output)
    db = _db(args, meanwhile=_form_engine)
    from app.services.forms import issue_form, preview_form

    if args.draft:
        _write(args, args.output, preview_form(db, args.user, args.number, args.form,
                                               copy_id=args.copy, overlay=args.overlay))
        print(f"draft of {args.form} written to {args.output}")
        return 0
    # The file is written inside the issuing transaction: no file, no serial; and should
    # the commit itself fail, the file (with a serial nobody recorded) goes again.
    written: list[Path] = []
    try:
        issued = issue_form(db, args.user, args.number, args.form, copy_id=args.copy,
                            deliver=lambda issued: written.append(
                                _write(args, args.output, issued.pdf)), overlay=args.overlay)
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise
    print(f"{args.form} {issued.serial}{' (补打 reprint)' if issued.reprint else ''} written "
          f"to {args.output}")
    return 0


def cmd_form_calibration(args: argparse.Namespace) -> int:
    from app.services.print_profiles import calibration_pdf

    _check_output(args, args.output)
    _write(args, args.output, calibration_pdf(args.form))
    print(f"calibration page for {args.form} written to {args.output}")
    return 0


def cmd_form_receipt(args: argparse.Namespace) -> int:
    from app.services.forms import confirm_receipt

    confirm_receipt(_db(args), args.user, args.serial, args.copy)
    print(f"{args.serial} copy {args.copy}: receipt confirmed")
    return 0


def cmd_dossier(args: argparse.Namespace) -> int:
    from app.services.dossier import build_case_dossier

    _check_output(args, args.output)
    build_case_dossier(_db(args), args.user, args.number, draft=args.draft,
                       deliver=lambda pdf: _write(args, args.output, pdf))
    print(f"credit dossier{' (draft)' if args.draft else ''} written to {args.output}")
    return 0


def cmd_doc_export(args: argparse.Namespace) -> int:
    from app.services.dossier import export_documents
    from app.services.outputs import check_output_folder

    check_output_folder(args.output, protected=_protected(args))  # "" is not "."
    for path in export_documents(_db(args), args.user, args.number, args.kind,
                                 Path(args.output), force=args.force):
        print(path)
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    from app.services.backup import backup

    report = backup(_db(args), args.user, args.file)
    print(f"backup written and verified: {report.path} ({report.size} bytes, "
          f"{report.audit_rows} audit rows intact)")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from app.services.backup import restore

    if not args.yes:
        raise InvalidInput("--yes", "restoring replaces every case in the database",
                           "--yes to confirm", zh="恢复将替换数据库中的全部数据，请加 --yes 确认")
    kept = restore(_db(args), args.user, Path(args.file))
    print(f"restored from {args.file}" + (f"; the replaced database was kept as {kept}"
                                           if kept else ""))
    return 0


# -- the board, custody of originals, follow-ups ------------------------------------------


def _iso_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date YYYY-MM-DD") from None


def cmd_board(args: argparse.Namespace) -> int:
    from app.services.board import get_board
    from app.services.board_export import board_json, board_tables

    board = get_board(_db(args), args.user)
    if args.json:
        _print_json(board_json(board))
        return 0
    print(f"board at {board.at.astimezone():%Y-%m-%d %H:%M}")
    for table in board_tables(board):
        print(f"\n{table.title}")
        print("  " + " | ".join(table.headers))
        for row in table.rows:
            print("  " + " | ".join(str(v) for v in row))
    return 0


def cmd_board_export(args: argparse.Namespace) -> int:
    from app.services.board_export import export_csv, export_pdf
    from app.services.outputs import check_output_folder

    if args.pdf is not None:
        _check_output(args, args.pdf, "--pdf")
    else:  # Path("") would be the current folder: an empty name is refused first
        check_output_folder(args.csv, protected=_protected(args), field="--csv")
    db = _db(args)
    if args.csv is not None:
        for path in export_csv(db, args.user, Path(args.csv), force=args.force):
            print(path)
        return 0
    export_pdf(db, args.user, deliver=lambda pdf: _write(args, args.pdf, pdf, "--pdf"))
    print(f"board report written to {args.pdf}")
    return 0


def cmd_reminders(args: argparse.Namespace) -> int:
    from app.services.follow_up import reminders

    day = reminders(_db(args), args.user, args.date)
    if args.json:
        _print_json(_plain_json(day))
        return 0
    print(f"{day.on} {day.who or 'everyone'}")
    for v in day.visits:
        late = f", {v.days_late} day(s) late" if v.days_late else ""
        print(f"  visit      {v.number}  {v.customer}  {v.phone}  due {v.due_on}{late}  "
              f"({v.consultant})")
    for r in day.repayments:
        print(f"  repayment  {r.number}  {r.customer}  {r.phone}  instalment {r.period} "
              f"{_yuan(r.payment)} due {r.due_date} (in {r.days_ahead} day(s))  ({r.consultant})")
    for c in day.stuck:
        print(f"  stuck      {c.number}  {c.customer}  {c.step} for {c.days} days  "
              f"{c.missing_zh or c.missing}  ({c.consultant})")
    if not (day.visits or day.repayments or day.stuck):
        print("  nothing due")
    return 0


def cmd_queue(args: argparse.Namespace) -> int:
    from app.services.queues import my_queue

    queue = my_queue(_db(args), args.user)
    if args.json:
        _print_json(_plain_json(queue))
        return 0
    print(f"{queue.who} ({queue.role}): {len(queue.entries)} waiting, oldest first")
    for e in queue.entries:
        print(f"  {e.since.astimezone():%Y-%m-%d}  {e.number}  {e.customer}  {e.step}  "
              f"{e.what.zh}  ({e.why.zh})")
    if not queue.entries:
        print("  nothing waiting")
    return 0


def _plain_json(value: Any) -> Any:
    import dataclasses
    from datetime import datetime
    from decimal import Decimal

    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain_json(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, list | tuple):
        return [_plain_json(v) for v in value]
    if isinstance(value, datetime):
        return value.astimezone().isoformat(timespec="seconds")
    if isinstance(value, date | Decimal):
        return str(value)
    return value


def cmd_custody_out(args: argparse.Namespace) -> int:
    from app.services.custody import check_out

    check_out(_db(args), args.user, args.number, args.kind, to=args.to, party=args.party,
              purpose=args.purpose or "")
    print(f"{args.number}: {args.kind} checked out to {args.to}")
    return 0


def cmd_custody_in(args: argparse.Namespace) -> int:
    from app.services.custody import check_in

    days = check_in(_db(args), args.user, args.number, args.kind, party=args.party)
    print(f"{args.number}: {args.kind} back after {days} day(s)")
    return 0


def cmd_custody_list(args: argparse.Namespace) -> int:
    from app.services.common import now
    from app.services.custody import list_out

    at = now()
    out = list_out(_db(args), args.user)
    if args.json:
        _print_json([{**_plain_json(o), "days_out": o.days_out(at)} for o in out])
        return 0
    for o in out:
        print(f"{o.number}  {o.customer}  {o.title.zh}  with {o.holder} since "
              f"{o.out_at.astimezone():%Y-%m-%d} ({o.days_out(at)} days)  {o.purpose}")
    if not out:
        print("no originals out")
    return 0


def cmd_follow_up_done(args: argparse.Namespace) -> int:
    from app.services.follow_up import record_visit

    record_visit(_db(args), args.user, args.number, result=args.result,
                 review_given=args.review)
    print(f"{args.number}: follow-up visit recorded")
    return 0



def cmd_gui(args: argparse.Namespace) -> int:
    from app.ui.main import run

    code: int = run(config.database_url(args.db), args.user_given)
    return code


# -- parser ------------------------------------------------------------------------------


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        print(_line(f"loandesk: usage error: {message}"), file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


def cmd_ocr(args: argparse.Namespace) -> int:
    """Read one side of an ID card (the optional `ocr` extra); no database is touched."""
    from app.documents.id_card_ocr import BACK_FIELDS, FRONT_FIELDS, Side
    from app.documents.ocr_engine import load_image, not_installed, ocr_available, read_id_card

    if args.kind == "bank_statement":
        return _income_proposal(args)
    if not ocr_available():
        raise not_installed()
    _regular_file(args.file)
    side = Side(args.kind)
    reading = read_id_card(load_image(Path(args.file)), side)
    names = FRONT_FIELDS if side is Side.FRONT else BACK_FIELDS
    if args.json:
        _print_json({"kind": side.value, "is_id_card": reading.is_card,
                     "problem": reading.problem.en if reading.problem else None,
                     "fields": {name: {"value": field.value,
                                       "confidence": round(field.confidence, 3),
                                       "problem": field.problem.en if field.problem else None}
                                for name, field in reading.fields.items()}})
    elif reading.problem is not None:
        print(_line(reading.problem.en))
    else:
        for name in names:
            field = reading.fields.get(name)
            if field is None:
                print(f"{name:<18} (not read)")
            elif field.problem is not None:
                print(_line(f"{name:<18} (refused: {field.problem.en})"))
            else:
                print(_line(f"{name:<18} {field.value}  [{field.confidence:.2f}]"))
    return 0 if reading.is_card else EXIT_REFUSED


def _income_proposal(args: argparse.Namespace) -> int:
    """Credits per month from a statement PDF's text layer, for the consultant to confirm."""
    from decimal import Decimal

    from app.documents.bank_statement import propose_income
    from app.documents.imaging import read_upload

    _regular_file(args.file)
    proposal = propose_income(read_upload(Path(args.file)), owner=args.owner or "")
    if args.json:
        _print_json({"kind": "bank_statement", "income": proposal.content(),
                     "credits": proposal.credits,
                     "problem": proposal.problem.en if proposal.problem else None,
                     "excluded": [{"date": e.day.isoformat(), "amount": format(e.amount, "f"),
                                   "why": e.why.en} for e in proposal.excluded]})
    elif proposal.problem is not None:
        print(_line(proposal.problem.en))
    else:
        for month, amount in proposal.content().items():
            print(f"{month}  {Decimal(amount):>14,.2f}")
        for e in proposal.excluded:
            print(_line(f"left out {e.day}  {e.amount:,.2f}: {e.why.en}"))
    return EXIT_REFUSED if proposal.problem is not None else 0


def cmd_copy_to(args: argparse.Namespace) -> int:
    from app.services.copy_across import copy_across, shown

    line = ProgressLine("rows copied")
    done = copy_across(_db(args), args.user, args.url,
                       progress=lambda _table, rows, total: line(rows, total))
    line.finish()
    print(f"copied {sum(done.rows.values())} rows into {_line(shown(args.url))} and verified "
          f"there; its audit key: {done.key_path} (every workstation of it needs that file)")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="loandesk", description="LoanDesk: car loans at the dealership desk. "
                     "Without a command the desktop application opens.")
    parser.add_argument("--db", help=f"database URL (default: ${config.DB_ENV} or the embedded "
                        "SQLite file in the user data directory)")
    parser.add_argument("--user", help="act as this user (default: $LOANDESK_USER or admin)")
    parser.add_argument("--password-file", help=f"the user's password (default: "
                        f"${PASSWORD_ENV}, else typed at the terminal)")
    parser.add_argument("--version", action=_Version)
    parser.set_defaults(handler=cmd_gui, search=None, step=None, consultant=None,
                        stuck_days=None, waiting_for=None, limit=50, json=False)
    sub = parser.add_subparsers(title="commands", parser_class=_Parser)

    def command(name: str, handler: Handler, help_: str,
                into: Any = sub) -> argparse.ArgumentParser:
        p: argparse.ArgumentParser = into.add_parser(name, help=help_, description=help_)
        p.set_defaults(handler=handler)
        return p

    command("init", cmd_init, "create or upgrade the database (safe to repeat)")
    p = command("demo", cmd_demo, "fill the database with demo cases over all ten steps")
    p.add_argument("--cases", type=int, default=30, help="how many cases (default 30)")

    case = command("case", _help_of(parser, "case"), "cases: new, list, show, set")
    case_sub = case.add_subparsers(title="case commands", parser_class=_Parser)
    p = command("new", cmd_case_new, "create a case from JSON and print it", case_sub)
    p.add_argument("--json", required=True, metavar="FILE", help="the case as JSON (- = stdin)")
    p = command("list", cmd_case_list, "list cases", case_sub)
    p.add_argument("--search", help="name, case number, phone/ID/VIN tail or plate")
    p.add_argument("--step", help="only cases at this step (step id, or done)")
    p.add_argument("--consultant", help="only this consultant's cases (sign-in name)")
    p.add_argument("--stuck-days", type=int, help="only cases in their step this many days")
    p.add_argument("--waiting-for", metavar="ROLE", help="only cases with work waiting for "
                   "this role (consultant, finance, info_clerk, credit_officer, ...)")
    p.add_argument("--limit", type=int, default=50)
    p.add_argument("--json", action="store_true")
    p = command("show", cmd_case_show, "a case's facts, steps and checklist", case_sub)
    p.add_argument("number")
    p.add_argument("--json", action="store_true")
    p.add_argument("--reveal", action="store_true", help="full ID numbers (audited; "
                   "consultants, credit officers, finance and managers only)")
    p = command("set", cmd_case_set, "change fields, e.g. customer.phone=13912345678", case_sub)
    p.add_argument("number")
    p.add_argument("changes", nargs="+", metavar="FIELD=VALUE")
    p.add_argument("--clear-spouse", action="store_true", help="erase the spouse's data "
                   "(needed when the marital status stops being married)")

    doc = command("doc", _help_of(parser, "doc"), "documents: add, list, set, remove")
    doc_sub = doc.add_subparsers(title="doc commands", parser_class=_Parser)
    p = command("add", cmd_doc_add, "add files as the pages of one document", doc_sub)
    p.add_argument("number")
    p.add_argument("kind")
    p.add_argument("files", nargs="*", metavar="FILE")
    p.add_argument("--party", choices=("customer", "spouse", "none"))
    p.add_argument("--set", action="append", metavar="NAME=VALUE",
                   help="content read off the document, e.g. id_number=…, income.2026-05=8500")
    p = command("list", cmd_doc_list, "a case's documents", doc_sub)
    p.add_argument("number")
    p.add_argument("--json", action="store_true")
    p = command("set", cmd_doc_set, "record what a document says", doc_sub)
    p.add_argument("document", type=int)
    p.add_argument("values", nargs="+", metavar="NAME=VALUE")
    p = command("remove", cmd_doc_remove, "take a document out of its case", doc_sub)
    p.add_argument("document", type=int)
    p.add_argument("--reason", default="")

    p = command("export", cmd_doc_export, "write a kind's pages as JPEG (ID cards "
                "watermarked)", doc_sub)
    p.add_argument("number")
    p.add_argument("kind")
    p.add_argument("-o", "--output", required=True, metavar="DIR")
    p.add_argument("--force", action="store_true", help="replace existing files (never the "
                   "database)")

    p = command("dossier", cmd_dossier, "the credit dossier as one PDF (step 4)")
    p.add_argument("number")
    p.add_argument("-o", "--output", required=True, metavar="FILE.pdf")
    p.add_argument("--force", action="store_true", help="replace an existing file (never the "
                   "database)")
    p.add_argument("--draft", action="store_true", help="even if documents are missing "
                   "(marked 草稿 DRAFT on every page)")

    form = command("form", _help_of(parser, "form"), "printable forms: list, render, receipt")
    form_sub = form.add_subparsers(title="form commands", parser_class=_Parser)
    p = command("list", cmd_form_list, "the forms and their copies", form_sub)
    p.add_argument("--json", action="store_true")
    p = command("render", cmd_form_render, "issue a form as PDF (a serial is recorded; a "
                "second time it is a reprint, 补打)", form_sub)
    p.add_argument("number")
    p.add_argument("form")
    p.add_argument("-o", "--output", required=True, metavar="FILE.pdf")
    p.add_argument("--force", action="store_true", help="replace an existing file (never the "
                   "database)")
    p.add_argument("--copy", help="only this copy (e.g. red, green)")
    p.add_argument("--draft", action="store_true", help="a preview marked 草稿 DRAFT; "
                   "nothing recorded, gates not applied")
    p.add_argument("--overlay", action="store_true", help="套打: only the values, at the "
                   "positions the form file declares, for pre-printed stationery")
    p = command("calibration", cmd_form_calibration, "a millimetre grid on the form's paper "
                "to measure the printer's offset", form_sub)
    p.add_argument("--form", required=True, metavar="ID")
    p.add_argument("-o", "--output", required=True, metavar="FILE.pdf")
    p.add_argument("--force", action="store_true", help="replace an existing file")
    p = command("receipt", cmd_form_receipt, "confirm you received a copy", form_sub)
    p.add_argument("serial")
    p.add_argument("copy")

    task = command("task", _help_of(parser, "task"), "tasks and decisions: done, undo")
    task_sub = task.add_subparsers(title="task commands", parser_class=_Parser)
    p = command("done", cmd_task_done, "mark a task done (e.g. credit_decision "
                "--set result=approved)", task_sub)
    p.add_argument("number")
    p.add_argument("task")
    p.add_argument("--note")
    p.add_argument("--set", action="append", metavar="NAME=VALUE")
    p = command("undo", cmd_task_undo, "take back a task recorded by mistake", task_sub)
    p.add_argument("number")
    p.add_argument("task")
    p.add_argument("--reason", required=True)

    gate = command("gate", _help_of(parser, "gate"), "hard gates")
    gate_sub = gate.add_subparsers(title="gate commands", parser_class=_Parser)
    p = command("override", cmd_gate_override, "a manager opens a gate, with a reason",
                gate_sub)
    p.add_argument("number")
    p.add_argument("gate")
    p.add_argument("--reason", required=True)

    p = command("schedule", cmd_schedule, "repayment schedule, total interest and APR")
    p.add_argument("number")
    p.add_argument("--json", action="store_true")

    lender = command("lender", _help_of(parser, "lender"), "lenders: add, list")
    lender_sub = lender.add_subparsers(title="lender commands", parser_class=_Parser)
    p = command("add", cmd_lender_add, "add a lender", lender_sub)
    p.add_argument("name")
    p.add_argument("--max-ltv", metavar="FRACTION", help="self-use loan-to-value limit (0.80)")
    p.add_argument("--max-term", type=int, metavar="MONTHS", help="longest term (60)")
    p.add_argument("--income-multiple", help="income ≥ this × monthly payment (2)")
    p = command("set", cmd_lender_set, "change a lender's limits, or stop offering it "
                "(--active no)", lender_sub)
    p.add_argument("name")
    p.add_argument("--max-ltv", metavar="FRACTION")
    p.add_argument("--max-ltv-new-energy", metavar="FRACTION")
    p.add_argument("--max-term", type=int, metavar="MONTHS")
    p.add_argument("--income-multiple")
    p.add_argument("--active", choices=("yes", "no"))
    p = command("list", cmd_lender_list, "list lenders", lender_sub)
    p.add_argument("--json", action="store_true")

    user = command("user", _help_of(parser, "user"), "users: add, list")
    user_sub = user.add_subparsers(title="user commands", parser_class=_Parser)
    p = command("add", cmd_user_add, "add a user", user_sub)
    p.add_argument("name", help="sign-in name, e.g. wang.fang")
    p.add_argument("display_name", help="the name people read, e.g. 王芳")
    p.add_argument("role")
    p.add_argument("--phone")
    p.add_argument("--new-password-file", help=f"the new user's password (or ${NEW_PASSWORD_ENV}"
                   ", or typed)")
    p = command("password", cmd_user_password, "set a user's password (administrators: "
                "anyone's; everyone: their own)", user_sub)
    p.add_argument("name")
    p.add_argument("--new-password-file", help=f"the new password (or ${NEW_PASSWORD_ENV}, "
                   "or typed)")
    p = command("change", cmd_user_change, "change a user's role, or switch the account "
                "off (--active no) or on", user_sub)
    p.add_argument("name")
    p.add_argument("--role")
    p.add_argument("--active", choices=("yes", "no"))
    p = command("list", cmd_user_list, "list users", user_sub)
    p.add_argument("--json", action="store_true")

    p = command("backup", cmd_backup, "write a verified backup of the whole database")
    p.add_argument("file")
    p = command("restore", cmd_restore, "replace the database with a backup (verified first)")
    p.add_argument("file")
    p.add_argument("--yes", action="store_true", help="confirm: this replaces everything")

    board = command("board", cmd_board, "the dealership's board: steps, stuck cases, "
                    "contracts in transit, funding time, originals out")
    board.add_argument("--json", action="store_true")
    board_sub = board.add_subparsers(title="board commands", parser_class=_Parser)
    p = command("export", cmd_board_export, "the board's tables as CSV files or a PDF "
                "report", board_sub)
    target = p.add_mutually_exclusive_group(required=True)
    target.add_argument("--csv", metavar="DIR", help="write board-*.csv (UTF-8 with BOM)")
    target.add_argument("--pdf", metavar="FILE", help="write the report for the meeting")
    p.add_argument("--force", action="store_true", help="replace existing files (never the "
                   "database)")

    p = command("queue", cmd_queue, "the work waiting for you, oldest first (every role's "
                "home in the desktop application)")
    p.add_argument("--json", action="store_true")

    p = command("reminders", cmd_reminders, "today's list: follow-up visits, repayment "
                "reminders, stuck cases (a consultant's own; a manager's everyone's)")
    p.add_argument("--date", type=_iso_date, help="the day (YYYY-MM-DD, default today)")
    p.add_argument("--json", action="store_true")

    custody = command("custody", _help_of(parser, "custody"),
                      "originals out of the dealership: out, in, list")
    custody_sub = custody.add_subparsers(title="custody commands", parser_class=_Parser)
    p = command("out", cmd_custody_out, "check an original out to a person", custody_sub)
    p.add_argument("number")
    p.add_argument("kind", help="conformity_certificate, id_card or vehicle_invoice")
    p.add_argument("--to", required=True, metavar="PERSON", help="who takes it")
    p.add_argument("--party", choices=("customer", "spouse"), help="whose ID card")
    p.add_argument("--purpose", help="e.g. 抵押登记")
    p = command("in", cmd_custody_in, "an original is back", custody_sub)
    p.add_argument("number")
    p.add_argument("kind")
    p.add_argument("--party", choices=("customer", "spouse"), help="whose ID card")
    p = command("list", cmd_custody_list, "what is out, with whom, for how long",
                custody_sub)
    p.add_argument("--json", action="store_true")

    follow = command("follow-up", _help_of(parser, "follow-up"), "visits after delivery")
    follow_sub = follow.add_subparsers(title="follow-up commands", parser_class=_Parser)
    p = command("done", cmd_follow_up_done, "record the visit after delivery", follow_sub)
    p.add_argument("number")
    p.add_argument("--result", required=True, help="what the customer said")
    p.add_argument("--review", action="store_true", help="the customer left a review")

    audit = command("audit", _help_of(parser, "audit"), "the audit trail: verify, list")
    audit_sub = audit.add_subparsers(title="audit commands", parser_class=_Parser)
    command("verify", cmd_audit_verify, "check that no audit row was changed or removed",
            audit_sub)
    p = command("list", cmd_audit_list, "a case's history", audit_sub)
    p.add_argument("number")
    p.add_argument("--json", action="store_true")
    p = command("ocr", cmd_ocr, "read an ID card photo or scan (needs loandesk[ocr]), or "
                "propose income per month from a bank statement PDF")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--kind", required=True,
                   choices=["id_card_front", "id_card_back", "bank_statement"])
    p.add_argument("--owner", help="bank_statement: the account holder's name (credits from "
                   "them are transfers between own accounts)")
    p.add_argument("--json", action="store_true")

    from app.cli_scan import add_commands as add_scan_commands  # cover, inbox

    add_scan_commands(command, parser)
    from app.cli_client import add_commands as add_server_commands  # server start|stop|status

    add_server_commands(command, lambda name: _help_of(parser, name))
    p = command("copy-to", cmd_copy_to, "copy every table into a new, empty database (e.g. a "
                "PostgreSQL server for several workstations), verified there")
    p.add_argument("url", help="postgresql+psycopg://user@server/database (password: in the "
                   "URL or $PGPASSWORD) or sqlite:///FILE")
    return parser


class _Version(argparse._VersionAction):
    """--version, the installed version looked up only when asked: importlib.metadata is
    not cheap, and every other command would pay for it when the parser is built."""

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: Any, option_string: str | None = None) -> None:
        self.version = f"loandesk {config.version()}"
        super().__call__(parser, namespace, values, option_string)


def _help_of(parser: argparse.ArgumentParser, name: str) -> Handler:
    """`loandesk case` without a subcommand: its help on stderr, and the usage exit status."""
    def show_usage(_args: argparse.Namespace) -> int:
        try:
            with contextlib.redirect_stdout(sys.stderr):
                parser.parse_args([name, "--help"])
        except SystemExit:
            pass
        return EXIT_USAGE

    return show_usage


# Each calls `_db` before anything else that allocates much (see _collect_again).
_QUICK_STARTS: tuple[Handler, ...] = (cmd_case_list, cmd_form_render)


def main(argv: Sequence[str] | None = None) -> int:
    collecting = gc.isenabled()
    gc.disable()  # until the command is known (and, for _QUICK_STARTS, signed in)
    try:
        return _main(argv)
    finally:  # as it was: a program (or test) that calls main goes on collecting
        gc.unfreeze()
        if collecting:
            gc.enable()
        else:
            gc.disable()


def _main(argv: Sequence[str] | None) -> int:
    utf8_streams()
    parser = build_parser()
    args = parser.parse_args(argv)
    args.user_given = args.user
    args.user = args.user or os.environ.get("LOANDESK_USER") or "admin"
    if args.handler not in _QUICK_STARTS:
        _collect_again()
    try:
        code: int = args.handler(args)
        return code
    except UsageError as error:
        print(_line(f"loandesk: usage error: {error}"), file=sys.stderr)
        return EXIT_USAGE
    except InvalidInput as error:
        print(_line(f"loandesk: refused: {error}"), file=sys.stderr)
        return EXIT_REFUSED
    except BrokenPipeError:  # `loandesk case list | head`: the reader has had enough
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        print("loandesk: interrupted; nothing half-done was saved", file=sys.stderr)
        return 130
    except Exception as error:  # a bug, a full disk, a dead library: log it, say one line
        return _failed(error, args, argv)


def _failed(error: Exception, args: argparse.Namespace, argv: Sequence[str] | None) -> int:
    """An error that is not a refusal, said in one line. SQLAlchemy's kinds are looked up
    only when SQLAlchemy was imported at all (a command that never opened the database
    cannot have raised one, and --help must not pay for importing it)."""
    from app.errorlog import log_unexpected

    sa_errors = sys.modules.get("sqlalchemy.exc")
    if sa_errors is not None and isinstance(error, sa_errors.OperationalError):
        # The server is down or the file cannot be opened: like DatabaseUnavailable, a
        # condition to fix and retry (exit 1), said in one line with the password masked.
        first = (str(error.orig or error).strip().splitlines() or [""])[0]
        print(_line(f"loandesk: refused: database: cannot be reached at {_shown_db(args)} "
                    f"({_masked(first, args)}); nothing was saved"), file=sys.stderr)
        return EXIT_REFUSED
    if sa_errors is not None and isinstance(error, sa_errors.SQLAlchemyError):
        # Not the user's mistake, but still no traceback: say what failed and where (the
        # password masked), with the details in the log.
        line = log_unexpected(error, _shown_argv(argv))
        first = (str(error).splitlines() or [""])[0]
        print(_line(f"loandesk: database error ({_shown_db(args)}): {_masked(first, args)}; "
                    f"{line.partition('; ')[2]}"), file=sys.stderr)
        return EXIT_UNEXPECTED
    print(_line(f"loandesk: {_masked(log_unexpected(error, _shown_argv(argv)), args)}"),
          file=sys.stderr)
    return EXIT_UNEXPECTED


def utf8_streams() -> None:
    """UTF-8 on stdout and stderr whatever the console code page or PYTHONIOENCODING says:
    a Chinese Windows would otherwise write GBK, which garbles `--json` for its reader and
    cannot write a name such as 𠮷 at all. stdin too, when it is a pipe (`case new --json -`
    reads a UTF-8 file). The error handlers stay as they were (strict on stdout: UTF-8 can
    write every character; stderr already escapes what it cannot)."""
    import codecs

    for stream in (sys.stdout, sys.stderr, sys.stdin):
        if not isinstance(stream, io.TextIOWrapper):
            continue  # replaced by a test harness or an embedding program: theirs to choose
        with contextlib.suppress(ValueError, LookupError, io.UnsupportedOperation):
            if stream is sys.stdin and stream.isatty():
                continue  # typed text: the console's own encoding is right
            if codecs.lookup(stream.encoding).name != "utf-8":
                stream.reconfigure(encoding="utf-8")


class ProgressLine:
    """`done/total WHAT` on stderr, rewritten in place, only when stderr is a terminal: a
    log file or a pipe gets no half-lines joined by carriage returns."""

    def __init__(self, what: str) -> None:
        self.what = what
        self.shown = sys.stderr.isatty()
        self.written = False

    def __call__(self, done: int, total: int) -> None:
        if self.shown:
            print(f"\r{done}/{total} {self.what}", end="", file=sys.stderr, flush=True)
            self.written = True

    def finish(self) -> None:
        if self.written:
            print(file=sys.stderr)  # the line ends, so what follows starts on its own


def _line(text: str) -> str:
    """A message as one safe line: what was typed is quoted in it, and a newline, an escape
    sequence or a right-to-left override in a name must neither break the line nor drive
    the terminal. Such characters are shown as \\uXXXX."""
    import unicodedata

    return "".join(
        f"\\u{ord(c):04x}" if unicodedata.category(c) in ("Cc", "Cf", "Cs", "Zl", "Zp")
        else c for c in text)


def _shown_db(args: argparse.Namespace) -> str:
    try:
        return config.shown_url(config.database_url(args.db))
    except InvalidInput:
        return "(no database)"


def _masked(text: str, args: argparse.Namespace) -> str:
    """A driver's message may quote the URL it was given: never with its password."""
    from sqlalchemy.engine import make_url

    raw = args.db or os.environ.get(config.DB_ENV) or ""
    try:
        password = make_url(raw).password if raw else None
    except Exception:  # not a URL at all: nothing to mask
        password = None
    return text.replace(str(password), "***") if password else text


def _shown_argv(argv: Sequence[str] | None) -> str:
    """The command, for the log, without what may be secret (a --db URL's password)."""
    words = list(argv if argv is not None else sys.argv[1:])
    return " ".join(config.shown_url(w) if "://" in w else w for w in words)


def run() -> NoReturn:
    """The `loandesk` command (its console script, `python -m app`, `python -m app.cli`):
    served by the command server when it can be (app.cli_client), else run here."""
    from app.cli_client import run as run_served_or_here

    run_served_or_here()


def leave(code: int) -> NoReturn:
    """Exit with `code` without the interpreter's tear-down, which frees every object of
    SQLAlchemy, ReportLab and the models one by one: a sixth of a second of a quick command
    spent after its work is done. What must happen at exit still does: the output is
    flushed and the exit handlers run (logging's, the resources' temporary files). After
    the desktop (Qt saves what it holds in its objects' destructors) or with a thread of
    ours still running, Python exits the usual way."""
    import threading

    others = [t for t in threading.enumerate()
              if t is not threading.main_thread() and not t.daemon and t.is_alive()]
    if "PySide6.QtCore" in sys.modules or others:
        raise SystemExit(code)
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):  # a closed pipe (`| head`) has had enough
            stream.flush()
    import atexit

    atexit._run_exitfuncs()
    os._exit(code)


if __name__ == "__main__":
    run()
