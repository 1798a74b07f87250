"""A one-line progress bar for operations over many files."""

from __future__ import annotations

import sys
from typing import IO


class Progress:
    """A one-line progress bar on a terminal; silent when the stream is not one."""

    def __init__(self, total: int, stream: IO[str] | None = None, label: str = "exporting") -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.total, self.done, self.label = total, 0, label
        self.active = total > 1 and _is_terminal(self.stream)

    def advance(self, count: int = 1) -> None:
        self.done += count
        if self.active:
            width = 30
            filled = width * self.done // max(self.total, 1)
            self.stream.write(f"\r{self.label} [{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total}")
            self.stream.flush()

    def close(self) -> None:
        if self.active:
            self.stream.write("\r" + " " * 60 + "\r")
            self.stream.flush()


def _is_terminal(stream: IO[str]) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
