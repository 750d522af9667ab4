"""``python -m macros validate`` and ``python -m macros new``: see macros/cli.py."""

import sys

from .cli import main

sys.exit(main())
