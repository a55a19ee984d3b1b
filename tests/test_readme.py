"""The README names the tests that prove each promise: every ``tests/…`` path it names exists."""

from __future__ import annotations

import ast
import re

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
# tests/x/y.py, tests/x/y.py::test_name, tests/data/z/, tests/data/valid/*.txt; and modules run with -m.
PATHS = re.compile(r"\btests/[\w./*<>-]*(?:::\w+)?")
MODULES = re.compile(r"-m (tests(?:\.\w+)+)")


def _named() -> list[str]:
    found = {m.group(0).rstrip(".") for m in PATHS.finditer(README) if "<" not in m.group(0)}
    found |= {m.group(1).replace(".", "/") + ".py" for m in MODULES.finditer(README)}
    return sorted(found)


def _exists(named: str) -> bool:
    path, _, test = named.partition("::")
    matches = list(ROOT.glob(path)) if "*" in path else [ROOT / path] if (ROOT / path).exists() else []
    if not matches:
        return False
    if not test:
        return True
    tree = ast.parse(matches[0].read_text(encoding="utf-8"))
    return any(isinstance(node, ast.FunctionDef) and node.name == test for node in tree.body)


def test_the_readme_names_tests_by_their_paths() -> None:
    named = _named()
    assert len(named) > 30 and "tests/end_to_end/test_install.py" in named  # the pattern finds them
    assert "tests/cli/test_main.py::test_bad_notes_are_reported_on_their_line_and_nothing_is_lost" in named


def test_every_tests_path_in_the_readme_exists() -> None:
    assert [named for named in _named() if not _exists(named)] == []


def test_a_path_that_is_not_there_is_caught() -> None:
    assert not _exists("tests/test_cli.py")
    assert not _exists("tests/cli/test_main.py::test_that_was_never_written")
    assert _exists("tests/data/valid/*.txt") and not _exists("tests/data/valid/*.nothing")
