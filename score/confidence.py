"""LOW_CONFIDENCE: the cells of an OCR'd form that were read with little confidence.

A cell's confidence is its weakest line's (extract/ocr): the recognizer's mean character
probability; for a lone 绩效指标性质 symbol, the probability of its scoring rule among ≥ ≤ = > <.
DEFAULT_THRESHOLD was chosen on the scanned corpus (30 forms, 2 212 cells with a confidence;
bench/accuracy_scan.py, tests/test_corpus_scan.py): below 0.9 lie 3 of the 12 misread cells and
8 of the 2 200 right ones (one false alarm in four forms); 0.95 catches 2 more misreads for
twice the false alarms, 0.8 only one misread. Most misreads have a high confidence (a seal that
took a character away leaves a clean, wrong reading), so the finding is a pointer to look, not
a guarantee that what is not flagged is right.
"""

from __future__ import annotations

from codes.finding import make
from model import Anomaly, Form, Provenance
from normalize.numeric import format_decimal
from score.vocab import column

CODE = "LOW_CONFIDENCE"
_EXTRA_LABELS = {"title": "表名"}  # provenance fields that are no column
DEFAULT_THRESHOLD = 0.9


def low_confidence_findings(form: Form, threshold: float = DEFAULT_THRESHOLD) -> list[Anomaly]:
    """One warning per provenance entry (field, seq, page, confidence) read below the threshold,
    naming the field (and the indicator), what was read, and the page."""
    out = []
    for p in form.provenance:
        if p.confidence is None or p.confidence >= threshold:
            continue
        read = _read_value(form, p)
        shown = f"“{read[:30]}{'…' if len(read) > 30 else ''}”" if read else "空值"
        out.append(
            make(
                CODE,
                form_id=form.form_id,
                seq=p.seq,
                field=p.field,
                declared=read,
                page=p.page,
                confidence=p.confidence,
                subject=cell_subject(form, p),
                confidence_text=f"{p.confidence:.2f}",
                threshold=f"{threshold:.2f}",
                shown=shown,
            )
        )
    return out


def _indicator_name(form: Form, seq: int) -> str:
    ind = next((i for i in form.indicators if i.seq == seq), None)
    if ind is None:
        return f"第{seq}项指标"
    return f"指标“{ind.name or ind.name_raw}”" if (ind.name or ind.name_raw) else f"第{seq}项指标"


def _read_value(form: Form, p: Provenance) -> str:
    """What the field holds as read: the indicator's or the form's value of that name."""
    owner: object = form
    if p.seq is not None:
        owner = next((i for i in form.indicators if i.seq == p.seq), None)
    value = getattr(owner, p.field, None) if owner is not None else None
    if value is None:
        return ""
    return format_decimal(value) if not isinstance(value, str | int) else str(value)


def cell_subject(form: Form, p: Provenance) -> str:
    """Where a cell is, for a person: 第3页第2项指标“…”的“得分”."""
    table = "forms" if p.seq is None else "indicators"
    label = _EXTRA_LABELS.get(p.field) or column(table, p.field).header
    where = f"第{p.page}页" if p.page is not None else "表中"
    owner = f"{_indicator_name(form, p.seq)}的" if p.seq is not None else ""
    return f"{where}{owner}“{label}”"
