# LoanDesk: `make run` opens the application, `make test` runs every check.
# Each target prepares .venv (and the Debian packages it needs) by itself on a fresh machine.

VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
QM     := resources/translations/loandesk_zh_CN.qm
TS     := resources/translations/loandesk_zh_CN.ts

.PHONY: run test test-pg lint bench translations translations-update setup clean mutation \
	wheel dist bundle-smoke

setup: $(STAMP)

$(STAMP): pyproject.toml scripts/setup-system.sh
	bash scripts/setup-system.sh
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev,postgres]'
	touch $(STAMP)

translations: $(STAMP)
	@if [ -f $(TS) ]; then $(VENV)/bin/pyside6-lrelease -silent $(TS) -qm $(QM); fi

# After changing UI strings: merge them into the .ts (then translate the unfinished ones).
translations-update: $(STAMP)
	$(VENV)/bin/pyside6-lupdate -extensions py app/ui -ts $(TS)

run: $(STAMP) translations
	$(VENV)/bin/loandesk

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy

test: $(STAMP) translations lint
	QT_QPA_PLATFORM=offscreen $(VENV)/bin/pytest -q

# The services, CLI and PostgreSQL-only tests against a throwaway PostgreSQL server.
test-pg: $(STAMP)
	scripts/with-test-postgres.sh $(VENV)/bin/pytest -q tests/services tests/cli tests/pg

bench: $(STAMP) translations
	for script in benchmarks/bench_*.py; do \
		case $$script in *bench_pg_*) continue;; esac; \
		echo "== $$script"; $(PY) $$script || exit 1; done
	echo "== benchmarks/bench_pg_concurrency.py"
	scripts/with-test-postgres.sh $(PY) benchmarks/bench_pg_concurrency.py
	echo "== benchmarks/bench_pg_scale.py (1,000,000 cases: seeding takes minutes)"
	scripts/with-test-postgres.sh $(PY) benchmarks/bench_pg_scale.py

# Mutation testing of the domain (not part of `make test`): mutmut changes app/domain/ one
# mutant at a time and runs the unit and service tests against each, then the share of
# mutants killed is printed. The whole domain takes hours on two cores; name modules to run
# a part:  make mutation MUTATE="app/domain/board.py app/domain/errors.py"
MUTATE ?= app/domain
mutation: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(VENV)/bin/mutmut run $(foreach m,$(MUTATE),"$(subst /,.,$(basename $(m:app/domain=app/domain/*.py)))*") || true
	$(PY) scripts/mutation_score.py $(filter %.py,$(MUTATE))

# The wheel, with forms, the compiled catalogue, the font and the icons inside (setup.py).
wheel: $(STAMP) translations
	rm -rf build/lib dist/*.whl
	$(PY) -m pip wheel --quiet --no-deps --wheel-dir dist .

# The one-folder bundle dist/LoanDesk/ for this machine (Windows: scripts/build-windows.ps1).
dist: $(STAMP) translations
	$(VENV)/bin/pyinstaller --noconfirm --log-level WARN --distpath dist \
		--workpath build/pyinstaller packaging/loandesk.spec

# The bundle run like a new workstation: init, demo, a form, the GUI (CI runs it).
bundle-smoke: dist
	scripts/bundle-smoke.sh dist/LoanDesk

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache mutants build dist
