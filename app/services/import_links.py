"""Correction links in the import layout: `reverses` and `replaces` name, by its import key,
the entry a row reverses (a reversal) or replaces (a correction's new amount).

The entries export writes them, so export → import into an empty database of the same plan
gives back the entries and their links (entries.reverses_id, entry_replacements). A link
names an entry booked in the plan or an earlier row of the same file (the export writes
entries in booking order, so a correction follows what it corrects). A reversal undoes its
entry exactly (same activity, partner, kind and category, the amount negated, in the same or
a later year); a replacement keeps the activity, partner, kind and category of an entry that
has been reversed; neither entry may be reversed or replaced twice. A row already booked must
carry the links it was booked with. Files without the two columns import as before.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from app.formatting import format_ore
from app.models import Entry, EntryReplacement
from app.services.posting import BulkBooking, Progress, ValidLine

LINK_FIELDS = ("reverses", "replaces")
LOOKUP_CHUNK = 500


@dataclass(frozen=True)
class Booked:
    """An entry booked in the plan, as the import knows it by its key."""

    entry_id: int
    values: tuple  # (year, activity_id, partner_id, kind, category, amount_ore)


@dataclass(frozen=True)
class Links:
    """A row's links: the keys it reverses and replaces ("" = none)."""

    reverses: str = ""
    replaces: str = ""


@dataclass(frozen=True)
class _Target:
    key: str
    entry_id: int | None  # None: an earlier row of this file, not booked yet
    values: tuple
    is_reversal: bool


@dataclass
class PlanLinks:
    """One plan's correction links: what is booked and what the file's earlier rows add."""

    booked: dict[str, Booked]
    reverses: dict[int, int]  # booked reversal's id → the id it reverses
    replaces: dict[int, int]  # booked replacement's id → the id it replaces
    rows: dict[str, tuple[tuple, Links]] = field(default_factory=dict)  # the file's new rows
    reversed_keys: set[str] = field(default_factory=set)  # reversed by a row of the file
    replaced_keys: set[str] = field(default_factory=set)  # replaced by a row of the file
    _keys: dict[int, str] | None = None

    def __post_init__(self) -> None:
        self.reversed_ids = set(self.reverses.values())
        self.replaced_ids = set(self.replaces.values())

    @classmethod
    def load(cls, db: Session, plan_id: int, booked: dict[str, Booked]) -> "PlanLinks":
        reversals = select(Entry.id, Entry.reverses_id).where(
            Entry.plan_id == plan_id, Entry.reverses_id.is_not(None)
        )
        replacements = (
            select(EntryReplacement.entry_id, EntryReplacement.replaces_id)
            .join(Entry, Entry.id == EntryReplacement.entry_id)
            .where(Entry.plan_id == plan_id)
        )
        return cls(
            booked,
            {id_: target for id_, target in db.execute(reversals) if target is not None},
            {id_: target for id_, target in db.execute(replacements)},
        )

    def key_of(self, entry_id: int | None) -> str:
        if entry_id is None:
            return ""
        if self._keys is None:
            self._keys = {b.entry_id: key for key, b in self.booked.items()}
        return self._keys.get(entry_id, "")

    def check_booked(self, booked: Booked, links: Links) -> list[tuple[str, str]]:
        """A row already booked must name the links it was booked with: (column, message)."""
        errors = []
        for column, given, stored in (
            ("reverses", links.reverses, self.key_of(self.reverses.get(booked.entry_id))),
            ("replaces", links.replaces, self.key_of(self.replaces.get(booked.entry_id))),
        ):
            if given != stored:
                errors.append(
                    (column, f"Posteringen er bogført med {column} “{stored or '(tom)'}”; "
                     f"filen siger “{given or '(tom)'}”. En kobling kan ikke ændres.")
                )  # fmt: skip
        return errors

    def check_new(self, key: str, values: tuple, links: Links) -> list[tuple[str, str]]:
        """The rules of a new row's links: (column, message) per broken rule."""
        if links.reverses and links.replaces:
            message = "En række kan ikke både tilbageføre (reverses) og erstatte (replaces)."
            return [("replaces", message)]
        errors = []
        for column, wanted in (("reverses", links.reverses), ("replaces", links.replaces)):
            if not wanted:
                continue
            target = self._target(wanted, key)
            if target is None:
                errors.append(
                    (column, f"“{wanted}” er hverken bogført i planen eller en tidligere "
                     "række i filen.")
                )  # fmt: skip
            elif column == "reverses":
                errors += self._reversal_errors(target, values)
            else:
                errors += self._replacement_errors(target, values)
        return errors

    def add(self, key: str, values: tuple, links: Links) -> None:
        """A new row passed: later rows may link to it."""
        self.rows[key] = (values, links)
        if links.reverses:
            self.reversed_keys.add(links.reverses)
        if links.replaces:
            self.replaced_keys.add(links.replaces)

    def booked_id(self, key: str) -> int | None:
        """The id of a linked entry that is booked already (None: a row of this file)."""
        if key in self.rows:
            return None
        return self.booked[key].entry_id

    def _target(self, wanted: str, key: str) -> _Target | None:
        if wanted == key:
            return None
        if wanted in self.rows:
            values, links = self.rows[wanted]
            return _Target(wanted, None, values, bool(links.reverses))
        booked = self.booked.get(wanted)
        if booked is None:
            return None
        return _Target(wanted, booked.entry_id, booked.values, booked.entry_id in self.reverses)

    def _is_reversed(self, target: _Target) -> bool:
        return target.key in self.reversed_keys or (
            target.entry_id is not None and target.entry_id in self.reversed_ids
        )

    def _is_replaced(self, target: _Target) -> bool:
        return target.key in self.replaced_keys or (
            target.entry_id is not None and target.entry_id in self.replaced_ids
        )

    def _reversal_errors(self, target: _Target, values: tuple) -> list[tuple[str, str]]:
        if target.is_reversal:
            return [("reverses", f"“{target.key}” er selv en tilbageførsel og kan ikke "
                     "tilbageføres.")]  # fmt: skip
        if self._is_reversed(target):
            return [("reverses", f"“{target.key}” er allerede tilbageført.")]
        year, amount = target.values[0], target.values[5]
        if values[1:5] != target.values[1:5] or values[5] != -amount or values[0] < year:
            return [
                ("reverses", f"En tilbageførsel af “{target.key}” skal have samme aktivitet, "
                 f"partner, art og kategori, beløbet {format_ore(-amount)} kr. og året {year} "
                 "eller senere.")
            ]  # fmt: skip
        return []

    def _replacement_errors(self, target: _Target, values: tuple) -> list[tuple[str, str]]:
        if not self._is_reversed(target):
            return [("replaces", f"“{target.key}” er ikke tilbageført; tilbagefør den i en "
                     "tidligere række (reverses), før den erstattes.")]  # fmt: skip
        if self._is_replaced(target):
            return [("replaces", f"“{target.key}” er allerede erstattet.")]
        if values[1:5] != target.values[1:5]:
            return [
                ("replaces", f"En erstatning af “{target.key}” skal have samme aktivitet, "
                 "partner, art og kategori.")
            ]  # fmt: skip
        return []


