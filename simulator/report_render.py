"""Rendering the report's blocks: ``report.md`` and a self-contained ``report.html`` (styles inline, images as
data URIs), the same content in both. The HTML opens with what fits on one screen, folds long tables
(``Block.fold``: the assumptions register's groups) into ``<details>``, and prints on A4 with a page break
before each section, rows and figures kept whole and long cells wrapped instead of cut at the edge."""

from __future__ import annotations

import base64
import html
import re
from dataclasses import dataclass, field
from pathlib import Path

from .filenames import utf8_text


@dataclass
class Block:
    kind: str  # heading | text | bullets | table | image | contents | footer
    text: str = ""
    level: int = 2
    items: list = field(default_factory=list)  # bullets; table rows
    header: list = field(default_factory=list)
    marked: list = field(default_factory=list)  # table: row indices to highlight
    fold: str = ""  # table: in HTML, folded into <details> whose summary is this text (Markdown shows it whole)


def _md_text(value) -> str:
    """Text as Markdown shows it: names and comments come from the scenario, so HTML in them (``<script>``,
    ``<img onerror=...>``) is escaped (``&lt;``) and drawn as written, as ``report.html`` does."""
    return html.escape(str(value), quote=False)


def _md_cell(value) -> str:
    return _md_text(value).replace("|", "\\|").replace("\n", " ")


