"""Charts of the console drawn on the server as SVG (no script, no external library): this module
computes the geometry, ``console/_chart.html`` draws it with a title, a text summary and the data
table behind it (WCAG 1.1.1: the table carries every value the chart shows)."""

from __future__ import annotations

from dataclasses import dataclass, field

WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 44, 12, 12, 32


@dataclass(frozen=True)
class Point:
    label: str
    value: float
    x: float
    y: float
    bar_y: float = 0.0
    bar_height: float = 0.0


@dataclass(frozen=True)
class Chart:
    kind: str  # "line" or "bar"
    points: list[Point]
    ticks: list[tuple[float, float]]  # (value, y)
    x_labels: list[Point] = field(default_factory=list)
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    bottom_y: float = HEIGHT - BOTTOM
    right_x: float = WIDTH - RIGHT
    bar_width: float = 0.0

    @property
    def polyline(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points)

    @property
    def minimum(self) -> Point | None:
        return min(self.points, key=lambda p: p.value) if self.points else None

    @property
    def maximum(self) -> Point | None:
        return max(self.points, key=lambda p: p.value) if self.points else None

    @property
    def first(self) -> Point | None:
        return self.points[0] if self.points else None

    @property
    def last(self) -> Point | None:
        return self.points[-1] if self.points else None


def _nice_top(value: float) -> float:
    for top in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000):
        if value <= top:
            return float(top)
    return float(value)


def chart(data: list[tuple[str, float]], kind: str = "line", top: float | None = None) -> Chart:
    """Geometry of a line or bar chart of ``data`` (label, value), values from 0 to ``top`` (default: a
    round number above the largest)."""
    top = top or _nice_top(max((value for _label, value in data), default=0) or 1)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    count = len(data)
    step = plot_w / count if kind == "bar" and count else (plot_w / (count - 1) if count > 1 else 0)
    points = []
    for index, (label, value) in enumerate(data):
        y = TOP + plot_h * (1 - min(value, top) / top)
        if kind == "bar":
            x = LEFT + step * index + step * 0.15
            points.append(Point(label, value, x, y, bar_y=y, bar_height=TOP + plot_h - y))
        else:
            x = LEFT + (step * index if count > 1 else plot_w / 2)
            points.append(Point(label, value, x, y))
    ticks = [(top * share, TOP + plot_h * (1 - share)) for share in (0, 0.25, 0.5, 0.75, 1)]
    # At most six dates under the axis, the first and the last always.
    every = max(1, -(-count // 6))
    x_labels = [p for index, p in enumerate(points) if index % every == 0 or index == count - 1]
    if kind == "bar":
        x_labels = [Point(p.label, p.value, p.x + step * 0.35, p.y) for p in x_labels]
    return Chart(kind, points, ticks, x_labels, bar_width=step * 0.7)


@dataclass(frozen=True)
class Bar:
    series: int
    x: float
    y: float
    height: float


@dataclass(frozen=True)
class GroupedChart:
    """Bars of several series side by side per label (e.g. questions received / answered / late)."""

    names: list[str]
    rows: list[tuple[str, list[float]]]  # (label, one value per series): the data table
    bars: list[Bar]
    ticks: list[tuple[float, float]]
    x_labels: list[Point]
    bar_width: float
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right_x: float = WIDTH - RIGHT

    @property
    def points(self) -> list[tuple[str, list[float]]]:
        return self.rows

    @property
    def totals(self) -> list[tuple[str, float]]:
        """(series name, sum over every label), for the text summary."""
        return [(name, sum(values[index] for _label, values in self.rows)) for index, name in enumerate(self.names)]


def grouped_chart(names: list[str], series: list[list[tuple[str, float]]]) -> GroupedChart:
    """Geometry of a grouped bar chart: ``series`` has one (label, value) list per name, same labels."""
    labels = [label for label, _value in series[0]] if series else []
    rows = [(label, [values[index][1] for values in series]) for index, label in enumerate(labels)]
    top = _nice_top(max((value for _label, values in rows for value in values), default=0) or 1)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / len(rows) if rows else 0
    width = step * 0.8 / max(len(names), 1)
    bars = []
    for index, (_label, values) in enumerate(rows):
        for number, value in enumerate(values):
            y = TOP + plot_h * (1 - min(value, top) / top)
            bars.append(Bar(number, LEFT + step * index + step * 0.1 + width * number, y, TOP + plot_h - y))
    ticks = [(top * share, TOP + plot_h * (1 - share)) for share in (0, 0.25, 0.5, 0.75, 1)]
    every = max(1, -(-len(rows) // 6))
    x_labels = [
        Point(label, 0.0, LEFT + step * index + step / 2, 0.0)
        for index, (label, _values) in enumerate(rows)
        if index % every == 0 or index == len(rows) - 1
    ]
    return GroupedChart(names, rows, bars, ticks, x_labels, width)
