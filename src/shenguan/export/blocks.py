"""The one shape every published document is drawn from: titled blocks of key figures, a table,
a text, links and a bar chart. The service guide's sections and the report's blocks are both
`Block`s, so the Markdown, HTML and terminal renderers draw any of them the same way."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Block:
    title: str
    pairs: list[tuple[str, str]] = field(default_factory=list)  # label, value
    head: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    text: str = ""  # multi-line text kept as written (a guide's conditions)
    note: str = ""  # one remark under the title (a report's caveat)
    links: list[tuple[str, str]] = field(default_factory=list)  # label, http(s) address
    chart: list[tuple[str, float, str]] = field(default_factory=list)  # label, value, as shown
    chart_max: float | None = None  # 100 for percentages; else the largest value
