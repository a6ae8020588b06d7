"""The window (PySide6): the only package that imports Qt; it calls the core's operations only."""
