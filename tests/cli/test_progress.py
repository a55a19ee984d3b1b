"""What a person at a terminal sees: a progress bar on long builds, never in a pipe."""

from __future__ import annotations

import fcntl
import os
import pty
import struct
import subprocess
import sys
import termios
import threading
from pathlib import Path

from ..conftest import ROOT, run_cli

EPOCH = {"SOURCE_DATE_EPOCH": "1764000000"}


def _many_notes(folder: Path, count: int) -> None:
    folder.mkdir()
    (folder / "big.txt").write_text("".join(f"Term {i}\tthe **definition** of term number {i}\n"
                                            for i in range(count)), encoding="utf-8")


def _build_with_stderr_on_a_terminal(cwd: Path) -> tuple[int, str, str]:
    controller, terminal = pty.openpty()
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))  # a terminal has a size
    env = {**os.environ, **EPOCH}
    proc = subprocess.Popen([sys.executable, str(ROOT / "build_deck.py")], cwd=cwd, env=env,
                            stdout=subprocess.PIPE, stderr=terminal, text=True)
    os.close(terminal)
    seen = bytearray()
    reader = threading.Thread(target=lambda: _drain(controller, seen), daemon=True)
    reader.start()
    out, _ = proc.communicate(timeout=300)
    reader.join(timeout=10)
    os.close(controller)
    return proc.returncode, out, seen.decode("utf-8", "replace")


def _drain(fd: int, into: bytearray) -> None:
    while True:
        try:
            chunk = os.read(fd, 4096)
        except OSError:  # the terminal closed
            return
        if not chunk:
            return
        into.extend(chunk)


def test_a_long_build_shows_progress_on_a_terminal_and_never_in_a_pipe(tmp_path: Path) -> None:
    _many_notes(tmp_path / "notes", 40_000)
    code, out, terminal = _build_with_stderr_on_a_terminal(tmp_path)
    assert code == 0
    assert "cards" in terminal and "%|" in terminal, terminal  # tqdm's bar, on the terminal
    assert out.splitlines()[0].startswith("Built dist/Big.apkg: 40000 notes")  # no settings file: no line for it
    assert "%|" not in out  # standard output carries the report only
    (tmp_path / "notes" / "big.txt").write_text((tmp_path / "notes" / "big.txt").read_text().replace("number", "no."))
    # A process whose standard error is a real pipe (run_cli), as in a CI log.
    piped = run_cli(cwd=tmp_path, env={"SOURCE_DATE_EPOCH": "1764000100"})
    assert piped.code == 0 and "40000 changed" in piped.out
    assert piped.err == ""  # no bar in a pipe (a CI log)


def test_a_small_build_on_a_terminal_shows_no_bar(workdir: Path) -> None:
    code, out, terminal = _build_with_stderr_on_a_terminal(workdir)
    assert code == 0 and out.splitlines()[0].startswith("Built dist/Deep_Learning.apkg")
    assert "%|" not in terminal
