"""Writing output files: each to a temporary name in its own directory, then renamed over
its name, so a reader never sees half a file, a failure (a full disk) leaves the old file
as it was, and a link at the name is replaced, never written through."""
from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def _umask() -> int:
    try:  # read, not set: setting it, even for a moment, would race other threads
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_atomically(texts: dict[Path, str]) -> None:
    """Write every path's text, all or nothing as far as renames go: every temporary file
    first, then the renames. Mode 0666 less the umask, as open() would make it (a
    temporary file is made 0600). OSError on failure, with no temporary file left."""
    mode = 0o666 & ~_umask()
    made: dict[Path, str] = {}
    try:
        for path, text in texts.items():
            handle, made[path] = tempfile.mkstemp(prefix=".sagemaker-schema-", suffix=".tmp", dir=path.parent)
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                stream.write(text)
                os.fchmod(stream.fileno(), mode)
        for path in texts:
            os.replace(made[path], path)
            del made[path]
    finally:
        for temporary in made.values():
            with contextlib.suppress(OSError):
                os.unlink(temporary)
