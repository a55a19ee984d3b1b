"""Installed like any Python tool, on any OS: the wheel, the command's names, no POSIX-only modules."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from notedeck import __version__
from notedeck.output import filenames

from ..conftest import ROOT, Anki, run_cli, run_main

EPOCH = {"SOURCE_DATE_EPOCH": "1764000000"}
# Modules that exist only on POSIX systems: importing any of them on a build's path fails on Windows.
POSIX_ONLY = ("fcntl", "termios", "tty", "pty", "pwd", "grp", "resource", "syslog", "crypt", "spwd", "nis",
              "posix", "_posixsubprocess", "_posixshmem")


def _env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "SOURCE_DATE_EPOCH")}


# One worker builds and installs the wheel once (the module's fixture): two at once would share the
# checkout's build/ folder (pytest-xdist).
pytestmark = pytest.mark.xdist_group("install")


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment with the wheel built from this checkout installed, as pip users get it."""
    where = tmp_path_factory.mktemp("install")
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(where / "wheels"),
                    str(ROOT)], check=True, capture_output=True, env=_env())
    wheel, = (where / "wheels").glob("notedeck-*.whl")
    venv.create(where / "venv", with_pip=True)
    python = where / "venv" / ("Scripts" if os.name == "nt" else "bin") / "python"
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", str(wheel)],
                   check=True, capture_output=True, env=_env())
    return python


def test_the_installed_wheel_builds_the_same_deck_from_another_folder(installed: Path, tmp_path: Path,
                                                                      anki: Anki) -> None:
    # A learner's folder, far from this checkout: the seed notes and their state.
    home = tmp_path / "elsewhere"
    shutil.copytree(ROOT / "notes", home / "my-notes")
    notedeck = installed.parent / "notedeck"
    proc = subprocess.run([str(notedeck), "my-notes", "-o", "out.apkg"], cwd=home, capture_output=True, text=True,
                          env={**_env(), **EPOCH})
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[0].startswith("Built out.apkg: 24 notes, 24 cards, 28 media files")
    # The same bytes as the checkout builds from the same notes and state: nothing came from the repository.
    # The checkout's own build_deck.py, a process as the installed command is: the same bytes.
    assert run_cli(str(ROOT / "notes"), "-o", str(tmp_path / "repo.apkg"), "--state",
                   str(home / "my-notes" / "deck-state.json"), cwd=tmp_path, env=EPOCH).code == 0
    assert (home / "out.apkg").read_bytes() == (tmp_path / "repo.apkg").read_bytes()
    log = anki.import_apkg(home / "out.apkg")
    assert len(log.new) == 24
    note = anki.notes()["Long Short-Term Memory"]
    assert "notedeck term v1" == note.note_type()["name"] and "nd-term" in note.note_type()["tmpls"][0]["qfmt"]


def test_the_installed_command_names_itself_and_its_version(installed: Path, tmp_path: Path) -> None:
    notedeck = installed.parent / "notedeck"
    version = subprocess.run([str(notedeck), "--version"], capture_output=True, text=True, cwd=tmp_path)
    assert version.stdout == f"notedeck {__version__}\n"
    for command in ([str(notedeck), "--help"], [str(installed), "-m", "notedeck", "--help"]):
        out = subprocess.run(command, capture_output=True, text=True, cwd=tmp_path, check=True).stdout
        assert out.startswith("usage: notedeck [-h] [--version]"), out


def test_python_m_notedeck_and_build_deck_py_are_the_same_command(workdir: Path) -> None:
    module = subprocess.run([sys.executable, "-m", "notedeck", "--version"], capture_output=True, text=True,
                            cwd=workdir)
    assert module.stdout == f"notedeck {__version__}\n"
    # build_deck.py itself (a process): the name it gives itself is what this test is about.
    assert run_cli("--help", cwd=workdir).out.startswith("usage: build_deck.py [-h] [--version]")
    built = subprocess.run([sys.executable, "-m", "notedeck", "-o", "m.apkg"], capture_output=True, text=True,
                           cwd=workdir, env={**_env(), **EPOCH})
    assert built.returncode == 0, built.stderr
    assert run_cli("-o", "s.apkg", cwd=workdir, env=EPOCH).code == 0
    assert (workdir / "m.apkg").read_bytes() == (workdir / "s.apkg").read_bytes()


