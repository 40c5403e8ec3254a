"""The one user-error type (path, line, message, hint) and the collector of a build's problems."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class UserError(Exception):
    """A problem a user can fix: shown as `path:line: message; hint`, never as a traceback."""

    message: str
    path: Path | str | None = None
    line: int | None = None
    hint: str | None = None
    warning: bool = False

    def __reduce__(self):  # rebuild from fields: workers send errors back through pickle
        return UserError, (self.message, self.path, self.line, self.hint, self.warning)

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        text = f"{where}{'warning: ' if self.warning else ''}{self.message}"
        return f"{text}; {self.hint}" if self.hint else text


@dataclass
class Problems:
    """Collects every error and warning of one run, so all are reported together."""

    items: list[UserError] = field(default_factory=list)

    def add(self, error: UserError) -> None:
        self.items.append(error)

    def error(self, message: str, path=None, line=None, hint=None) -> None:
        self.add(UserError(message, path, line, hint))

    def warn(self, message: str, path=None, line=None, hint=None) -> None:
        self.add(UserError(message, path, line, hint, warning=True))

    @property
    def errors(self) -> list[UserError]:
        return [e for e in self.items if not e.warning]

    @property
    def warnings(self) -> list[UserError]:
        return [e for e in self.items if e.warning]

    def raise_if_errors(self) -> None:
        """Stop the run with every error found so far."""
        if self.errors:
            raise BuildFailed(self.errors)


class BuildFailed(Exception):
    """Raised when a stage found user errors; carries all of them."""

    def __init__(self, errors: list[UserError]):
        super().__init__(f"{len(errors)} error(s)")
        self.errors = errors
