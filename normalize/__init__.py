"""Raw cells to canonical values: pure functions over data tables, no I/O.

Every reader takes text as extracted (clean_text is applied inside, so calling it first is
harmless) and returns a value or None with a reason; none raises on odd input.
"""

from .actuals import ActualReading, read_actual
from .form import normalize_form, read_money, read_score, year_of
from .grades import grade_tier, read_grade, read_scale, scale_tier, split_scale
from .labels import (
    LEVEL1,
    LEVEL2,
    LEVEL2_PARENT,
    LabelReading,
    canonical_level1,
    canonical_level2,
    level1_of,
    levels_consistent,
    read_level1,
    read_level2,
    strip_name_label,
)
from .nature import nature_code, read_nature
from .numerals import parse_chinese_numeral
from .numeric import format_decimal, is_placeholder, parse_decimal, parse_percent, read_decimal
from .reading import Reading
from .targets import TargetReading, read_target
from .text import clean_text
from .typos import fix_typos
from .units import UnitInfo, canonical_unit, from_wan, is_money_name, is_money_unit, to_wan, unit_info

__all__ = [
    "LEVEL1",
    "LEVEL2",
    "LEVEL2_PARENT",
    "ActualReading",
    "LabelReading",
    "Reading",
    "TargetReading",
    "UnitInfo",
    "canonical_level1",
    "canonical_level2",
    "canonical_unit",
    "clean_text",
    "fix_typos",
    "format_decimal",
    "from_wan",
    "grade_tier",
    "is_money_name",
    "is_money_unit",
    "is_placeholder",
    "level1_of",
    "levels_consistent",
    "nature_code",
    "normalize_form",
    "parse_chinese_numeral",
    "parse_decimal",
    "parse_percent",
    "read_actual",
    "read_decimal",
    "read_grade",
    "read_level1",
    "read_level2",
    "read_money",
    "read_nature",
    "read_scale",
    "read_score",
    "read_target",
    "scale_tier",
    "split_scale",
    "strip_name_label",
    "to_wan",
    "unit_info",
    "year_of",
]
