import sys

from pipeline.render import main

sys.exit(main())
