"""Put Solara's front end into its CDN cache folder, so the dashboard needs no internet.

Solara's page asks its server for the front end under ``/_solara/cdn/<package>@<version>/``;
the server answers from its cache folder (``<prefix>/share/solara/cdn``) and fetches what is
missing from a public CDN. The ``solara-assets`` wheel fills that folder, but it can lag
behind Solara and leaves out KaTeX: this script finds every ``@widgetti/...@<version>`` that
Solara's page template names and the ``katex@<version>`` that its Markdown component loads
(``polsim.outputs.dashboard.frontend_packages``), and unpacks each one missing from the folder
from the npm registry (``npm pack``, the registry's ordinary client). Run at set-up
(``make``); it does nothing when all are there.
Usage: ``python scripts/solara-frontend.py`` with the environment's Python.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path


def main() -> int:
    try:
        import solara.server  # noqa: F401
    except ImportError:
        return 0  # the viz extra is not installed: nothing to do
    from polsim.outputs.dashboard import frontend_folder, frontend_missing

    root = frontend_folder()
    missing = frontend_missing()
    if not missing:
        return 0
    npm = shutil.which("npm")
    if npm is None:
        print(
            f"npm not found: cannot unpack {', '.join(missing)} into {root}; the dashboard "
            "will need the internet (install Node.js's npm and run this script again)"
        )
        return 0
    for spec in missing:
        with tempfile.TemporaryDirectory() as tmp:
            out = subprocess.run(
                [npm, "pack", "--silent", spec],
                cwd=tmp, capture_output=True, text=True, check=False,
            )  # fmt: skip
            if out.returncode != 0:
                print(f"npm pack {spec} failed: {out.stderr.strip().splitlines()[-1:]}")
                return 1
            tarball = Path(tmp) / out.stdout.strip().splitlines()[-1]
            target = root / spec
            unpacked = Path(tmp) / "unpacked"
            with tarfile.open(tarball) as tar:
                tar.extractall(unpacked, filter="data")
            target.parent.mkdir(parents=True, exist_ok=True)
            if target.exists():
                shutil.rmtree(target)
            shutil.move(unpacked / "package", target)
            print(f"unpacked {spec} into Solara's front-end folder")
    return 0


if __name__ == "__main__":
    sys.exit(main())
