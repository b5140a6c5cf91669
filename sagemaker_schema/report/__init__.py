"""Reporters only format results: one module per output format, each a function
(results, stream). The violation line they share is `report.line`."""
from __future__ import annotations

from .github import github
from .json import json as json_
from .junit import junit
from .line import line, more
from .sarif import sarif, sarif_name
from .text import text

FORMATS = {"text": text, "json": json_, "junit": junit, "github": github, "sarif": sarif}

__all__ = ["FORMATS", "github", "json_", "junit", "line", "more", "sarif", "sarif_name", "text"]
