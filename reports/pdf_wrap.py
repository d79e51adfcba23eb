"""Table cells wrapped for the PDF as a Danish reader expects: at spaces, and a word too long
for its column hyphenated at a real syllable break (pyphen's da_DK dictionary), never cut
mid-word without a hyphen ("Landsbyggef|onden"). A cell whose pieces still do not fit is set
in a smaller font, down to MIN_SIZE.
"""

from functools import lru_cache

import pyphen
from reportlab.pdfbase.pdfmetrics import stringWidth

MIN_SIZE = 6.0
STEP = 0.5


@lru_cache(maxsize=1)
def _dictionary() -> pyphen.Pyphen:
    return pyphen.Pyphen(lang="da_DK")


def _width(text: str, font: str, size: float) -> float:
    return stringWidth(text, font, size)


def _pieces(word: str, font: str, size: float, width: float) -> list[str] | None:
    """`word` split at syllable breaks into pieces that fit (each but the last ending in a
    hyphen), or None when some piece cannot be made to fit."""
    pieces = []
    start = 0  # the word's syllable breaks, read once from the whole word
    breaks = [i for i in _dictionary().positions(word) if 0 < i < len(word)]
    while _width(word[start:], font, size) > width:
        fitting = [
            i for i in breaks if i > start and _width(word[start:i] + "-", font, size) <= width
        ]
        if not fitting:
            return None
        cut = max(fitting)
        pieces.append(word[start:cut] + "-")
        start = cut
    return [*pieces, word[start:]]


def wrap_words(text: str, font: str, size: float, width: float) -> list[str] | None:
    """The lines of `text` in `width` points: words filled greedily, a word wider than the
    column hyphenated; None when it cannot fit at this size."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if _width(candidate, font, size) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        pieces = _pieces(word, font, size, width)
        if pieces is None:
            return None
        lines += pieces[:-1]
        line = pieces[-1]
    return [*lines, line] if line else lines


def fit_cell(text: str, font: str, size: float, width: float) -> tuple[list[str], float]:
    """The lines and the font size for `text` in a column `width` points wide: the given size
    when the words fit (hyphenated where needed), else the largest smaller size that fits."""
    current = size
    while current >= MIN_SIZE:
        lines = wrap_words(text, font, current, width)
        if lines is not None:
            return lines, current
        current -= STEP
    # Narrower than any syllable at the smallest size: whole words, as few as can be.
    return text.split() or [""], MIN_SIZE
