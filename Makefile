# Two commands do all set-up: `make demo` and `make test`. Both create .venv with a
# Python >= 3.12 found by scripts/find-python and install polsim with its dev extra, which
# holds every optional part (polsim[all]: the command line, sensitivity, Dask, EMA, MP4, the
# dashboard) and the test and documentation tools (the dashboard's front end completed from
# the npm registry, so the dashboard runs offline).
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.polsim-installed
export PIP_DISABLE_PIP_VERSION_CHECK := 1
# Matplotlib must not try to open a window on a headless machine.
export MPLBACKEND := Agg

.PHONY: venv demo test lint typecheck pytest bench test-fast clean docs workshop

venv: $(STAMP)

$(PY):
	@python=$$(sh scripts/find-python) || exit 1; \
	echo "creating $(VENV) with $$python"; \
	"$$python" -m venv $(VENV)

$(STAMP): $(PY) pyproject.toml
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	$(PY) scripts/solara-frontend.py
	@touch $(STAMP)

demo: $(STAMP)
	$(PY) -m polsim compare experiment=demo

lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

typecheck: $(STAMP)
	$(PY) -m mypy

# Two workers: the statistical tests are many independent simulations. Compiled kernels that
# spin-wait for work would starve the other worker on two cores: let idle threads sleep.
pytest test-fast: export OMP_WAIT_POLICY := PASSIVE
pytest: $(STAMP)
	@sh scripts/ensure-chromium
	$(PY) -m pytest -n 2 --dist loadgroup

test: lint typecheck pytest

test-fast: $(STAMP)
	$(PY) -m pytest -n 2 --dist loadgroup -m "not slow"

bench: $(STAMP)
	$(PY) -m benchmarks

# The documentation site (Sphinx, MyST): docs/*.md and the API reference from the docstrings,
# warnings as errors, no network. Open build/docs/index.html.
docs: $(STAMP)
	$(PY) -m sphinx -W --keep-going -q -b html docs build/docs

# The workshop's players (docs/workshops.md, Exercises): build/workshop/<exercise>.{en,nl}.html
workshop: $(STAMP)
	$(PY) scripts/workshop.py --out build/workshop

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache build *.egg-info
