"""`python -m gongkai_desktop` opens the window."""

import sys

from gongkai_desktop.ui.app import main

sys.exit(main())
