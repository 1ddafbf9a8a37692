import sys

from netcore.cli import main

sys.exit(main())
