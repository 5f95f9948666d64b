"""Who contributed to a page, through one adapter: the ``contributors`` relation of the contributors
app (``PageContributor`` rows with ``role``, ``name``, optional ``user``) when the page has it and it
has rows, else the page owner's full name (or username) as the author."""

from __future__ import annotations

from dataclasses import dataclass

AUTHOR = "author"
# A unit (organisation) rather than a person: "unit" in the brief, "supplier" (Đơn vị cung cấp) in the
# contributors app as written on its branch; both are counted per unit.
UNIT_ROLES = frozenset({"unit", "supplier"})


@dataclass(frozen=True)
class Person:
    name: str
    role: str = AUTHOR

    @property
    def is_unit(self) -> bool:
        return self.role in UNIT_ROLES


def _display(user) -> str:
    return (user.get_full_name() or user.get_username()).strip()


def contributors_of(page) -> list[Person]:
    relation = getattr(page, "contributors", None)
    if relation is None and hasattr(page, "specific"):
        relation = getattr(page.specific, "contributors", None)
    people: list[Person] = []
    if relation is not None and hasattr(relation, "all"):
        for row in relation.all():
            name = (row.name or "").strip() or (_display(row.user) if getattr(row, "user", None) else "")
            if name:
                people.append(Person(name=name, role=str(row.role or AUTHOR)))
    if people:
        return people
    owner = getattr(page, "owner", None)
    return [Person(name=_display(owner))] if owner is not None else []
