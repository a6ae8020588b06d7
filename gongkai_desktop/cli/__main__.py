"""`python -m gongkai_desktop.cli …` is the `gongkai` command."""

import sys

from gongkai_desktop.cli import main

sys.exit(main())