_BLOCK = f"""
import sys, warnings
for name in {POSIX_ONLY[:-3]!r}:
    sys.modules[name] = None  # import fails, as on Windows
# Without fcntl, filelock falls back to its soft lock here; on Windows it uses msvcrt's real one.
warnings.filterwarnings("ignore", "only soft file lock is available")
from notedeck.cli import main
sys.exit(main(sys.argv[1:]))
"""


def test_a_whole_build_runs_without_any_posix_only_module(workdir: Path) -> None:
    proc = subprocess.run([sys.executable, "-c", _BLOCK, "notes", "-o", "blocked.apkg"], cwd=workdir,
                          capture_output=True, text=True, env={**_env(), **EPOCH})
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    assert run_main("-o", "normal.apkg", cwd=workdir, env=EPOCH).code == 0
    assert (workdir / "blocked.apkg").read_bytes() == (workdir / "normal.apkg").read_bytes()


def _unguarded_imports(tree: ast.AST) -> list[tuple[int, str]]:
    """Imports of POSIX-only modules that are not inside a ``try`` that catches ImportError."""
    guarded: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Try) and any(
                isinstance(h.type, ast.Name) and h.type.id in ("ImportError", "ModuleNotFoundError")
                for h in node.handlers):
            guarded.update(id(inner) for stmt in node.body for inner in ast.walk(stmt))
    found = []
    for node in ast.walk(tree):
        names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
            [node.module or ""] if isinstance(node, ast.ImportFrom) else []
        for name in names:
            if name.split(".")[0] in POSIX_ONLY and id(node) not in guarded:
                found.append((node.lineno, name))
    return found


def test_the_package_imports_no_posix_only_module_outside_a_guard() -> None:
    package = ROOT / "notedeck"
    offenders = {str(p.relative_to(ROOT)): found for p in sorted(package.rglob("*.py"))
                 if (found := _unguarded_imports(ast.parse(p.read_text(encoding="utf-8"))))}
    assert offenders == {}
    # The check itself finds what it looks for.
    assert _unguarded_imports(ast.parse("import fcntl\ntry:\n    import pwd\nexcept ImportError:\n    pass\n")) \
        == [(1, "fcntl")]


@pytest.mark.parametrize(("deck", "name"), [
    ("Q&A: what? <why>*", "Q&A_what_why.apkg"),
    ('Chapter 1 / "Intro" | Basics', "Chapter_1_Intro_Basics.apkg"),
    ("CON", "CON_.apkg"),
    ("lpt1", "lpt1_.apkg"),
    ("Deck. ", "Deck.apkg"),
    ("日本語の単語", "日本語の単語.apkg"),
])
def test_default_output_names_are_valid_on_windows(workdir: Path, deck: str, name: str) -> None:
    assert filenames.package_name(deck) == name
    run = run_main("--deck", deck, cwd=workdir, env=EPOCH)
    assert run.code == 0, run.err
    assert (workdir / "dist" / name).is_file()
    assert run.report.startswith(f"Built {Path('dist') / name}:")


def _text_writes(tree: ast.AST) -> list[int]:
    """Lines that write text without saying its line endings and encoding (Windows would write CRLF, cp1252)."""
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
        keywords = {k.arg for k in node.keywords}
        if name == "write_text" and not {"encoding", "newline"} <= keywords:
            found.append(node.lineno)
        elif name in ("open", "fdopen"):
            # open(path, mode) and os.fdopen(fd, mode); Path.open(mode)
            mode = node.args[0] if isinstance(func, ast.Attribute) and func.attr == "open" and node.args \
                else node.args[1] if node.args[1:2] else None
            if isinstance(mode, ast.Constant) and "b" not in str(mode.value) and set("wax") & set(str(mode.value)) \
                    and not {"encoding", "newline"} <= keywords:
                found.append(node.lineno)
    return found


def test_every_file_the_package_writes_has_unix_line_endings_and_utf8() -> None:
    offenders = {str(p.relative_to(ROOT)): found for p in sorted((ROOT / "notedeck").rglob("*.py"))
                 if (found := _text_writes(ast.parse(p.read_text(encoding="utf-8"))))}
    assert offenders == {}
    assert _text_writes(ast.parse("p.write_text(s)\nopen(p, 'w')\nopen(p, 'wb')\n"
                                  "p.write_text(s, encoding='utf-8', newline='\\n')")) == [1, 2]
