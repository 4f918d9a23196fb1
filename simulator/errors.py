"""Error types the edge of the program raises for bad input.

Anything raised as :class:`InputError` is the user's input being wrong: the CLI prints its message and exits
with status 2, with no traceback. Every other exception is a bug (status 1).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One problem found in an input file.

    ``line`` and ``column`` are 1-based; ``None`` where the problem has no position (an empty file, a missing
    file). ``path`` is the dotted key path inside the document (``projects[2].production.capacity``).
    """

    file: str
    line: int | None
    column: int | None
    path: str
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        key = f" {self.path}:" if self.path else ""
        if not where:
            return f"{self.path}: {self.message}" if self.path else self.message
        return f"{where}:{key} {self.message}"


class InputError(Exception):
    """Bad user input: a file that is missing, malformed or invalid. Carries every problem found."""

    def __init__(self, problems: list[Problem] | Problem | str):
        if isinstance(problems, str):
            problems = [Problem(file="", line=None, column=None, path="", message=problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class ScenarioError(InputError):
    """A scenario file (or a file it extends) is missing, malformed or invalid."""