def anchor(heading: str) -> str:
    """A heading's link target, as GitHub makes it: lower case, punctuation dropped, spaces as hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-")


def to_markdown(blocks: list[Block]) -> str:
    out = []
    for b in blocks:
        if b.kind == "heading":
            out.append(f"{'#' * b.level} {_md_text(b.text).replace(chr(10), ' ')}")
        elif b.kind == "text":
            out.append(_md_text(b.text))
        elif b.kind == "bullets" and b.items:
            out.append("\n".join(f"- {_md_cell(item)}" for item in b.items))
        elif b.kind == "table":
            lines = ["| " + " | ".join(map(_md_cell, b.header)) + " |", "|" + "---|" * len(b.header)]
            for i, row in enumerate(b.items):
                cells = [_md_cell(c) for c in row]
                if i in b.marked:
                    cells[0] = f"**{cells[0]}**"
                lines.append("| " + " | ".join(cells) + " |")
            out.append("\n".join(lines))
        elif b.kind == "image":
            caption = _md_cell(b.items[0])
            out.append(f"![{caption}]({b.text})\n\n*{caption}*")
        elif b.kind == "contents":
            out.append(f"**{b.text}**\n\n" + "\n".join(f"- [{_md_cell(i)}](#{anchor(i)})" for i in b.items))
        elif b.kind == "footer":
            out.append(f"---\n\n*{_md_text(b.text)}*")
    return "\n\n".join(out) + "\n"


CSS = """body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;max-width:1100px;margin:2em auto;
padding:0 1em;color:#222;line-height:1.45}h1{font-size:1.6em}h2{border-bottom:1px solid #ccc;margin-top:2em}
table{border-collapse:collapse;margin:1em 0;font-size:.85em;width:100%}th,td{border:1px solid #ccc;
padding:.3em .5em;vertical-align:top;text-align:left}td{overflow-wrap:break-word}th{background:#f0f0f0}
td.num{text-align:right;white-space:nowrap}tr.estimate td{background:#fff3cd}
tr.estimate td:first-child{border-left:4px solid #b8860b}figure{margin:1.5em 0}
figure img{max-width:100%;border:1px solid #eee}figcaption{font-size:.9em;color:#555}
nav.contents ol{columns:2}details{margin:.5em 0 1em}summary{cursor:pointer;color:#0b5394}
summary h3{display:inline;color:#222}table.register{table-layout:fixed}table.register td{overflow-wrap:anywhere}
table.register th:nth-child(1){width:15%}table.register th:nth-child(2){width:12%}
table.register th:nth-child(3),table.register th:nth-child(4){width:8%}table.register th:nth-child(6){width:11%}
table.register th:nth-child(7){width:6%}
footer{margin-top:3em;border-top:1px solid #ccc;padding-top:.5em;font-size:.85em;color:#555}
@page{size:A4;margin:14mm 12mm}
@media print{body{max-width:none;margin:0;padding:0;font-size:10pt}table{font-size:8pt}
tr.estimate td{background:#eee}h2{break-before:page;margin-top:0}h2#summary,nav.contents h2{break-before:auto}
h2,h3{break-after:avoid}tr,figure{break-inside:avoid}figure{display:inline-block;width:49%;margin:0 0 .8em;
vertical-align:top}details:not([open]){display:none}}"""


def _image_src(folder: Path, file: str) -> str:
    data = (folder / file).read_bytes()
    mime = "image/svg+xml" if file.endswith(".svg") else "image/png"
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def _is_number(cell) -> bool:
    """Numbers (``4,436.6``, ``+0.0``, ``2.12x``, ``9.6 (+0.1)``) are right-aligned; text is not."""
    return re.fullmatch(r"[+-]?[\d,]*\.?\d+x?( \([+-]?[\d,]*\.?\d+\))?", str(cell)) is not None


def _html_heading(block: Block) -> str:
    text = html.escape(block.text)
    return f'<h{block.level} id="{html.escape(anchor(block.text))}">{text}</h{block.level}>'


def to_html(blocks: list[Block], folder: Path, title: str) -> str:
    """A self-contained page: styles inline, images embedded as data URIs, estimates highlighted."""
    esc = html.escape
    out = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(title)}</title>",
        f"<style>{CSS}</style>",
        "</head>",
        "<body>",
    ]
    for i, b in enumerate(blocks):
        folded = i + 1 < len(blocks) and blocks[i + 1].kind == "table" and blocks[i + 1].fold
        if b.kind == "heading" and folded:
            continue  # the folded table's summary line carries it
        if b.kind == "heading":
            out.append(_html_heading(b))
        elif b.kind == "text":
            out.append(f"<p>{esc(b.text)}</p>")
        elif b.kind == "contents":
            links = "".join(f'<li><a href="#{esc(anchor(i))}">{esc(i)}</a></li>' for i in b.items)
            out.append(f'<nav class="contents"><h2 id="contents">{esc(b.text)}</h2><ol>{links}</ol></nav>')
        elif b.kind == "footer":
            out.append(f"<footer>{esc(b.text)}</footer>")
        elif b.kind == "bullets" and b.items:
            out.append("<ul>" + "".join(f"<li>{esc(str(i))}</li>" for i in b.items) + "</ul>")
        elif b.kind == "table":
            head = "".join(f"<th>{esc(str(h))}</th>" for h in b.header)
            body = []
            for r, row in enumerate(b.items):
                cells = "".join(
                    f'<td class="num">{esc(str(c))}</td>' if _is_number(c) else f"<td>{esc(str(c))}</td>" for c in row
                )
                body.append(f'<tr class="estimate">{cells}</tr>' if r in b.marked else f"<tr>{cells}</tr>")
            css = ' class="register"' if b.fold else ""  # a folded table is a register's: fixed column widths
            table = f"<table{css}><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
            if b.fold:
                heading = _html_heading(blocks[i - 1]) if i and blocks[i - 1].kind == "heading" else ""
                table = f"<details><summary>{heading} {esc(b.fold)}</summary>{table}</details>"
            out.append(table)
        elif b.kind == "image":
            caption = esc(b.items[0])
            out.append(
                f'<figure><img src="{_image_src(folder, b.text)}" alt="{caption}">'
                f"<figcaption>{caption}</figcaption></figure>"
            )
    out += ["</body>", "</html>"]
    return "\n".join(out) + "\n"


def write_report(blocks: list[Block], folder, title: str) -> list[str]:
    """Write ``report.md`` and ``report.html`` into ``folder`` (images must already be there). File names the
    report quotes are written as their bytes spell them (:func:`simulator.filenames.utf8_text`), whatever the
    locale."""
    folder = Path(folder)
    (folder / "report.md").write_text(utf8_text(to_markdown(blocks)), encoding="utf-8")
    (folder / "report.html").write_text(utf8_text(to_html(blocks, folder, title)), encoding="utf-8")
    return ["report.md", "report.html"]


__all__ = ["CSS", "Block", "anchor", "to_html", "to_markdown", "write_report"]
