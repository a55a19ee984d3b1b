"""The README and the docs pages name the tests that prove each promise: every ``tests/…`` path they name exists.

And the README stays the first ten minutes: short, its links into ``docs/`` lead to files that
exist, and every page of ``docs/`` is in the site's nav (``mkdocs.yml``), so none is built and
never reached. ``make test`` also builds the site with ``mkdocs build --strict``.
"""

from __future__ import annotations

import ast
import re

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
DOCS = ROOT / "docs"
PAGES = {path.relative_to(ROOT).as_posix(): path.read_text(encoding="utf-8") for path in sorted(DOCS.rglob("*.md"))}
# tests/x/y.py, tests/x/y.py::test_name, tests/data/z/, tests/data/valid/*.txt; and modules run with -m.
PATHS = re.compile(r"\btests/[\w./*<>-]*(?:::\w+)?")
MODULES = re.compile(r"-m (tests(?:\.\w+)+)")
# [text](target) and ![alt](target): a Markdown link's target, up to a space, a ')' or an anchor.
LINKS = re.compile(r"!?\[[^\]]*\]\(([^)\s#]*)(?:#[^)\s]*)?\)")
SOURCES = re.compile(r"<img [^>]*\bsrc=\"([^\"#]+)\"")  # an HTML image, where the README sets its width
MAX_README_LINES = 200


def _named(text: str) -> list[str]:
    found = {m.group(0).rstrip(".") for m in PATHS.finditer(text) if "<" not in m.group(0)}
    found |= {m.group(1).replace(".", "/") + ".py" for m in MODULES.finditer(text)}
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


def _nav() -> set[str]:
    """The pages mkdocs.yml's nav lists (``- Title: page.md``), from the docs folder."""
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    nav = text[text.index("\nnav:"):]
    return set(re.findall(r":\s*([\w./-]+\.md)\s*$", nav, re.MULTILINE))


def test_the_readme_and_the_docs_name_tests_by_their_paths() -> None:
    named = _named(README + "".join(PAGES.values()))
    assert len(named) > 30 and "tests/end_to_end/test_install.py" in named  # the pattern finds them
    assert "tests/cli/test_main.py::test_bad_notes_are_reported_on_their_line_and_nothing_is_lost" in named


def test_every_tests_path_in_the_readme_exists() -> None:
    assert [named for named in _named(README) if not _exists(named)] == []


def test_every_tests_path_in_the_docs_exists() -> None:
    missing = {page: [n for n in _named(text) if not _exists(n)] for page, text in PAGES.items()}
    assert {page: names for page, names in missing.items() if names} == {}


def test_a_path_that_is_not_there_is_caught() -> None:
    assert not _exists("tests/test_cli.py")
    assert not _exists("tests/cli/test_main.py::test_that_was_never_written")
    assert _exists("tests/data/valid/*.txt") and not _exists("tests/data/valid/*.nothing")


def test_the_readme_is_short() -> None:
    assert len(README.splitlines()) <= MAX_README_LINES


def test_the_readme_s_relative_links_lead_to_files_that_exist() -> None:
    targets = [t for t in LINKS.findall(README) + SOURCES.findall(README)
               if t and "://" not in t and not t.startswith("mailto:")]
    assert any(t.startswith("docs/") for t in targets) and "docs/cards/cards-light.png" in targets  # both patterns
    assert [t for t in targets if not (ROOT / t).exists()] == []


def test_every_docs_page_is_in_the_nav() -> None:
    nav = _nav()
    assert "index.md" in nav and "changelog.md" in nav  # the pattern finds them
    pages = {name.removeprefix("docs/") for name in PAGES}
    assert sorted(pages - nav) == [] and sorted(nav - pages) == []


def test_a_link_and_a_page_that_are_not_there_are_caught() -> None:
    assert LINKS.findall("see [the page](docs/nothing.md#part) and ![a](docs/x.png)") == ["docs/nothing.md",
                                                                                          "docs/x.png"]
    assert SOURCES.findall('<img src="docs/none.png" width="5">') == ["docs/none.png"]
    assert not (ROOT / "docs/nothing.md").exists()


def _url(page: str) -> str:
    """Where mkdocs puts a page: ``x.md``, ``x/index.md`` and ``x/README.md`` are all ``x/``."""
    stem = page.removeprefix("docs/").removesuffix(".md")
    parent, _, name = stem.rpartition("/")
    return parent if name in ("index", "README") else stem


def test_no_two_pages_are_built_to_the_same_address() -> None:
    urls = [_url(page) for page in PAGES]
    assert sorted(u for u in set(urls) if urls.count(u) > 1) == []
    assert _url("docs/diagrams/README.md") == _url("docs/diagrams.md") == "diagrams"  # the clash it catches


def test_the_newest_release_in_the_changelog_is_the_version_the_command_prints() -> None:
    from notedeck import __version__

    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    releases = re.findall(r"^## \[(\d+\.\d+\.\d+)\] - \d{4}-\d{2}-\d{2}$", changelog, flags=re.M)
    assert releases and releases[0] == __version__, (releases[:2], __version__)
    assert f"[{__version__}]: " in changelog  # its link at the foot of the file
    # Every release whose package a test keeps is in the changelog.
    kept = {p.name for p in (ROOT / "tests" / "data" / "releases").iterdir() if p.is_dir()}
    assert kept <= set(releases), kept - set(releases)
