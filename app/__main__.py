"""`python -m app` is the `loandesk` command (its client: app.cli_client imports only the
standard library before it knows the command runs here)."""

from app.cli_client import run

run()
