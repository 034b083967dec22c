"""Fetch plotly.js's geo-only bundle into static/plotly/, for the map of the *Carte* page.

Build-time only, like scripts/build_geometry.py: downloads the npm package
``plotly.js-geo-dist-min`` at the version of the plotly.js that plotly.py ships (so the page
and the kaleido image export draw with the same code), checks the archive's sha256 and copies
``plotly-geo.min.js`` (MIT licence) into ``static/plotly/``, where Streamlit serves it. The
app never downloads anything. Needs npm. Usage: ``.venv/bin/python scripts/fetch_plotly_geo.py``
"""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

import plotly

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "static" / "plotly" / "plotly-geo.min.js"
PACKAGE = "plotly.js-geo-dist-min"
SHA256 = {"4.1.1": "018f2d45ea703cdf0d92aba7a4679dabdeb91f8e3a5c7f4b8c2fa7b2c9ff2eb5"}


def shipped_version() -> str:
    """The plotly.js version bundled with the installed plotly.py."""
    bundle = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    with bundle.open(encoding="utf-8") as handle:
        head = handle.read(300)
    match = re.search(r"plotly\.js v(\d+\.\d+\.\d+)", head)
    if match is None:
        sys.exit(f"no plotly.js version in the header of {bundle}")
    return match[1]


def main() -> None:
    version = shipped_version()
    if version not in SHA256:
        sys.exit(f"plotly.py ships plotly.js {version}: add the sha256 of "
                 f"{PACKAGE}-{version}.tgz to SHA256 after checking it")
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run(["npm", "pack", f"{PACKAGE}@{version}", "--silent"], cwd=folder,
                       check=True, stdout=subprocess.DEVNULL)
        archive = Path(folder) / f"{PACKAGE}-{version}.tgz"
        digest = hashlib.sha256(archive.read_bytes()).hexdigest()
        if digest != SHA256[version]:
            sys.exit(f"{archive.name}: sha256 {digest}, expected {SHA256[version]}")
        with tarfile.open(archive) as tar:
            member = tar.extractfile("package/plotly-geo.min.js")
            assert member is not None
            TARGET.write_bytes(member.read())
    print(f"{TARGET.relative_to(ROOT)}: plotly.js geo {version}, "
          f"{TARGET.stat().st_size:,} bytes".replace(",", " "))


if __name__ == "__main__":
    main()
