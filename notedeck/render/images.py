"""Local images in definitions: taken only from the notes folder or the ``assets/`` beside it.

A picture is packaged under a name carrying its content hash, so a changed picture never
collides with an older one in a collection. An image that cannot be used (missing, too big,
or anything that would make a card load a file from elsewhere: an absolute path, ``..``, a
link leading out) never stops a build: the card shows the image's alt text, and the problem
is a warning on its line (an error with ``--strict``). SVG is taken: shown through ``<img>``,
its scripts never run.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path, PurePosixPath

from ..model import cards
from ..inputs import files as sources

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg")
MAX_IMAGE_BYTES = 10 * 1024 * 1024


def assets_folder(source: Path) -> Path:
    """The ``assets/`` beside a notes folder: ``notes/x.txt`` → ``assets/``."""
    return source.parent.parent / "assets"


class ImageError(ValueError):
    """An image a definition refers to that cannot be used; the message says why."""


class Images:
    """Local images of one notes file, taken only from its folder or the ``assets/`` beside it.

    Images that cannot be used are collected in ``problems`` (what ``take`` hands over, card by card).
    """

    def __init__(self, source: Path, media: dict[str, bytes]) -> None:
        self.source = source
        self.media = media
        self.problems: list[str] = []

    def __call__(self, src: str) -> str | None:
        """The media file name for ``src``, or None (the problem noted) when it cannot be used."""
        try:
            return self._packaged(src)
        except ImageError as err:
            self.problems.append(f"{err}; the card shows its alt text")
            return None

    def take(self) -> list[str]:
        """The problems noted since the last call."""
        problems, self.problems = self.problems, []
        return problems

    def _packaged(self, src: str) -> str:
        from urllib.parse import unquote  # only for notes with images

        path = unquote(src).replace("\\", "/")
        if "\x00" in path:
            raise ImageError(f"image {src!r}: a file name cannot hold a NUL character")
        if path.startswith("/") or (len(path) > 1 and path[1] == ":"):
            raise ImageError(f"image {src!r} is an absolute path: put the image in the notes folder "
                                    "(or assets/) and refer to it by a relative path")
        parts = PurePosixPath(path).parts
        if ".." in parts:
            raise ImageError(f"image {src!r} points outside the notes folder ('..'): move the image "
                                    "into the notes folder or assets/")
        root = assets_folder(self.source) if parts[:1] == ("assets",) else self.source.parent
        shown = root.joinpath(*(parts[1:] if parts[:1] == ("assets",) else parts))
        real = shown.resolve()
        if not real.is_relative_to(root.resolve()):
            raise ImageError(f"image {src!r} is a link to a file outside {root}: copy the file in instead")
        if real.suffix.lower() not in IMAGE_SUFFIXES:
            raise ImageError(f"image {src!r}: only PNG, JPEG, GIF, WebP and SVG images are taken")
        if not real.is_file():
            raise ImageError(f"image {src!r} not found: there is no {shown}")
        data = real.read_bytes()
        if len(data) > MAX_IMAGE_BYTES:
            raise ImageError(f"image {src!r} is {len(data) / 2**20:.0f} MB; at most "
                                    f"{MAX_IMAGE_BYTES // 2**20} MB: make it smaller")
        name = f"{cards.tag_part(real.stem).lstrip('_') or 'image'}-{hashlib.sha256(data).hexdigest()[:16]}" \
               f"{real.suffix.lower()}"
        self.media[name] = data
        return name


def image_digest(found: Sequence[sources.Source]) -> str:
    """Content of every image the notes could refer to: a changed picture is a change."""
    h = hashlib.sha256()
    roots = dict.fromkeys(p for s in found for p in (s.path.parent, assets_folder(s.path)))
    for root in roots:
        if root.is_dir():
            for image in sorted(p for p in root.rglob("*") if p.suffix.lower() in IMAGE_SUFFIXES and p.is_file()):
                h.update(image.relative_to(root).as_posix().encode() + b"\0" + image.read_bytes())
    return h.hexdigest()
