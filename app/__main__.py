"""`python -m app` is the `loandesk` command."""

from app.cli import run

run()
