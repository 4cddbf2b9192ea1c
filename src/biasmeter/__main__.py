"""``python -m biasmeter``: the command line, for when the ``biasmeter`` script is not on the PATH."""

import sys

from biasmeter._console import main

sys.exit(main())
