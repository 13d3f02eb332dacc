"""``python -m polsim`` is the ``polsim`` command."""

from polsim.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
