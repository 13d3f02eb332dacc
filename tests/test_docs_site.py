"""The documentation site builds with Sphinx, warnings as errors, without the network, and
has its key pages. The site is kept as ``build/test-artifacts/docs/index.html``."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
#: The site (and its notebooks) is built once, by one worker: its tests are one xdist group
#: (`make` runs pytest with --dist loadgroup). Slow: `make test-fast` leaves it out.
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("docs_site")]


def keep_site(out: Path) -> None:
    from tests.conftest import ARTIFACTS

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(ARTIFACTS / "docs", ignore_errors=True)
    shutil.copytree(out, ARTIFACTS / "docs")


@pytest.fixture(scope="session")  # not module: a worker may run another module in between
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("docs") / "site"
    done = subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", "html",
         "-d", str(out.parent / "doctrees"), str(ROOT / "docs"), str(out)],
        capture_output=True, text=True, cwd=ROOT, timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-4000:]
    keep_site(out)
    return out


@pytest.mark.parametrize(
    "page",
    ["index", "getting-started", "policy-guide", "workshops", "odd", "reproductions",
     "experiments", "performance", "notebooks", "gallery", "api", "reference"],
)  # fmt: skip
def test_key_pages_exist(site, page):
    html = (site / f"{page}.html").read_text(encoding="utf-8")
    assert "<h1>" in html


def test_every_tutorial_is_executed_and_shown_with_its_outputs(site):
    """The build ran each notebook (a cell that raises fails it); each page has the outputs of
    its cells, the figures as images, and no traceback."""
    from tests.test_notebooks import NOTEBOOKS

    index = (site / "notebooks.html").read_text(encoding="utf-8")
    for path in NOTEBOOKS:
        assert f'href="notebooks/{path.stem}.html"' in index
        page = (site / "notebooks" / f"{path.stem}.html").read_text(encoding="utf-8")
        code = page.count("cell_input")
        outputs = page.count("cell_output")
        assert code >= 3
        assert outputs >= 3, f"{path.name}: {outputs} outputs for {code} code cells"
        assert "Traceback" not in page
        assert "output traceback" not in page
    for stem in ("01-getting-started", "02-classic-reproductions", "04-sensitivity"):
        page = (site / "notebooks" / f"{stem}.html").read_text(encoding="utf-8")
        image = re.search(r'<img alt="([^"]*)"[^>]+src="\.\./_images/[0-9a-f]+\.png"', page)
        assert image, stem
        # the figure described in words (the notebook cell's mystnb.image.alt), not its file
        assert len(image[1]) > 40, image[1]
        assert "_images" not in image[1], image[1]


def test_api_reference_is_made_from_the_docstrings(site):
    from tests.api_names import MODULES

    html = (site / "reference.html").read_text(encoding="utf-8")
    for module in MODULES:
        assert f'id="module-{module}"' in html, module
    # a documented class and a kernel with its docstring
    assert 'id="polsim.model.polarisation.PolarisationModel"' in html
    assert 'id="polsim.classic.kernels.deffuant"' in html


def test_gallery_shows_every_figure_it_names_with_a_caption(site):
    html = (site / "gallery.html").read_text(encoding="utf-8")
    images = re.findall(r'<img alt="([^"]+)" src="(_images/[^"]+\.png)"', html)
    assert len(images) >= 6
    for alt, src in images:
        assert alt.strip()
        assert (site / src).is_file()
    assert html.count("<figcaption>") == len(images)


def test_site_loads_nothing_from_the_network(site):
    """Offline rooms: no script, style sheet or image from another host."""
    for page in site.glob("*.html"):
        html = page.read_text(encoding="utf-8")
        remote = re.findall(r'<(?:script|link|img)[^>]+(?:src|href)="(https?:)?//', html)
        assert not remote, page.name


def test_index_links_every_guide():
    index = (ROOT / "docs" / "index.md").read_text(encoding="utf-8")
    toctree = " ".join(re.findall(r"```\{toctree\}\n(.*?)```", index, re.S))
    pages = {p.stem for p in (ROOT / "docs").glob("*.md")} - {"index"}
    assert pages <= set(toctree.split()), pages - set(toctree.split())
