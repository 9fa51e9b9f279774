"""The one exception image checks raise: what is wrong with an image, and how to fix it."""

from __future__ import annotations


class ImageProblem(Exception):  # noqa: N818 (the name the callers use)
    """An image reference or file that cannot be published; the caller adds path and line."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(f"{message} ({hint})")
        self.message = message
        """What is wrong, for an editor: 'image photo.jpg does not exist'."""
        self.hint = hint
        """How to fix it: 'add the file beside the article or fix the path'."""
