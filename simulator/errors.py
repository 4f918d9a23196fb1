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


class ModelCheckError(InputError):
    """Inputs the model's own checks refuse (results not finite or not meaningful, projects too large for the
    region), found after validation, where inputs are known by address (``projects.kia.jobs.permanent``, the
    names of :mod:`simulator.model.resolve`), not by file and line.

    The message is ``finding; lead input (value), ...; advice``. ``inputs``: (address, value) pairs, the likely
    culprits first. The edge, which knows the scenario's files, calls :meth:`located` with where each address
    was written, and the message then names file and line beside each input:

    >>> error = ModelCheckError("too many jobs", [("projects.a.jobs.permanent", 5e5)], "they come from")
    >>> str(error.located({"projects.a.jobs.permanent": "plan.yaml:12"}))
    'too many jobs; they come from projects.a.jobs.permanent (500000, plan.yaml:12); check their values and units'
    """

    def __init__(
        self,
        finding: str,
        inputs=(),
        lead: str = "the largest inputs are",
        advice: str = "check their values and units",
        where: dict[str, str] | None = None,
    ):
        self.finding, self.lead, self.advice = finding, lead, advice
        self.inputs = tuple((str(a), float(v)) for a, v in inputs)
        self.where = dict(where or {})
        named = ", ".join(f"{a} ({v:g}{f', {self.where[a]}' if a in self.where else ''})" for a, v in self.inputs)
        super().__init__("; ".join([finding, *([f"{lead} {named}"] if named else []), *([advice] if advice else [])]))

    def __reduce__(self):  # pickled whole (a worker process's error), not rebuilt from its message alone
        return (type(self), (self.finding, self.inputs, self.lead, self.advice, self.where))

    @property
    def addresses(self) -> tuple[str, ...]:
        return tuple(a for a, _ in self.inputs)

    def located(self, where: dict[str, str]) -> ModelCheckError:
        """The same error with ``where`` ({address: "file:line"}) named beside its inputs."""
        return ModelCheckError(self.finding, self.inputs, self.lead, self.advice, {**self.where, **where})
