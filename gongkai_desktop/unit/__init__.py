"""The unit's side (责任单位): compile catalogs, import and export them, submit, take review results.

Nothing here knows about the review office's work; shared rules live in the core modules below
(`itemrules`, `validation`, `vocab`), file formats in `documents/` and `package/`.
"""
