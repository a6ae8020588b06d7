"""Signed packages (.gkpkg): build, read, verify.

Kept light on import: the submodules load `cryptography`, SQLAlchemy models and the like only
when used. The usual entry points:

* `build.build_package` — make a signed package of any kind;
* `verify.verify_package` — open, check and trust-check a package into a `VerifiedPackage`;
* `verify.record_accepted`, `verify.check_sequence` — what an import does inside its transaction;
* `payloads` — the payload file names of each kind.

This package knows nothing of roles: the unit's submissions and the office's results and
distributions are made and taken in `unit/` and `office/`.
"""

from .errors import PackageError

__all__ = ["PackageError"]
