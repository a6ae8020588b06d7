"""Domain errors: what a user did wrong, said in Chinese, with an English code for tests and logs."""

from __future__ import annotations


class DomainError(Exception):
    """A refusal of an operation; nothing was changed when it is raised.

    ``code`` is stable and English so tests and logs can match it; ``message`` is the Chinese
    sentence shown to the user (what is wrong and what to do).
    """

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message

    def __str__(self) -> str:
        return self.message


class NotFound(DomainError):
    """The thing asked for does not exist in this workspace."""


class ResourceError(DomainError):
    """A shipped or loaded data file (template, unit registry) is malformed."""
