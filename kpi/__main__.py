"""`python -m kpi …`: the command line."""

import sys

from kpi.cli.main import main

sys.exit(main(sys.argv[1:]))
