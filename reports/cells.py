"""The GROUP BY's sums of a plan's entries as cells (year, partner, category, kind, focus area),
and the questions the report tables ask of them."""

from collections import defaultdict
from collections.abc import Iterable
from typing import NamedTuple


class Cell(NamedTuple):
    """A tuple, so hashing and building the thousands of cells of many plans stays in C."""

    year: int
    partner_id: int
    category: str
    kind: str
    focus_area_id: int | None


class Cells(dict[Cell, int]):
    """The GROUP BY's sums, with `sum(**where)` answered from an index built once per set of
    fields: the tables ask thousands of questions and must not scan every cell for each."""

    def __init__(self, items: Iterable[tuple[Cell, int]] = ()) -> None:
        super().__init__(items)
        self._indexes: dict[tuple[str, ...], dict[tuple, int]] = {}

    def sum(self, **where: object) -> int:
        fields = tuple(where)  # a call site always names its fields in the same order
        index = self._indexes.get(fields)
        if index is None:
            index = defaultdict(int)
            for cell, amount in self.items():
                index[tuple(getattr(cell, name) for name in fields)] += amount
            self._indexes[fields] = index
        return index.get(tuple(where[name] for name in fields), 0)

    def plus(self, other: "Cells") -> "Cells":
        """Both sets' sums cell by cell (a commitment plus the funds carried between years)."""
        merged = Cells(self.items())
        for cell, amount in other.items():
            merged[cell] = merged.get(cell, 0) + amount
        return merged
