"""python -m quaytest: see quaytest.cli."""

import sys

from quaytest.cli import main

sys.exit(main())
