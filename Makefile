# Everything starts from python3 and make: the virtual environment is made here.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip install --quiet --disable-pip-version-check

.PHONY: deck test clean

deck: $(VENV)/runtime.stamp
	$(BIN)/python build_deck.py notes -o dist/Deep_Learning.apkg

# On every core (pytest-xdist); tests that share an expensive module fixture are one xdist_group.
test: $(VENV)/test.stamp
	$(BIN)/python -m pytest -n auto --dist loadgroup

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
