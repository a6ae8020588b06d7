"""Signed packages (.gkpkg): build, read, verify.

Kept light on import: the submodules load `cryptography`, SQLAlchemy models and the like only
when used. The usual entry points:

* `build.export_submission` / `build.build_package` — make a signed package;
* `verify.verify_package` — open, check and trust-check a package into a `VerifiedPackage`;
* `verify.record_accepted`, `verify.check_sequence` — what an import does inside its transaction;
* `distribution.export_distribution` / `distribution.import_distribution` — the review office's
  packages to units.
"""

from .errors import PackageError

__all__ = ["PackageError"]
