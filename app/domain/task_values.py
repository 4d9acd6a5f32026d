"""The values recorded with a task (an approval's result, an amount, a date, a plate)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from app.domain.errors import InvalidInput
from app.domain.money import to_money
from app.domain.procedure import Task
from app.domain.validators import validate_plate, validate_text


def validate_task_values(task_: Task, values: Mapping[str, str],
                         today: date | None = None) -> dict[str, str]:
    """Check every value against the task's fields; unknown names are refused. With `today`,
    the date of an event that happened (TaskField.past_only) may not lie after it."""
    known = {f.name: f for f in task_.fields}
    unknown = sorted(set(values) - set(known))
    if unknown:
        expected = ", ".join(known) if known else "no values for this task"
        raise InvalidInput(unknown[0], f"is not a value of task {task_.id}", expected,
                           zh=f"任务 {task_.id} 没有 {unknown[0]} 这一项")
    clean: dict[str, str] = {}
    for name, spec in known.items():
        raw = str(values.get(name, "")).strip()
        if not raw:
            if spec.required:
                raise InvalidInput(name, f"is required for task {task_.id}",
                                   spec.title.en, zh=f"请填写{spec.title.zh}")
            continue
        if spec.type == "money":
            amount = to_money(raw, name)
            if amount < 0 or (amount == 0 and not spec.zero_allowed):
                if spec.zero_allowed:
                    raise InvalidInput(name, f"{amount} is negative", "0 or more",
                                       zh=f"{spec.title.zh}不能为负数")
                raise InvalidInput(name, f"{amount} is not a positive amount", "more than 0",
                                   zh=f"{spec.title.zh}必须大于 0")
            clean[name] = format(amount, "f")
        elif spec.type == "date":
            try:
                day = date.fromisoformat(raw)
            except ValueError:
                raise InvalidInput(name, f"{raw!r} is not a date", "YYYY-MM-DD",
                                   zh=f"{spec.title.zh}格式应为 YYYY-MM-DD") from None
            if spec.past_only and today is not None and day > today:
                raise InvalidInput(name, f"{day} is in the future: {task_.title.en} records "
                                   "something that has happened", f"{today} or earlier",
                                   zh=f"{spec.title.zh} {day} 晚于今天，已发生的事项不能填写"
                                      f"将来的日期(最晚 {today})")
            clean[name] = day.isoformat()
        elif spec.type == "choice":
            if raw not in spec.choices:
                raise InvalidInput(name, f"{raw!r} is not a choice", " | ".join(spec.choices),
                                   zh=f"{spec.title.zh}应为 {' / '.join(spec.choices)} 之一")
            clean[name] = raw
        elif spec.type == "plate":
            clean[name] = validate_plate(raw, name)
        else:
            clean[name] = validate_text(raw, name, 500)
    return clean
