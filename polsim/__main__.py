"""``python -m polsim`` is the ``polsim`` command."""

from polsim.cli import main

raise SystemExit(main())