def ids_by_key(db: Session, plan_id: int, keys: Iterable[str]) -> dict[str, int]:
    """Entry ids of a plan's keys, looked up in chunks (bulk-inserted rows have no ORM ids)."""
    wanted = list(keys)
    ids: dict[str, int] = {}
    for start in range(0, len(wanted), LOOKUP_CHUNK):
        query = select(Entry.external_id, Entry.id).where(
            Entry.plan_id == plan_id, Entry.external_id.in_(wanted[start : start + LOOKUP_CHUNK])
        )
        ids.update({key: id_ for key, id_ in db.execute(query) if key is not None})
    return ids


def post_linked(
    db: Session,
    lines: Sequence[ValidLine],
    reverses: dict[int, str],
    *,
    created_by: str,
    progress: Progress | None = None,
) -> None:
    """Book `lines` in file order; line i in `reverses` reverses the file's row with that key.

    Such a reversal needs its target's id, so the lines before it are booked first: the lines
    go in as few bulk inserts as the file's order allows (one when nothing links in-file),
    one bulk booking whose running sums are added once, at the end.
    """
    booking = BulkBooking(db, created_by)
    wanted = {(lines[i].plan_id, key) for i, key in reverses.items()}
    ids: dict[tuple[int, str], int] = {}
    segment: list[ValidLine] = []
    done = 0

    def flush() -> None:
        nonlocal done, segment
        if not segment:
            return
        offset = done

        def report(phase: str, count: int, _total: int) -> None:
            if progress is not None:
                progress(phase, offset + count, len(lines))

        booking.post(segment, progress=report)
        targets: dict[int, set[str]] = {}  # plan → keys of this segment that a reversal names
        for line in segment:  # one pass: a pass per plan was plans × lines
            if line.external_id and (line.plan_id, line.external_id) in wanted:
                targets.setdefault(line.plan_id, set()).add(line.external_id)
        for plan_id, keys in targets.items():
            found = ids_by_key(db, plan_id, keys)
            ids.update({(plan_id, key): id_ for key, id_ in found.items()})
        done += len(segment)
        segment = []

    for index, line in enumerate(lines):
        target = reverses.get(index)
        if target is not None:
            if (line.plan_id, target) not in ids:
                flush()
            line = line._replace(reverses_id=ids[(line.plan_id, target)])
        segment.append(line)
    flush()
    booking.finish()


def insert_replacements(db: Session, replacements: list[tuple[int, str, str, int | None]]) -> None:
    """(plan id, replacement's key, replaced entry's key, its id if booked before) →
    entry_replacements rows."""
    rows = []
    for plan_id in sorted({r[0] for r in replacements}):
        pairs = [(new, old, id_) for plan, new, old, id_ in replacements if plan == plan_id]
        keys = {new for new, _, _ in pairs} | {old for _, old, id_ in pairs if id_ is None}
        ids = ids_by_key(db, plan_id, keys)
        rows += [
            {"entry_id": ids[new], "replaces_id": ids[old] if id_ is None else id_}
            for new, old, id_ in pairs
        ]
    if rows:
        db.execute(insert(EntryReplacement.__table__), rows)
