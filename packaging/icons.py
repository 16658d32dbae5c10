"""Render Reader's icon from its SVG master: the PNGs desktops use, a Windows .ico, a macOS .icns.

    uv run python packaging/icons.py            # re-render resources/icons/*.png (committed)
    uv run python packaging/icons.py --check    # exit 1 when a committed PNG is missing

The .ico and .icns are written by the build (``build.py``) into ``build/icons/``; both
formats hold PNG images, so they are assembled here in plain Python and need no
platform tool (no ImageMagick, iconutil or Inkscape). Rendering uses QtSvg, which
PySide6-Essentials includes.
"""

from __future__ import annotations

import argparse
import os
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ICONS = ROOT / "resources" / "icons"
NAME = "org.readerapp.Reader"
MASTER = ICONS / f"{NAME}.svg"
MIME_ICON = "application-x-reader-project"
MIME_MASTER = ICONS / f"{MIME_ICON}.svg"
"""The project file type's icon (hicolor ``mimetypes``); its PNGs are rendered at build time."""

PNG_SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
"""The freedesktop hicolor sizes; 1024 is rendered only into the .icns."""

ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
ICNS_TYPES = {  # OSType -> pixel size, PNG payloads (macOS 10.7+)
    b"icp4": 16,
    b"icp5": 32,
    b"icp6": 64,
    b"ic07": 128,
    b"ic08": 256,
    b"ic09": 512,
    b"ic10": 1024,
    b"ic11": 32,
    b"ic12": 64,
    b"ic13": 256,
    b"ic14": 512,
}


def png_path(size: int) -> Path:
    return ICONS / f"{NAME}-{size}.png"


def render_png(svg: Path, size: int) -> bytes:
    """The SVG rendered to a square PNG of ``size`` pixels, antialiased, transparent."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication([sys.argv[0]])
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"icons: cannot render {svg}")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(0)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def ico_bytes(images: dict[int, bytes]) -> bytes:
    """A Windows .ico holding PNG images (Vista+); 256 is written as 0 in the directory."""
    sizes = sorted(images)
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = 6 + 16 * len(sizes)
    directory, payload = b"", b""
    for size in sizes:
        data = images[size]
        dim = 0 if size >= 256 else size
        directory += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(data), offset)
        payload += data
        offset += len(data)
    return header + directory + payload


def icns_bytes(images: dict[int, bytes]) -> bytes:
    """A macOS .icns holding PNG images."""
    body = b""
    for ostype, size in ICNS_TYPES.items():
        if ostype in (b"ic11", b"ic12", b"ic13", b"ic14"):  # @2x variants
            data = images.get(size * 2)
        else:
            data = images.get(size)
        if data is not None:
            body += ostype + struct.pack(">I", 8 + len(data)) + data
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def write_pngs() -> list[Path]:
    written = []
    for size in PNG_SIZES:
        path = png_path(size)
        path.write_bytes(render_png(MASTER, size))
        written.append(path)
    return written


def write_platform_icons(out_dir: Path) -> tuple[Path, Path]:
    """``reader.ico`` and ``reader.icns`` in ``out_dir``, rendered from the master."""
    out_dir.mkdir(parents=True, exist_ok=True)
    wanted = set(ICO_SIZES) | set(ICNS_TYPES.values()) | {2 * s for s in ICNS_TYPES.values()}
    images = {s: render_png(MASTER, s) for s in sorted(wanted) if s <= 1024}
    ico = out_dir / "reader.ico"
    ico.write_bytes(ico_bytes({s: images[s] for s in ICO_SIZES}))
    icns = out_dir / "reader.icns"
    icns.write_bytes(icns_bytes(images))
    return ico, icns


def write_mime_pngs(out_dir: Path) -> list[Path]:
    """The project file icon as ``out_dir/NxN/MIME_ICON.png`` for the hicolor sizes."""
    written = []
    for size in PNG_SIZES:
        path = out_dir / f"{size}x{size}" / f"{MIME_ICON}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(render_png(MIME_MASTER, size))
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check the PNGs exist")
    args = parser.parse_args(argv)
    if args.check:
        missing = [str(png_path(s)) for s in PNG_SIZES if not png_path(s).is_file()]
        for path in missing:
            print(f"icons: missing {path}", file=sys.stderr)
        return 1 if missing else 0
    for path in write_pngs():
        print(path.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
