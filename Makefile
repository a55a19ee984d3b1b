# Everything starts from python3 and make: the virtual environment is made here.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip install --quiet --disable-pip-version-check
# mkdocs-material prints a banner about its future on every build: not this repository's concern.
export NO_MKDOCS_2_WARNING := 1

.PHONY: deck test docs clean

deck: $(VENV)/runtime.stamp
	$(BIN)/python build_deck.py notes -o dist/Deep_Learning.apkg

# On every core (pytest-xdist); tests that share an expensive module fixture are one xdist_group.
# Then the docs site, strictly: a broken link or a page left out of the nav fails the run.
# (Not --quiet: in mkdocs 1.6.1 it hides the warnings from --strict too, and the build passes.)
test: $(VENV)/test.stamp
	$(BIN)/python -m pytest -n auto --dist loadgroup
	$(BIN)/python -m mkdocs build --strict --site-dir build/site-check

# The documentation site (mkdocs.yml, docs/) into build/site: open build/site/index.html.
docs: $(VENV)/test.stamp
	$(BIN)/python -m mkdocs build --strict --site-dir build/site

$(VENV)/created.stamp:
	$(PYTHON) -m venv $(VENV)
	touch $@

$(VENV)/runtime.stamp: pyproject.toml $(VENV)/created.stamp
	$(PIP) -e .
	touch $@

$(VENV)/test.stamp: pyproject.toml $(VENV)/created.stamp
	$(PIP) -e '.[test]'
	touch $@ $(VENV)/runtime.stamp

clean:
	rm -rf $(VENV) dist build *.egg-info
