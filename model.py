"""The data model: every record evalforms reads, builds or writes, in one place.

The flow is Document (extract) -> RawForm (extract.form_parser) -> Form (normalize, then score)
-> rows of the contract's CSV files (score.writers). Money and scores are Decimal throughout;
JSON carries them as strings so that no reader turns 738.62892 into a float.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from codes import severities

Box = tuple[float, float, float, float]
"""[x0, top, x1, bottom]: PDF points for text PDFs, pixels at `dpi` for scans, None for DOCX."""

Method = Literal[
    "pdf-text",
    "pdf-ocr",
    "docx",
    "xlsx",
    "xls",
    "ofd",
    "ofd-ocr",
    "image-ocr",
    # legacy formats converted by LibreOffice, then read as DOCX/XLSX (docs/outputs.md)
    "doc→docx",
    "wps→docx",
    "rtf→docx",
    "odt→docx",
    "et→xlsx",
    "ods→xlsx",
]
Nature = Literal["ge", "le", "eq", "gt", "lt", "qualitative"]
Qualifier = Literal["ge", "le", "gt", "lt"]
Severity = Literal["error", "warning", "info"]
Status = Literal["ok", "partial", "failed", "skipped", "ignored"]
ErrorCode = Literal[
    "UNSUPPORTED_TYPE",
    "FILE_CORRUPT",
    "FILE_ENCRYPTED",
    "NO_FORM_FOUND",
    "TIMEOUT",
    "TOO_LARGE",
    "OCR_UNAVAILABLE",
    "CONVERTER_MISSING",
    "INTERNAL",
]
RoundingConvention = Literal["exact", "round", "truncate", "mixed"]

SEVERITY: dict[str, Severity] = severities()  # type: ignore[assignment]
"""Each finding code's severity, from the table of codes (codes/codes.toml): CONTRACT.md's table
and the extensions of docs/outputs.md."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


# ---------------------------------------------------------------- extraction: grids and blocks


class Cell(_Model):
    """One table cell after merges are resolved; it covers rows row..row+rowspan-1 and
    columns col..col+colspan-1 of its grid. `text` is as extracted (line breaks kept)."""

    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1
    text: str = ""
    page: int | None = None
    page_end: int | None = None
    """Set when a row broken across a page break was joined: the last page the cell runs onto."""
    box: Box | None = None
    confidence: float | None = None
    ref: str | None = None
    """Where a spreadsheet cell is, as Excel names it (`Sheet1!D7`); None for pages."""
    unread: bool = False
    """A scanned cell with ink that OCR could not read: not empty, unknown."""


class Grid(_Model):
    """A table as a grid of cells. A table that continues across a page break is one Grid
    whose cells carry their own page numbers."""

    kind: Literal["grid"] = "grid"
    n_rows: int
    n_cols: int
    cells: list[Cell]
    dpi: int | None = None


class TextBlock(_Model):
    """Text outside any table (a title line, a notes paragraph)."""

    kind: Literal["text"] = "text"
    text: str
    page: int | None = None
    box: Box | None = None
    confidence: float | None = None


Block = Annotated[Grid | TextBlock, Field(discriminator="kind")]


class Document(_Model):
    """A whole input file as reading-ordered blocks."""

    method: Method
    pages: int | None = None
    blocks: list[Block] = Field(default_factory=list)
    dpi: int | None = None
    ocr_pages: list[int] = Field(default_factory=list)
    """Pages read by OCR (their boxes in pixels at `dpi`); the others of a PDF were read from
    the text layer (boxes in points). A form's method is that of its own pages."""


OCR_METHODS: frozenset[str] = frozenset({"pdf-ocr", "ofd-ocr", "image-ocr"})
"""Methods whose values may carry recognition errors (and so LOW_CONFIDENCE findings)."""


# ---------------------------------------------------------------- parsing: raw strings with provenance


class RawValue(_Model):
    """A cell's text "as written" (normalize.text.clean_text applied) and where it came from."""

    text: str = ""
    page: int | None = None
    box: Box | None = None
    confidence: float | None = None
    ref: str | None = None
    unread: bool = False
    covered: bool = False
    """True when the value was not written in this row but comes from a label merged over it
    (a vertically merged 一级/二级指标 cell)."""


class RawIndicator(_Model):
    level1: RawValue = Field(default_factory=RawValue)
    level2: RawValue = Field(default_factory=RawValue)
    name: RawValue = Field(default_factory=RawValue)
    nature: RawValue = Field(default_factory=RawValue)
    target: RawValue = Field(default_factory=RawValue)
    unit: RawValue = Field(default_factory=RawValue)
    actual: RawValue = Field(default_factory=RawValue)
    weight: RawValue = Field(default_factory=RawValue)
    score: RawValue = Field(default_factory=RawValue)
    deviation: RawValue = Field(default_factory=RawValue)
    group_score: RawValue = Field(default_factory=RawValue)
    """A 得分 cell merged over the rows of a whole 一级 group, on the group's first row only: the
    group's score, not this row's."""


