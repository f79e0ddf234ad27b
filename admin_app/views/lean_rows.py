"""A list page's rows read as plain tuples, not ORM objects.

Building 50 orders with their customers and stores through the ORM (identity map, every
money column, a load event per object) cost more than the query itself (bench/RESULTS.md,
2026-12-07). A view that names what its list reads (`LeanReads`) gets small row objects
with exactly those attributes, the model's own properties and label, and the
organization gate's check on every organization the row carries.
"""
from dataclasses import dataclass, field

from sqlalchemy.orm import aliased


@dataclass(frozen=True)
class LeanReads:
    """What a list page reads of its model: its own columns, the columns of many-to-one
    relations it shows (their `label_columns` when not given; "a.b" is relation b of
    relation a, named after a) and the model's properties its cells and buttons ask
    for."""
    columns: tuple[str, ...]
    related: tuple[str, ...] = ()
    related_columns: dict = field(default_factory=dict)
    properties: tuple[str, ...] = ()


class LeanRows:
    """Turns the list's ORM query into a tuple query, and its tuples into rows."""

    def __init__(self, model, reads: LeanReads):
        self.model = model
        self.columns = tuple(dict.fromkeys(("id", "org_id", *reads.columns)))
        children: dict[str, list[str]] = {}
        for name in reads.related:
            parent, _, child = name.rpartition(".")
            children.setdefault(parent, []).append(child)
        self.related, aliases = [], {"": model}
        for name in reads.related:  # a relation's parent comes before it
            parent, _, child = name.rpartition(".")
            target = getattr(aliases[parent] if parent else model, child).property.mapper.class_
            wanted = reads.related_columns.get(name) or target.label_columns
            names = tuple(dict.fromkeys(("org_id", *wanted)))
            alias = aliases[name] = aliased(target)  # joined apart from any filter's join
            row_class = _row_class(target, names + tuple(children.get(name, ())), ())
            self.related.append((name, parent, child, alias, names, row_class))
        self.aliases = aliases
        self.row_class = _row_class(model, self.columns + tuple(children.get("", ())),
                                    reads.properties)

    def select(self, query):
        """The same rows (filters, search, scope, sort), as labelled tuples."""
        entities = [getattr(self.model, c) for c in self.columns]
        for name, _, _, alias, names, _ in self.related:
            entities += [getattr(alias, c).label(f"{name}__{c}") for c in names]
        query = query.with_entities(*entities)
        for _, parent, child, alias, _, _ in self.related:
            query = query.outerjoin(alias, getattr(self.aliases[parent], child))
        return query

    def rows(self, tuples, check_owner) -> list:
        """Row objects, each organization it carries checked by the gate."""
        out = []
        own = len(self.columns)
        top = self.row_class.__slots__[own:]
        checked: set = set()  # the gate's answer for an organization holds for the page

        def check(owner, kind):
            if (owner, kind) not in checked:
                check_owner(owner, kind)
                checked.add((owner, kind))
        for values in tuples:
            check(values[1], self.model.__name__)
            made, at = {}, own
            for name, parent, child, _, names, cls in self.related:
                part = values[at:at + len(names)]
                at += len(names)
                if part[0] is None:  # no related row (an outer join's blank)
                    made[name] = None
                    continue
                check(part[0], cls.gate_kind)
                made[name] = cls(*part, *(None for _ in cls.__slots__[len(names):]))
                if parent and made[parent] is not None:
                    setattr(made[parent], child, made[name])
            out.append(self.row_class(*values[:own], *(made[name] for name in top)))
        return out


def _row_class(model, names: tuple, properties: tuple):
    """A slotted class with the model's label (`__str__`) and the named properties."""
    def __init__(self, *values):
        for name, value in zip(names, values):
            setattr(self, name, value)

    body = {"__slots__": names, "__init__": __init__, "__str__": model.__str__,
            "gate_kind": model.__name__}  # what the gate records
    for name in properties:
        body[name] = getattr(model, name)
    return type(f"Lean{model.__name__}", (), body)
