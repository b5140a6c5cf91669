"""One way for the benchmark scripts to measure this tree beside another revision in the
same run: a git worktree of REV, both measured alternately (so a change in the machine's
load hits both), the worktree removed afterwards."""
from __future__ import annotations

import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def alternate(rev: str, measure: Callable[[Path], dict], rounds: int = 2) -> dict[str, list[dict]]:
    """{"this": [...], "rev": [...]}: ``measure(root)`` of this tree and of REV, ``rounds`` times each."""
    with tempfile.TemporaryDirectory(prefix="bench-rev-") as tmp:
        other_root = Path(tmp) / "tree"
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "-q", str(other_root), rev], check=True)
        try:
            runs: dict[str, list[dict]] = {"this": [], "rev": []}
            for _ in range(rounds):
                runs["this"].append(measure(ROOT))
                runs["rev"].append(measure(other_root))
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(other_root)], check=False)
    return runs