FUNDS_ROWS = ("total", "fiscal", "carryover", "other")
"""年度资金总额, 其中：当年财政拨款, 上年结转资金, 其他资金."""
FUNDS_COLS = ("budget_initial", "budget_full_year", "executed")
"""年初预算数, 全年预算数, 全年执行数."""


class RawForm(_Model):
    """One form as its cells read: every value is text as written, nothing is interpreted yet."""

    form_id: str = ""
    source_file: str = ""
    source_sha256: str = ""
    form_index: int = 0
    page_start: int | None = None
    page_end: int | None = None
    method: Method = "docx"
    dpi: int | None = None

    title: RawValue = Field(default_factory=RawValue)
    project_name: RawValue = Field(default_factory=RawValue)
    department: RawValue = Field(default_factory=RawValue)
    implementing_unit: RawValue = Field(default_factory=RawValue)
    funds: dict[str, dict[str, RawValue]] = Field(default_factory=dict)
    """funds[row][col], row in FUNDS_ROWS, col in FUNDS_COLS."""
    funds_weight: RawValue = Field(default_factory=RawValue)
    execution_rate: RawValue = Field(default_factory=RawValue)
    execution_score: RawValue = Field(default_factory=RawValue)
    goal_expected: RawValue = Field(default_factory=RawValue)
    goal_actual: RawValue = Field(default_factory=RawValue)
    total_weight: RawValue = Field(default_factory=RawValue)
    total_score: RawValue = Field(default_factory=RawValue)
    indicators: list[RawIndicator] = Field(default_factory=list)
    funds_unit: RawValue = Field(default_factory=RawValue)
    """The money unit of the 项目资金 block as written (元 in 项目资金（元）); empty: 万元."""
    grade_declared: RawValue = Field(default_factory=RawValue)
    """The grade written after the total score (总分 | 100 | 96 | 优)."""
    scheme: RawValue = Field(default_factory=RawValue)
    """The form's statement of its weight scheme (评分标准：预算执行率10分，产出指标50分…)."""
    missing_blocks: list[str] = Field(default_factory=list)
    """Blocks of the form that were not found (funds, goals, indicators, total): BLOCK_MISSING."""
    problems: list[str] = Field(default_factory=list)
    """What the parser could not find (Chinese, for people); a non-empty list makes the file partial."""


# ---------------------------------------------------------------- canonical records (the contract)


class Anomaly(_Model):
    form_id: str = ""
    seq: int | None = None
    code: str
    severity: Severity
    field: str = ""
    declared: str = ""
    expected: str = ""
    message: str = ""
    page: int | None = None
    """Where the finding's cell is (extension column)."""
    confidence: float | None = None
    """The lowest recognition confidence of the cells the finding rests on, for findings about
    OCR'd forms (extension column); None where every cell was read from text."""


class Provenance(_Model):
    field: str
    seq: int | None = None
    page: int | None = None
    box: Box | None = None
    confidence: float | None = None
    ref: str | None = None
    """Spreadsheet cell reference (`Sheet1!D7`) for XLSX/XLS forms."""
    unread: bool = False
    """The cell has ink that OCR could not read: its value is unknown, not empty."""


class Indicator(_Model):
    seq: int
    level1: str = ""
    level2: str = ""
    name: str = ""
    name_raw: str = ""
    nature: Nature | None = None
    target_value: Decimal | None = None
    target_text: str = ""
    unit: str = ""
    unit_raw: str = ""
    actual_text: str = ""
    actual_value: Decimal | None = None
    actual_qualifier: Qualifier | None = None
    actual_grade: str = ""
    weight: Decimal | None = None
    score_declared: Decimal | None = None
    score_computed: Decimal | None = None
    deviation_note: str = ""
    # extensions (documented in docs/outputs.md)
    level1_raw: str = ""
    level2_raw: str = ""
    nature_raw: str = ""
    page: int | None = None
    nature_inferred: bool = False
    """The form states no 指标性质 for this row: `nature` was inferred (NATURE_INFERRED)."""


class Group(_Model):
    """A 一级指标 group as the form declares it: the weight written on its label (产出指标（50分）)
    and a 得分 merged over its rows."""

    level1: str
    weight_declared: Decimal | None = None
    score_declared: Decimal | None = None


