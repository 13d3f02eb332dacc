"""The ``polsim`` command line (:mod:`polsim.cli.main`) and the composition of its Hydra
configuration (:mod:`polsim.cli.config`)."""

from polsim import _moved
from polsim.cli.main import main

__all__ = ["main"]


def _fresh_directory(parent: object, stem: str) -> object:
    from polsim.runs.store import claim_folder, mark_complete

    folder = claim_folder(parent, stem)  # type: ignore[arg-type]
    mark_complete(folder)
    return folder


# the name until 0.1
__getattr__ = _moved.renamed(__name__, {"fresh_directory": (
    "polsim.runs.store.claim_folder (then mark_complete)", lambda: _fresh_directory,
)})  # fmt: skip
