"""The bundle's entry point: the `loandesk` command (no arguments: the desktop application).

A windowed Windows executable has no console, so sys.stdout/sys.stderr are None and the
first print() would crash the application; they are pointed at the null device instead.
"""

import os
import sys

for _name in ("stdout", "stderr"):
    if getattr(sys, _name) is None:
        setattr(sys, _name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115

from app.cli_client import run  # noqa: E402  (served by the command server when it can be)

run()
