"""``python -m toolkit``: the same CLI as the ``so-toolkit`` script."""

from toolkit.cli import main

raise SystemExit(main())
