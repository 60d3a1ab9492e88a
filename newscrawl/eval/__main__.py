import sys

from newscrawl.eval import main

sys.exit(main())
