"""The ``polsim`` command line (:mod:`polsim.cli.main`) and the composition of its Hydra
configuration (:mod:`polsim.cli.config`)."""

from polsim.cli.main import main

__all__ = ["main"]
