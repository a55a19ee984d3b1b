"""``--watch`` as a user runs it: a process whose report lines a test reads as they come."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
from pathlib import Path
from types import TracebackType

from .conftest import ROOT


class Watch:
    """``build_deck.py --watch`` in ``cwd``; ``wait_for`` reads its output, leaving stops it with Ctrl-C."""

    def __init__(self, cwd: Path, merge_stderr: bool = True) -> None:
        env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
        self.proc = subprocess.Popen([sys.executable, str(ROOT / "build_deck.py"), "--watch"], cwd=cwd, env=env,
                                     stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT if merge_stderr else subprocess.DEVNULL, text=True)
        self.lines: queue.Queue[str] = queue.Queue()
        self.reader = threading.Thread(target=lambda: [self.lines.put(line) for line in self.proc.stdout or ()],
                                       daemon=True)
        self.reader.start()
        self.rest = ""

    def wait_for(self, text: str, timeout: float = 30) -> list[str]:
        """The lines up to and including the first that contains ``text``."""
        seen = []
        while True:
            try:
                line = self.lines.get(timeout=timeout)
            except queue.Empty:
                raise AssertionError(f"no line with {text!r} after {seen}") from None
            seen.append(line)
            if text in line:
                return seen

    def __enter__(self) -> Watch:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.proc.send_signal(signal.SIGINT)
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:  # deaf to Ctrl-C: fail, but leave no process behind
            self.proc.kill()
            self.proc.wait()
            raise
        self.reader.join(timeout=30)
        if self.proc.stdout:
            self.proc.stdout.close()
        self.rest = "".join(self.lines.queue)
