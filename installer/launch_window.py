"""Frozen entry point of the window (gongkai-desktop.exe)."""

import sys

from gongkai_desktop.ui.app import main

sys.exit(main())