class StatedWeight(_Model):
    """One item of a form's own statement of its weight scheme (评分标准：…产出指标（含成本指标）50分…)."""

    label: str
    """The item as written, without its weight (产出指标(含成本指标))."""
    group: str
    """"funds" for the funds item, else the 一级指标 the item is named for; "" when the label names
    neither (a scheme we cannot map)."""
    level1: list[str] = Field(default_factory=list)
    """Every 一级指标 the item covers (产出指标 and 成本指标 for 产出指标（含成本指标）)."""
    weight: Decimal


class Form(_Model):
    form_id: str = ""
    source_file: str = ""
    source_sha256: str = ""
    form_index: int = 0
    page_start: int | None = None
    page_end: int | None = None
    method: Method = "docx"
    year: int | None = None
    project_name: str = ""
    department: str = ""
    implementing_unit: str = ""
    budget_initial: Decimal | None = None
    budget_full_year: Decimal | None = None
    executed: Decimal | None = None
    fiscal_budget_initial: Decimal | None = None
    fiscal_budget_full_year: Decimal | None = None
    fiscal_executed: Decimal | None = None
    carryover_budget_initial: Decimal | None = None
    carryover_budget_full_year: Decimal | None = None
    carryover_executed: Decimal | None = None
    other_budget_initial: Decimal | None = None
    other_budget_full_year: Decimal | None = None
    other_executed: Decimal | None = None
    funds_weight: Decimal | None = None
    execution_rate_declared: Decimal | None = None
    execution_score_declared: Decimal | None = None
    execution_rate_computed: Decimal | None = None
    execution_score_computed: Decimal | None = None
    goal_expected: str = ""
    goal_actual: str = ""
    total_weight_declared: Decimal | None = None
    total_score_declared: Decimal | None = None
    total_score_computed: Decimal | None = None
    grade_computed: str = ""
    rounding_convention: RoundingConvention | None = None
    n_errors: int = 0
    n_warnings: int = 0
    n_infos: int = 0
    # extensions
    rules_profile: str = ""
    dpi: int | None = None
    funds_unit_raw: str = ""
    """The money unit of the 项目资金 block as written (元, 万元); the amounts are in 万元 whatever it is."""
    grade_declared: str = ""
    """The grade the form writes after its total (总分 | 100 | 96 | 优)."""
    groups: list[Group] = Field(default_factory=list)
    scheme: list[StatedWeight] = Field(default_factory=list)
    """The weight scheme the form states for itself (评分标准：…), in its order; empty if none."""
    missing_blocks: list[str] = Field(default_factory=list)
    """Blocks not found on the form (header, funds, goals, indicators, total), each one BLOCK_MISSING."""

    @field_validator("funds_unit_raw", "grade_declared", mode="before")
    @classmethod
    def _absent_text(cls, value: object) -> object:
        """Absent text is "" (JSON truth and older documents may say null)."""
        return "" if value is None else value

    indicators: list[Indicator] = Field(default_factory=list)
    anomalies: list[Anomaly] = Field(default_factory=list)
    provenance: list[Provenance] = Field(default_factory=list)


class ManifestEntry(_Model):
    source_file: str
    source_sha256: str = ""
    status: Status
    method: str = ""
    pages: int | None = None
    forms_found: int = 0
    error_code: ErrorCode | None = None
    error_message: str = ""
    seconds: Decimal | None = None


FORM_COLUMNS = [
    "form_id", "source_file", "source_sha256", "form_index", "page_start", "page_end", "method",
    "year", "project_name", "department", "implementing_unit",
    "budget_initial", "budget_full_year", "executed",
    "fiscal_budget_initial", "fiscal_budget_full_year", "fiscal_executed",
    "carryover_budget_initial", "carryover_budget_full_year", "carryover_executed",
    "other_budget_initial", "other_budget_full_year", "other_executed",
    "funds_weight", "execution_rate_declared", "execution_score_declared",
    "execution_rate_computed", "execution_score_computed",
    "goal_expected", "goal_actual",
    "total_weight_declared", "total_score_declared", "total_score_computed", "grade_computed",
    "rounding_convention", "n_errors", "n_warnings", "n_infos",
    "rules_profile", "dpi", "funds_unit_raw", "grade_declared",
]  # fmt: skip
INDICATOR_COLUMNS = [
    "form_id", "seq", "level1", "level2", "name", "name_raw", "nature", "target_value",
    "target_text", "unit", "unit_raw", "actual_text", "actual_value", "actual_qualifier",
    "actual_grade", "weight", "score_declared", "score_computed", "deviation_note",
    "level1_raw", "level2_raw", "nature_raw", "page", "nature_inferred",
]  # fmt: skip
ANOMALY_COLUMNS = [
    "form_id", "seq", "code", "severity", "field", "declared", "expected", "message", "page", "confidence",
]  # fmt: skip
MANIFEST_COLUMNS = [
    "source_file", "source_sha256", "status", "method", "pages", "forms_found",
    "error_code", "error_message", "seconds",
]  # fmt: skip
