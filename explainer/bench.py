"""`python -m explainer.bench`: the training benchmark under its short name (the module is explainer.training.bench).

    python -m explainer.bench --device cpu --recipes images --epochs 1 --json     # every image recipe, this CPU
    python -m explainer.bench --device cuda --recipes all --epochs 1 --check --json  # the GPU check, in one go
"""

import sys

from explainer.training.bench import main

if __name__ == "__main__":
    sys.exit(main())
