"""The one exception the tool raises for bad input: problems that each name a place."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """Something wrong in the input, rendered as ``path:line: message``."""

    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.message}"


class NotesError(Exception):
    """Bad input: one or more problems, each with its file and line."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(map(str, problems)))
        self.problems = problems

    @classmethod
    def at(cls, path: str, line: int | None, message: str) -> NotesError:
        """A single problem."""
        return cls([Problem(path, line, message)])
