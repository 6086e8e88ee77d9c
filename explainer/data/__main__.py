"""`python -m explainer.data`: where each dataset would be read from, and whether it loads."""

import sys

from explainer.data.datasets import main

sys.exit(main())
