"""The review office's window (市府办政务公开办): import, queue, submission review, dashboard, keys, outputs."""

from .review_window import ReviewWorkbench, install_review_ui

__all__ = ["ReviewWorkbench", "install_review_ui"]
