"""Frozen entry point of the command line (gongkai.exe)."""

import sys

from gongkai_desktop.cli import main

sys.exit(main())
