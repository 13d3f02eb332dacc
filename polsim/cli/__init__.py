"""The ``polsim`` command line (:mod:`polsim.cli.main`) and the composition of its Hydra
configuration (:mod:`polsim.cli.config`)."""

from polsim.cli.main import main

__all__ = ["main"]


def __getattr__(name: str) -> object:
    if name == "fresh_directory":  # the name until 0.1
        import warnings

        warnings.warn(
            "fresh_directory is now polsim.runs.store.claim_folder (then mark_complete)",
            DeprecationWarning,
            stacklevel=2,
        )
        from polsim.runs.store import claim_folder, mark_complete

        def _fresh_directory(parent: object, stem: str) -> object:
            folder = claim_folder(parent, stem)  # type: ignore[arg-type]
            mark_complete(folder)
            return folder

        return _fresh_directory
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
