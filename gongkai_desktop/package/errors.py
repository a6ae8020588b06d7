"""The one error every package operation raises for a bad, damaged, hostile or untrusted file."""

from __future__ import annotations

from typing import Any

from ..errors import DomainError


class PackageError(DomainError):
    """A package was refused; nothing was written.

    ``code`` names the reason in English (tests, logs); ``message`` says it in Chinese for the
    user. ``details`` carries what a window needs to act on the refusal, e.g. for an unknown
    signer the fingerprint, public key and unit so it can offer "登记此密钥" (quarantine).
    """

    def __init__(self, code: str, message: str, details: dict[str, Any] | None = None) -> None:
        super().__init__(code, message)
        self.details: dict[str, Any] = details or {}
