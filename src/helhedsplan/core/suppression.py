"""Small counts kept from identifying anyone: suppression with complementary suppression.

A table of counts about people (the counselling's mapping of needs, the surveys' results)
shows a count of 1-4 only as "<5", and hides further figures so that no such count can be
worked out from the totals and the other cells ("x"). The caller names every figure it shows
with its count and every sum that ties figures together (a total and its parts); the
suppression says which figures to hide. The rule is the counselling's (issue 6), shared by
the surveys (issue 15).
"""

from __future__ import annotations

from collections import defaultdict

# Counts below this leave the staff only as "<5", so no resident can be recognised.
SUPPRESSION_LIMIT = 5

# A figure's name, chosen by the caller: e.g. (kind, estate, quarter, …).
Figure = tuple


def _pinned(relation: list[Figure], hidden: set[Figure], values: dict[Figure, int]) -> bool:
    """Whether the small counts hidden in one sum can be worked out from it alone: each is
    known to lie between 1 and 4, so when their (known) sum is the least or the most they
    could make, each is pinned. The first figure of a sum counts negatively."""
    signed = [(-1 if i == 0 else 1, f) for i, f in enumerate(relation) if f in hidden]
    total = sum(sign * values[f] for sign, f in signed)
    lowest = sum(1 if sign > 0 else -(SUPPRESSION_LIMIT - 1) for sign, _f in signed)
    highest = sum(SUPPRESSION_LIMIT - 1 if sign > 0 else -1 for sign, _f in signed)
    return total in (lowest, highest)


def complementary_suppression(
    values: dict[Figure, int], relations: list[list[Figure]]
) -> tuple[set[Figure], set[Figure]]:
    """The figures shown as "<5" and those hidden as "x", so that no small count can be
    worked out from the figures shown: while a sum hides exactly one figure, or hides only
    "<5"s whose sum pins them, the smallest other non-zero figure of it (a total counts
    too) is hidden as well, until nothing changes. When a sum has nothing left to hide (a
    year of four quarters that are all "<5"), one of its "<5"s is shown as "x" instead, which
    says nothing of its size. Zero is never hidden: it identifies nobody."""
    small = {f for f, n in values.items() if 0 < n < SUPPRESSION_LIMIT}
    hidden = set(small)
    containing: defaultdict[Figure, list[list[Figure]]] = defaultdict(list)
    for relation in relations:
        for figure in relation:
            containing[figure].append(relation)
    # Small counts shown as "x": hidden without the bounds "<5" gives away.
    blurred: set[Figure] = set()
    changed = True
    while changed:
        changed = False
        for relation in relations:
            inside = [f for f in relation if f in hidden]
            if not inside:
                continue
            bounded = [f for f in inside if f in small and f not in blurred]
            pinned = len(bounded) == len(inside) and _pinned(relation, hidden, values)
            if len(inside) != 1 and not pinned:
                continue
            candidates = [
                (values[f], i) for i, f in enumerate(relation) if f not in hidden and values[f] > 0
            ]
            if candidates:
                hidden.add(relation[min(candidates)[1]])
                changed = True
            elif pinned:
                blurred.add(max(bounded, key=lambda f: (values[f], repr(f))))
                changed = True
        if not changed:
            # Several sums together can still give a hidden figure back (a chain of sums
            # that each hide two): hide one more figure near each one they give.
            for figure in _solvable(hidden, relations):
                nearest = _nearest_shown(figure, hidden, containing, values)
                if nearest is not None:
                    hidden.add(nearest)
                    changed = True
    return small - blurred, (hidden - small) | blurred


def _nearest_shown(
    figure: Figure,
    hidden: set[Figure],
    containing: dict[Figure, list[list[Figure]]],
    values: dict[Figure, int],
) -> Figure | None:
    """The smallest non-zero figure still shown in a sum with ``figure``; when its sums show
    none, in a sum with the hidden figures of those sums, and so on outwards. Hiding it adds
    an unknown to the sums that gave ``figure`` back. ``None`` when every non-zero figure
    around is hidden: then every sum's shown part is zero, and no non-zero figure can be
    given back."""
    reached = {figure}
    frontier = [figure]
    while frontier:
        relations = [relation for f in frontier for relation in containing[f]]
        shown = [(values[f], repr(f), f) for r in relations for f in r if f not in hidden]
        candidates = [candidate for candidate in shown if candidate[0] > 0]
        if candidates:
            return min(candidates)[2]
        frontier = list(
            dict.fromkeys(f for r in relations for f in r if f in hidden and f not in reached)
        )
        reached.update(frontier)
    return None


# Arithmetic modulo a large prime keeps the elimination exact and fast; a coincidence that
# made a solvable figure look unsolvable would need a multiple of this prime.
_PRIME = 2**61 - 1


def _solvable(hidden: set[Figure], relations: list[list[Figure]]) -> list[Figure]:
    """The hidden figures the sums give back when the shown figures are filled in: those
    whose row in the reduced (Gauss-Jordan) form of the sums has no other unknown."""
    pivots: dict[Figure, dict[Figure, int]] = {}
    for relation in relations:
        row: dict[Figure, int] = {}
        for i, figure in enumerate(relation):
            if figure in hidden:
                row[figure] = (row.get(figure, 0) + (-1 if i == 0 else 1)) % _PRIME
        for pivot in [f for f in row if f in pivots]:
            factor = row.get(pivot, 0)
            if factor:
                for f, c in pivots[pivot].items():
                    row[f] = (row.get(f, 0) - factor * c) % _PRIME
        row = {f: c for f, c in row.items() if c}
        if not row:
            continue
        pivot = min(row, key=repr)
        inverse = pow(row[pivot], -1, _PRIME)
        row = {f: c * inverse % _PRIME for f, c in row.items()}
        for other, other_row in pivots.items():
            factor = other_row.get(pivot, 0)
            if factor:
                for f, c in row.items():
                    other_row[f] = (other_row.get(f, 0) - factor * c) % _PRIME
                pivots[other] = {f: c for f, c in other_row.items() if c}
        pivots[pivot] = row
    return [pivot for pivot, row in pivots.items() if len(row) == 1]
