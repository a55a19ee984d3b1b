"""Shared fixtures: a real Anki collection (Anki's own backend) and ways to run the CLI."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# A bounded run in `make test`; HYPOTHESIS_PROFILE=long for a thorough one on your machine.
# No example database in `make test`: its workers (pytest-xdist) would share one folder; the long profile keeps it.
settings.register_profile("default", max_examples=60, deadline=None, database=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("long", max_examples=5000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

ROOT = Path(__file__).resolve().parent.parent


def pytest_configure(config: pytest.Config) -> None:
    """Ctrl-C reaches the processes the tests start. A test runner started in the background (``&`` in a
    script, ``nohup``, some CI) ignores SIGINT, and a child inherits that: Python then installs no
    KeyboardInterrupt handler, and the --watch that tests/watching.py stops with Ctrl-C would never stop."""
    if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)


def pytest_collection_finish(session: pytest.Session) -> None:
    """``NOTEDECK_TEST_DELAY=SECONDS`` waits that long between collecting and running the tests, as a slow
    machine does: a test that took the time when its module was imported then fails (run it once after
    touching the clocks the tests use)."""
    if delay := os.environ.get("NOTEDECK_TEST_DELAY"):
        import time

        time.sleep(float(delay))
SEED = ROOT / "notes" / "deep_learning.txt"


@dataclass
class Run:
    code: int
    out: str
    err: str

    @property
    def report(self) -> str:
        """Standard output without the line naming the settings file the build used (there is one
        only when a settings file was found, or with --verbose)."""
        first, _, rest = self.out.partition("\n")
        return rest if first.startswith("Settings: ") else self.out


def run_cli(*args: str, cwd: Path, env: dict[str, str] | None = None) -> Run:
    """Run ``build_deck.py`` as a user does: a separate process in ``cwd``."""
    full_env = {k: v for k, v in os.environ.items() if k not in ("SOURCE_DATE_EPOCH", "PYTHONHASHSEED", "TZ")}
    full_env.update(env or {})
    proc = subprocess.run([sys.executable, str(ROOT / "build_deck.py"), *args], cwd=cwd, env=full_env,
                          capture_output=True, text=True)
    return Run(proc.returncode, proc.stdout, proc.stderr)


def run_main(*args: str, cwd: Path, env: dict[str, str] | None = None) -> Run:
    """Run the command in this process (``cli.main``), as ``run_cli`` does in another: the same
    arguments, folder and environment (the clock and hash-seed variables cleared first), its output
    captured. For everything but what needs a process of its own (install, --watch, signals)."""
    import contextlib
    import gc
    import io

    from notedeck.cli import main

    # main raises the garbage collector's thresholds for its own process: this one gets its own back.
    saved_env, saved_cwd, saved_gc = dict(os.environ), Path.cwd(), gc.get_threshold()
    out, err = io.StringIO(), io.StringIO()
    try:
        for key in ("SOURCE_DATE_EPOCH", "PYTHONHASHSEED", "TZ"):
            os.environ.pop(key, None)
        os.environ.update(env or {})
        os.chdir(cwd)
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(list(args), prog="build_deck.py")
            except SystemExit as exit:  # argparse's own errors and --help
                code = exit.code if isinstance(exit.code, int) else 2
    finally:
        os.chdir(saved_cwd)
        os.environ.clear()
        os.environ.update(saved_env)
        gc.set_threshold(*saved_gc)
    return Run(code, out.getvalue(), err.getvalue())


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    """A folder with a copy of the seed notes in notes/, as a learner's checkout has."""
    (tmp_path / "notes").mkdir()
    shutil.copy(SEED, tmp_path / "notes" / "deep_learning.txt")
    return tmp_path


class Anki:
    """A fresh collection of Anki's real backend, and its package importer."""

    def __init__(self, path: Path) -> None:
        from anki.collection import Collection

        self.col = Collection(str(path))

    def import_apkg(self, apkg: Path):  # type: ignore[no-untyped-def]
        from anki.collection import ImportAnkiPackageOptions, ImportAnkiPackageRequest
        from anki.import_export_pb2 import ImportAnkiPackageUpdateCondition as Update

        # The options Anki's import dialog uses by default.
        options = ImportAnkiPackageOptions(
            update_notes=Update.IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_IF_NEWER,
            update_notetypes=Update.IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_IF_NEWER,
            with_scheduling=False,
        )
        return self.col.import_anki_package(ImportAnkiPackageRequest(package_path=str(apkg), options=options)).log

    def notes(self) -> dict[str, object]:
        """Every note, by its Term field."""
        return {self.col.get_note(nid)["Term"]: self.col.get_note(nid) for nid in self.col.find_notes("")}


@pytest.fixture
def anki(tmp_path: Path) -> Iterator[Anki]:
    folder = tmp_path / "collection"
    folder.mkdir()
    collection = Anki(folder / "collection.anki2")
    yield collection
    collection.col.close()
