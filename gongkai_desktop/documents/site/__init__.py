"""The county catalog as a static website for the 政府信息公开专栏 (issue 19, "to the public").

Works on plain rows (`SiteCatalog`), knows nothing of roles or the database: the review office's
operation (`office.publish`) maps the approved aggregate onto these rows. The site is plain files
the county's web team copies as they are: HTML pages per area, the negative list, a schema page,
one stylesheet and one script shipped with the package (assets/), a search index loaded through a
``<script src>`` (so it works from the file system, where ``fetch`` is refused), and downloads of the
same data as .xlsx, CSV and JSON.
"""

from __future__ import annotations

from .data import SiteArea, SiteCatalog, SiteNegative, SiteRow
from .writer import SiteResult, check_target, write_site
from .xlsx_job import PARALLEL_FROM_ROWS, XlsxWorker

__all__ = ["SiteArea", "SiteCatalog", "SiteNegative", "SiteResult", "SiteRow", "XlsxWorker", "PARALLEL_FROM_ROWS", "check_target", "write_site"]
