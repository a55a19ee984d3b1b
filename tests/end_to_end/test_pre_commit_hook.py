"""The pre-commit hook a notes repository can use: `notedeck --check`, run by pre-commit itself."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from ..conftest import ROOT, SEED, run_cli

EPOCH = {"SOURCE_DATE_EPOCH": "1764000000"}


def _git(*args: str, cwd: Path) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


def _try_repo(notes_repo: Path, home: Path) -> subprocess.CompletedProcess[str]:
    """``pre-commit try-repo`` on this repository (a local clone in CI), as a notes repository runs it."""
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "SOURCE_DATE_EPOCH": "1764000000"}
    return subprocess.run([sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "notedeck-check",
                           "--all-files"], cwd=notes_repo, env=env, capture_output=True, text=True)


def test_the_hook_passes_when_the_state_is_committed_and_fails_when_it_is_not(tmp_path: Path) -> None:
    repo = tmp_path / "my-notes"
    (repo / "notes").mkdir(parents=True)
    shutil.copy(SEED, repo / "notes" / "deep_learning.txt")
    assert run_cli("notes", "--deck", "Deep Learning", cwd=repo, env=EPOCH).code == 0  # deck-state.json made
    (repo / ".gitignore").write_text("dist/\n", encoding="utf-8")
    _git("init", "-q", cwd=repo)
    _git("add", ".", cwd=repo)
    home = tmp_path / "pre-commit-home"
    agreed = _try_repo(repo, home)
    assert agreed.returncode == 0, agreed.stdout + agreed.stderr
    assert "notedeck --check" in agreed.stdout and "Passed" in agreed.stdout
    # An edit committed without building: the state no longer agrees.
    notes = repo / "notes" / "deep_learning.txt"
    notes.write_text(notes.read_text(encoding="utf-8").replace("input data in the form of sequences",
                                                              "data that arrives in order"), encoding="utf-8")
    _git("add", ".", cwd=repo)
    disagreed = _try_repo(repo, home)
    assert disagreed.returncode == 1
    assert "Failed" in disagreed.stdout and "A build would change" in disagreed.stdout
    assert "changed: Sequence Models" in disagreed.stdout
