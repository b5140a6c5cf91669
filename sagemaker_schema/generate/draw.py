"""The draw protocol: five primitives every generator is written with, and the helpers
built on them (sizes, numbers, optional members, names).

One code path serves two drivers: ``sagemaker_schema.strategies`` drives it with
Hypothesis (so examples shrink: optional members are drawn with a boolean and vanish,
sizes shrink to their minimum), and ``sagemaker-schema generate`` with ``RandomDraw``, a
seeded ``random.Random`` (the same seed gives byte-identical files, and Hypothesis is not
needed at run time). Nothing here knows the schema.

Each Hypothesis choice costs tens of microseconds, so a value whose parts need not shrink
apart (a string: its length and its characters) is drawn ``whole``: one choice under
Hypothesis, the same calls as ever under ``RandomDraw``.
"""
from __future__ import annotations

import functools
import random
import string
from collections.abc import Callable, Sequence, Set
from typing import Any, Protocol, TypeVar

T = TypeVar("T")


class Draw(Protocol):
    """The five primitives every generator is written with. Each shrinks (under
    Hypothesis) towards False, ``lo``, ``options[0]``, ``alphabet[0]`` and what
    ``make`` builds from ``SIMPLEST``."""

    def boolean(self) -> bool: ...
    def integer(self, lo: int, hi: int) -> int: ...
    def choice(self, options: Sequence[Any]) -> Any: ...
    def chars(self, alphabet: str, n: int) -> str: ...
    def whole(self, make: Callable[[Draw], T]) -> T:
        """``make(draw)`` as one value: its parts shrink together, not apart (under
        Hypothesis one choice, a seed; ``RandomDraw`` calls ``make(self)``)."""
        ...


class RandomDraw:
    """Draw from a seeded random.Random: deterministic for a seed, no Hypothesis."""

    def __init__(self, seed: Any):
        self.rng = random.Random(seed)

    def boolean(self) -> bool:
        return self.rng.random() < 0.5

    def integer(self, lo: int, hi: int) -> int:
        return self.rng.randint(lo, hi)

    def choice(self, options: Sequence[Any]) -> Any:
        return options[self.rng.randrange(len(options))]

    def chars(self, alphabet: str, n: int) -> str:
        return "".join(self.rng.choices(alphabet, k=n))

    def whole(self, make: Callable[[Draw], T]) -> T:
        return make(self)


class _Simplest:
    """Every primitive at what it shrinks to: the simplest value ``make`` can build."""

    def boolean(self) -> bool:
        return False

    def integer(self, lo: int, hi: int) -> int:
        return lo

    def choice(self, options: Sequence[Any]) -> Any:
        return options[0]

    def chars(self, alphabet: str, n: int) -> str:
        return alphabet[0] * n

    def whole(self, make: Callable[[Draw], T]) -> T:
        return make(self)


SIMPLEST = _Simplest()


def drawn_whole(helper: Callable[..., T]) -> Callable[..., T]:
    """A helper ``helper(d, *args)`` whose value is drawn ``whole``."""
    @functools.wraps(helper)
    def whole(d: Draw, *args: Any, **kwargs: Any) -> T:
        return d.whole(lambda inner: helper(inner, *args, **kwargs))

    return whole


# --- alphabets of the strings drawn

ALNUM = string.ascii_letters + string.digits
LOWER = string.ascii_lowercase + string.digits
DIGITS = string.digits
HEX = "0123456789abcdef"
KEY_CHARS = ALNUM + "/_.-"  # S3 key characters that need no escaping
COLUMN_CHARS = ALNUM + "_-"
ROLE_CHARS = ALNUM + "_+=,.@-/"
KMS_CHARS = ALNUM + ":/_-"
TEXT_CHARS = ALNUM + " .,:;_-()'"


# --- sizes and numbers: small first, boundaries often

_SIZE_KINDS = ("small", "small", "small", "small", "small", "min", "max", "any")
_VALUE_KINDS = ("any", "any", "min", "max")


def size(d: Draw, lo: int, hi: int) -> int:
    """A length or count: usually small, often exactly the minimum or the maximum."""
    kind = d.choice(_SIZE_KINDS)
    if kind == "min" or hi <= lo:
        return lo
    if kind == "max":
        return hi
    return d.integer(lo, hi if kind == "any" else min(hi, lo + 4))


def number(d: Draw, lo: int, hi: int) -> int:
    """An integer in a range; half the time one of its bounds."""
    kind = d.choice(_VALUE_KINDS)
    return lo if kind == "min" else hi if kind == "max" else d.integer(lo, hi)


def maybe(d: Draw, make: Callable[[], Any]) -> Any:
    """An optional member: drawn with a boolean so that shrinking removes it."""
    return make() if d.boolean() else None


def omitted(d: Draw) -> bool:
    """For an optional member that real responses nearly always carry: absent one time
    in four, and shrinking keeps it (it shrinks to False)."""
    return d.integer(0, 3) == 3


def members(**values: Any) -> dict:
    """A structure without the optional members that were not drawn (None)."""
    return {k: v for k, v in values.items() if v is not None}


def subset(d: Draw, options: Sequence[Any], lo: int = 0, hi: int | None = None) -> list:
    """Distinct options in their listed order (e.g. algorithms, quantiles)."""
    hi = len(options) if hi is None else min(hi, len(options))
    n = size(d, lo, hi)
    pool = list(options)
    picked = [pool.pop(d.integer(0, len(pool) - 1)) for _ in range(n)]
    return picked


@drawn_whole
def text(d: Draw, alphabet: str, lo: int, hi: int) -> str:
    return d.chars(alphabet, size(d, lo, hi))


@drawn_whole
def dashed(d: Draw, lo: int, hi: int, alphabet: str = ALNUM) -> str:
    """[a-zA-Z0-9](-*[a-zA-Z0-9])*: alphanumeric at both ends, dashes inside."""
    n = size(d, max(lo, 1), hi)
    if n == 1:
        return d.chars(alphabet, 1)
    return d.chars(alphabet, 1) + d.chars(alphabet + "-", n - 2) + d.chars(alphabet, 1)


def distinct_names(d: Draw, n: int, make: Callable[[], str], taken: Set[str] = frozenset()) -> list[str]:
    """n names unlike each other and unlike ``taken`` (suffixes make clashes distinct)."""
    names: list[str] = []
    for i in range(n):
        name = make()
        while name in names or name in taken:
            name = (name[:-2] if len(name) > 250 else name) + f"{i}x"
        names.append(name)
    return names
