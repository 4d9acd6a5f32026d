"""`python -m app` is the `loandesk` command."""

from app.cli import main

raise SystemExit(main())
