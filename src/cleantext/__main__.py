"""`python -m cleantext`: the command line."""

import sys

from cleantext.cli import main

sys.exit(main())
