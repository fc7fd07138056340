"""pdfminer's debug logging, switched off while we read a PDF.

pdfminer calls ``log.debug(...)`` for every token it parses and every operator it runs: over a
million calls for a dozen plans. With debug logging off each call still costs two Python calls
(``Logger.debug`` and ``isEnabledFor``), a few per cent of reading a page; neither the loggers'
level nor ``logging.disable`` removes them. For the duration of a read, ``quiet()`` gives each
pdfminer module a stand-in logger whose ``debug`` is a C-level callable that ignores its
arguments, and everything else goes to the real logger; on leaving, the real loggers are put
back. A logger someone has enabled for debug output is left alone.
"""
from __future__ import annotations

import logging
import sys
import threading
from contextlib import contextmanager
from typing import Iterator

_lock = threading.Lock()
_depth = 0
_saved: list[tuple[object, str, object]] = []


class _NoDebug:
    __slots__ = ("_log",)
    # str.format accepts and ignores any positional and keyword arguments, in C: the cheapest
    # do-nothing to call. (The result, "", is ignored by the caller.)
    debug = "".format

    def __init__(self, log: logging.Logger) -> None:
        self._log = log

    def __getattr__(self, name: str):
        return getattr(self._log, name)


def _swap() -> None:
    for name, mod in list(sys.modules.items()):
        if not name.startswith("pdfminer.") or mod is None:
            continue
        for attr in ("log", "logger"):
            log = getattr(mod, attr, None)
            if isinstance(log, logging.Logger) and not log.isEnabledFor(logging.DEBUG):
                _saved.append((mod, attr, log))
                setattr(mod, attr, _NoDebug(log))


def _restore() -> None:
    while _saved:
        mod, attr, log = _saved.pop()
        setattr(mod, attr, log)


@contextmanager
def quiet() -> Iterator[None]:
    """pdfminer without its debug calls, for the duration (nestable, thread-safe)."""
    global _depth
    with _lock:
        if _depth == 0:
            _swap()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0:
                _restore()
