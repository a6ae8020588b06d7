"""Render the application icon from its SVG: the PNG sizes the Linux desktop and the window use,
and the multi-size .ico the Windows build and installer use.

    pip install -e '.[freeze]' && python installer/make_icons.py        # rewrite resources/icons/
    python installer/make_icons.py --check                              # exit 1 if they are stale

Each size is rendered from the SVG at that size (not scaled down from one big picture), so the
16-pixel icon stays sharp. Qt (already a dependency) renders the SVG; Pillow writes the .ico.
The outputs are committed: building a package never needs to run this.
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ICONS = ROOT / "resources" / "icons"
NAME = "gongkai-desktop"
SVG = ICONS / f"{NAME}.svg"
SIZES = (16, 24, 32, 48, 64, 128, 256)
ICO = ICONS / f"{NAME}.ico"


def png_path(size: int) -> Path:
    return ICONS / f"{NAME}-{size}.png"


def render(size: int, svg: Path = SVG) -> bytes:
    """The SVG drawn at ``size`` × ``size`` pixels on a transparent background, as PNG bytes."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication(["make_icons", "-platform", "offscreen"])
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"make_icons: {svg} is not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(0)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def ico_bytes(pngs: dict[int, bytes]) -> bytes:
    """One .ico holding every size (PNG-compressed entries, as Windows Vista and later read them)."""
    from PIL import Image

    images = [Image.open(io.BytesIO(pngs[s])).convert("RGBA") for s in sorted(pngs, reverse=True)]
    out = io.BytesIO()
    images[0].save(out, format="ICO", sizes=[(s, s) for s in sorted(pngs)], append_images=images[1:])
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python installer/make_icons.py", description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only compare with the committed files")
    args = parser.parse_args(argv)
    pngs = {size: render(size) for size in SIZES}
    wanted = {png_path(size): data for size, data in pngs.items()}
    wanted[ICO] = ico_bytes(pngs)
    stale = [p for p, data in wanted.items() if not p.is_file() or p.read_bytes() != data]
    if args.check:
        for p in stale:
            print(f"make_icons: {p.relative_to(ROOT)} differs from what the SVG renders to", file=sys.stderr)
        return 1 if stale else 0
    for p in stale:
        p.write_bytes(wanted[p])
        print(f"make_icons: wrote {p.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
