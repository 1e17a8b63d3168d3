"""Writes corpus/variants/truth/VNN.json: the seed's forms re-laid out in other places' and
years' layouts, with numbers changed (`python -m corpus.generate.variants_truth`).

Run once per change of the specs below; the JSON files it writes are the committed, hand-checked
truth (corpus/variants/README.md). Every form starts from a seed truth (corpus/truth/NN.json,
already hand-checked against the seed dump) and is changed by small, explicit steps whose effect
on every field is exact: money scaled by a factor (execution rates and score ratios stay what
they were), counts scaled by an integer, labels and cells rewritten as a layout writes them.
The canonical value of every rewritten cell is written here by hand next to the cell text, not
derived by the code under test.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from .grid import _clean
from .truth import TRUTH_DIR
from .variants import VLAYOUTS

VARIANTS_DIR = Path(__file__).resolve().parent.parent / "variants"
VTRUTH_DIR = VARIANTS_DIR / "truth"

Truth = dict[str, Any]
Ind = dict[str, Any]

# ---------------------------------------------------------------------------------------------
# Vocabularies of this builder (hand-written; they restate docs/canonical.md for the labels used).

LEVEL1 = {
    "产出指标": "产出指标",
    "成本指标": "成本指标",
    "效益指标": "效益指标",
    "满意度指标": "满意度指标",
    "满意度": "满意度指标",
}
LEVEL2 = {
    "服务对象满意度指标等": "服务对象满意度指标",
    "环境效益指标": "生态效益指标",
    "满意度": "服务对象满意度指标",
}
CANONICAL_LEVEL2 = {
    "数量指标",
    "质量指标",
    "时效指标",
    "成本指标",
    "经济成本指标",
    "社会成本指标",
    "生态环境成本指标",
    "经济效益指标",
    "社会效益指标",
    "生态效益指标",
    "可持续影响指标",
    "服务对象满意度指标",
}
GROUP_WEIGHT = re.compile(r"^(.*?)\((\d+(?:\.\d+)?)分\)$")
COUNT_UNITS = {"个", "份", "次", "条", "台", "人", "套", "张", "平米", "次/年", "人/年"}
PLAIN = re.compile(r"^(\d+(?:\.\d+)?)([^\d]*)$")
PREFIX = re.compile(r"^指标\d+:")


def d(value: Decimal | str | int) -> str:
    """Plain decimal text, no exponent, no trailing fractional zeros."""
    v = Decimal(str(value))
    s = format(v.normalize(), "f")
    return s if "." not in s else s.rstrip("0").rstrip(".") or "0"


def load_seed(seed_id: str) -> Truth:
    return json.loads((TRUTH_DIR / f"{seed_id}.json").read_text(encoding="utf-8"))


# ---------------------------------------------------------------------------------------------
# Steps. Each takes the truth being built and changes it in place.


def rename(t: Truth, place: str, department: str, unit: str | None = None) -> None:
    """Another district: 朝阳 in names becomes `place`; department and unit as given."""
    t["project_name"] = t["project_name"].replace("朝阳区", place).replace("朝阳", place.rstrip("区"))
    t["department"] = department
    t["implementing_unit"] = unit or department
    for key in ("goal_expected", "goal_actual"):
        t[key] = t[key].replace("朝阳区", place).replace("朝阳", place.rstrip("区"))
    for ind in t["indicators"]:
        for key in ("name_raw", "name", "actual_text", "deviation_note"):
            ind[key] = ind[key].replace("朝阳区", place).replace("朝阳", place.rstrip("区"))


def scale_money(t: Truth, k: Decimal) -> None:
    """Every amount times k: funds cells (万元 as written) and plain money indicator cells."""
    for key in t["funds_raw"]:
        row = t["funds_raw"][key]
        for i in range(3):
            if PLAIN.match(row[i]) and not PLAIN.match(row[i]).group(2):
                row[i] = d(Decimal(row[i]) * k)
    for prefix in ("", "fiscal_", "carryover_", "other_"):
        for f in ("budget_initial", "budget_full_year", "executed"):
            if t[prefix + f] is not None:
                t[prefix + f] = d(Decimal(t[prefix + f]) * k)
    for ind in t["indicators"]:
        if ind["unit"] == "万元":
            _scale_row(ind, k)


def scale_counts(t: Truth, m: int) -> None:
    for ind in t["indicators"]:
        if ind["unit_raw"] in COUNT_UNITS:
            _scale_row(ind, Decimal(m))


def _scale_row(ind: Ind, k: Decimal) -> None:
    """Scale target and actual when both cells are a plain number (with or without the unit)."""
    tm, am = PLAIN.match(ind["target_text"]), PLAIN.match(ind["actual_text"])
    if not (tm and am) or ind["target_value"] is None or ind["actual_value"] is None:
        return
    ind["target_text"] = d(Decimal(tm.group(1)) * k) + tm.group(2)
    ind["actual_text"] = d(Decimal(am.group(1)) * k) + am.group(2)
    ind["target_value"] = d(Decimal(ind["target_value"]) * k)
    ind["actual_value"] = d(Decimal(ind["actual_value"]) * k)


def strip_prefixes(t: Truth) -> None:
    for ind in t["indicators"]:
        ind["name_raw"] = PREFIX.sub("", ind["name_raw"])
        ind["name"] = ind["name_raw"]


def prefixes(t: Truth, style: str) -> None:
    """Number the 三级 names the way a layout does: per 二级 (`指标1：`), or through the form."""
    strip_prefixes(t)
    count: dict[str, int] = {}
    for k, ind in enumerate(t["indicators"], 1):
        n = count[ind["level2"]] = count.get(ind["level2"], 0) + 1
        label = {
            "colon": f"指标{n}:",
            "ascii-colon": f"指标{n}:",
            "bare": f"指标{n}",
            "dot": f"{k}.",
            "paren": f"({k})",
        }[style]
        ind["name_raw"] = label + ind["name_raw"]
        ind.setdefault("_render", {})
        if style == "ascii-colon":
            ind["_render"]["name_raw"] = label + ind["name"]  # ASCII colon typed as such
        if style == "bare":
            ind["_render"]["name_raw"] = f"指标{n} " + ind["name"]  # space, then NFKC drops it
            ind["name_raw"] = f"指标{n}" + ind["name"]


def fix_levels(t: Truth) -> None:
    """Make every 一级 label the parent of its 二级 (the seed's merged-over mismatches go)."""
    parent = {
        "数量指标": "产出指标",
        "质量指标": "产出指标",
        "时效指标": "产出指标",
        "经济成本指标": "成本指标",
        "社会成本指标": "成本指标",
        "生态环境成本指标": "成本指标",
        "经济效益指标": "效益指标",
        "社会效益指标": "效益指标",
        "生态效益指标": "效益指标",
        "可持续影响指标": "效益指标",
        "服务对象满意度指标": "满意度指标",
    }
    for ind in t["indicators"]:
        if ind["level2"] in parent:
            ind["level1"] = ind["level1_raw"] = parent[ind["level2"]]
        ind["level2_raw"] = ind["level2"] if ind["level2_raw"] not in LEVEL2 else ind["level2_raw"]


def pre2021(t: Truth) -> None:
    """The 财预〔2020〕10号 framework: 成本指标 a 二级 under 产出指标."""
    for ind in t["indicators"]:
        if ind["level1"] == "成本指标":
            ind["level1"] = ind["level1_raw"] = "产出指标"
            ind["level2"] = ind["level2_raw"] = "成本指标"


def inline_targets(t: Truth, words: dict[int, tuple[str, str]] | None = None) -> None:
    """No 指标性质 and no 度量单位 column: the operator and unit go into the 年度指标值 cell.
    `words` gives a row's cell and the unit written in it, by hand (`不少于12份`, `达到95%以上`;
    a cell without an operator, `90%`, leaves the nature to be inferred: see empty_natures)."""
    words = words or {}
    for ind in t["indicators"]:
        if ind["nature"] == "qualitative":
            ind["nature_raw"] = ""
            ind["unit_raw"], ind["unit"] = "", ""
            continue
        text, unit_raw = words.get(
            ind["seq"], (f"{ind['nature_raw']}{ind['target_text']}{ind['unit_raw']}", ind["unit_raw"])
        )
        ind["target_text"] = text
        ind["unit_raw"] = unit_raw
        ind["nature_raw"] = ""
        if not re.match(r"^(≥|≤|=|>|<|不少于|不低于|不高于|不超过|达到)", text):
            _infer(ind)


def _infer(ind: Ind) -> None:
    upper = (
        ind["level1"] == "成本指标"
        or ind["level2"] in ("时效指标", "成本指标")
        or ind["unit"]
        in (
            "小时",
            "分钟",
            "天",
            "月",
        )
    )
    ind["nature"] = "le" if upper else "ge"
    ind["nature_inferred"] = True


def empty_natures(t: Truth) -> None:
    """指标性质 column present and blank: the nature is inferred (成本 and 时效 levels and time
    units are upper bounds, everything else lower bounds; a grade scale is qualitative and
    not counted as inferred: its target says so)."""
    for ind in t["indicators"]:
        ind["nature_raw"] = ""
        if ind["nature"] != "qualitative":
            _infer(ind)


def group_labels(t: Truth, style: str = "full") -> None:
    """`产出指标（40分）` as the 一级 label: the weight of the group, written on its label."""
    sums: dict[str, Decimal] = {}
    for ind in t["indicators"]:
        sums[ind["level1"]] = sums.get(ind["level1"], Decimal(0)) + Decimal(ind["weight"])
    for ind in t["indicators"]:
        w = d(sums[ind["level1"]])
        ind["level1_raw"] = f"{ind['level1_raw']}({w}分)"
        if style == "ascii":
            ind.setdefault("_render", {})["level1_raw"] = ind["level1_raw"]
    t["groups"] = [{"level1": lv, "weight_declared": d(w), "score_declared": None} for lv, w in sums.items()]


def set_weights(t: Truth, weights: list[str], scores: list[str] | None = None) -> None:
    for ind, w, s in zip(t["indicators"], weights, scores or weights, strict=True):
        ind["weight"], ind["score_declared"] = w, s


def funds_in_yuan(t: Truth, sep: bool = False) -> None:
    """项目资金（元）: the funds cells written in 元 with two decimals; the truth stays in 万元."""
    t["funds_unit_raw"] = "元"
    for key, row in t["funds_raw"].items():
        for i in range(3):
            m = PLAIN.match(row[i])
            if m and not m.group(2):
                y = Decimal(row[i]) * 10000
                row[i] = f"{y:,.2f}" if sep else f"{y:.2f}"
        t["funds_raw"][key] = row


def total_row(t: Truth, weight: str, score: str) -> None:
    t["total_weight_declared"], t["total_score_declared"] = weight, score


def finding(t: Truth, code: str, field: str | None = None, seq: int | None = None) -> None:
    f: dict[str, Any] = {"code": code}
    if field is not None:
        f["field"] = field
    if seq is not None:
        f["seq"] = seq
    t["expected_findings"].append(f)


def render(t: Truth, **kw: Any) -> None:
    t.setdefault("render", {}).update(kw)


# ---------------------------------------------------------------------------------------------


def base(vid: str, seed_id: str, layout: str, year: int, title: str, place: str, dept: str) -> Truth:
    t = copy.deepcopy(load_seed(seed_id))
    t["id"] = vid
    t["seed_form"] = seed_id
    t["layout"] = layout
    t["year"] = year
    t["title"] = _clean(title)
    t["title_lines"] = 1
    t["funds_unit_raw"] = "万元"
    t["grade_declared"] = None
    t["groups"] = []
    t["rules_profile"] = "default"
    t["expected_findings"] = []
    rename(t, place, dept)
    fix_levels(t)
    for ind in t["indicators"]:
        ind["nature_inferred"] = False
    return t


def finish(t: Truth) -> Truth:
    """Canonical name from the raw one, as-written overrides moved to `render`, and the label
    findings every correct reader raises (LABEL_NORMALIZED on the row that writes a variant)."""
    overrides: dict[str, str] = {}
    prev1 = prev2 = None
    for ind in t["indicators"]:
        ind["name"] = PREFIX.sub("", ind["name_raw"])
        ind["name"] = re.sub(r"^(指标\d+|\d+\.|\(\d+\))", "", ind["name"]) if ind["name"] else ""
        m = GROUP_WEIGHT.match(ind["level1_raw"])
        bare1 = m.group(1) if m else ind["level1_raw"]
        assert LEVEL1[bare1] == ind["level1"], (t["id"], ind["seq"], bare1)
        l2 = LEVEL2.get(ind["level2_raw"], ind["level2_raw"])
        assert l2 == ind["level2"] and l2 in CANONICAL_LEVEL2, (t["id"], ind["seq"], ind["level2_raw"])
        merged = VLAYOUTS[t["layout"]].merge_levels
        written1 = ind["level1_raw"] != prev1 or not merged
        written2 = (ind["level2_raw"], ind["level1_raw"]) != prev2 or not merged
        if written1 and bare1 != ind["level1"]:
            finding(t, "LABEL_NORMALIZED", "level1", ind["seq"])
        if written2 and ind["level2_raw"] != ind["level2"]:
            finding(t, "LABEL_NORMALIZED", "level2", ind["seq"])
        prev1, prev2 = ind["level1_raw"], (ind["level2_raw"], ind["level1_raw"])
        if ind.get("nature_inferred"):
            finding(t, "NATURE_INFERRED", "nature", ind["seq"])
        for key, text in ind.pop("_render", {}).items():
            assert _clean(text) == ind[key], (t["id"], ind["seq"], key, text)
            overrides[f"{ind['seq']}.{key}"] = text
    if overrides:
        render(t, as_written={**t.get("render", {}).get("as_written", {}), **overrides})
    order = ["id", "seed_form", "seed_line", "layout", "title", "title_lines", "year"]
    out = {k: t[k] for k in order if k in t}
    out.update({k: v for k, v in t.items() if k not in out})
    return out


# ---------------------------------------------------------------------------------------------
# The forms. Each function returns one truth; numbers in comments are the hand check.

FORMS: list[Callable[[], Truth]] = []


def form(fn: Callable[[], Truth]) -> Callable[[], Truth]:
    FORMS.append(fn)
    return fn


def ind(t: Truth, seq: int) -> Ind:
    return t["indicators"][seq - 1]


# --- layout A `inline-target`: no 指标性质 / 度量单位 columns, 部门 line above the table ----------

A_DEPT = ("海淀区", "北京市海淀区经济和信息化局")


def _a(vid: str, seed: str, k: str, m: int, words: dict[int, tuple[str, str]]) -> Truth:
    t = base(vid, seed, "inline-target", 2022, "2022年度项目支出绩效自评表", *A_DEPT)
    scale_money(t, Decimal(k))
    scale_counts(t, m)
    strip_prefixes(t)
    inline_targets(t, words)
    return t


@form
def v01() -> Truth:
    # seed 01 ×2: 738.62892 → 1477.25784; cost row 7578290 元 → 15156580 (actual 15156578.4)
    t = _a(
        "V01",
        "01",
        "2",
        1,
        {
            2: ("达到99.9%以上", "%"),
            3: ("≤4小时", "小时"),
            6: ("90%", "%"),  # no operator: 满意度 → ge, inferred
        },
    )
    ind(t, 3)["unit"] = "小时"
    return finish(t)


@form
def v02() -> Truth:
    # seed 09 ×0.5: 497.3 → 248.65; cost 4973000 元 → 2486500; counts ×2: 12份 → 24份
    t = _a(
        "V02",
        "09",
        "0.5",
        2,
        {
            1: ("不少于24份", "份"),
            2: ("≥90%", "%"),
            3: ("≤15分钟", "分钟"),
        },
    )
    return finish(t)


@form
def v03() -> Truth:
    # seed 42 ×3: 205.632 → 616.896; cost 2056320 元/年 → 6168960; 90个 → 180个 (×2)
    t = _a(
        "V03",
        "42",
        "3",
        2,
        {
            2: ("90%", "%"),  # inferred ge
            3: ("不超过2小时", "小时"),
        },
    )
    return finish(t)


@form
def v04() -> Truth:
    # seed 22 ×2: 478.32/471.32 → 956.64/942.64 (rate 100% as declared: seed's own numbers);
    # counts ×3: 2台 → 6台, 18个 → 54个; cost 478.32万元 → 956.64万元, actual 942.64万元
    t = _a(
        "V04",
        "22",
        "2",
        3,
        {
            4: ("≤956.64万元", "万元"),
        },
    )
    return finish(t)


@form
def v05() -> Truth:
    # seed 34 ×1 (money as in the seed), counts ×2: 750/500/300条 → 1500/1000/600条,
    # actual 908/556/370 → 1816/1112/740
    t = _a(
        "V05",
        "34",
        "1",
        2,
        {
            4: ("≥99.90%", "%"),
            5: ("≥99.80%", "%"),
            6: ("≤2小时", "小时"),
            9: ("≥90%", "%"),
        },
    )
    ind(t, 6)["unit"] = "小时"
    return finish(t)


# --- layout B `blank-nature`: 指标性质 column left blank, 年度指标值 header over 性质|指标值|单位 ---

B_DEPT = ("通州区", "北京市通州区政务服务管理局")


def _b(vid: str, seed: str, k: str, m: int) -> Truth:
    t = base(vid, seed, "blank-nature", 2023, "项目支出绩效自评表（2023年度）", *B_DEPT)
    t["title_lines"] = 2
    scale_money(t, Decimal(k))
    scale_counts(t, m)
    prefixes(t, "colon")
    empty_natures(t)
    return t


@form
def v06() -> Truth:
    # seed 20 ×2: 58.42 → 116.84; cost 734200 元 → 1468400; 数量 1年 (= → inferred ge), 时效 ≤12月
    return finish(_b("V06", "20", "2", 1))


@form
def v07() -> Truth:
    # seed 37 ×0.5: 42.12 → 21.06; cost 421200 → 210600; 5条 → 15条 (×3); row 2 unit 小时 (seed 小时/)
    t = _b("V07", "37", "0.5", 3)
    ind(t, 2)["unit_raw"] = ind(t, 2)["unit"] = "小时"
    ind(t, 2)["nature"] = "le"  # time unit → le
    return finish(t)


@form
def v08() -> Truth:
    # seed 06 ×3: 34.2 → 102.6; cost 387000 → 1161000 (money indicator above the budget: as the seed)
    return finish(_b("V08", "06", "3", 1))


@form
def v09() -> Truth:
    # seed 11 ×4: 11.56 → 46.24; cost 115600 → 462400; 5个 → 10个 (×2)
    return finish(_b("V09", "11", "4", 2))


@form
def v10() -> Truth:
    # seed 52 ×2: 17.8752 → 35.7504; cost 178752 → 357504; 时效 ≤24小时
    return finish(_b("V10", "52", "2", 1))


# --- layout C `yuan-funds`: 项目资金（元）, 预算数（A）/执行数（B）/执行率（B/A）, 权重 -----------

C_DEPT = ("丰台区", "北京市丰台区科学技术和信息化局")


def _c(vid: str, seed: str, k: str, sep: bool = False) -> Truth:
    t = base(vid, seed, "yuan-funds", 2021, "项目支出绩效自评表（2021年度）", *C_DEPT)
    scale_money(t, Decimal(k))
    # no 年初预算数 column: those cells and fields are absent
    for row in t["funds_raw"].values():
        row[0] = ""
    for prefix in ("", "fiscal_", "carryover_", "other_"):
        t[prefix + "budget_initial"] = None
    funds_in_yuan(t, sep)
    prefixes(t, "ascii-colon")
    return t


@form
def v11() -> Truth:
    # seed 14 ×10: 2.184 万元 → 21.84 万元 = 218400.00 元 (cost row a sentence: unchanged)
    t = _c("V11", "14", "10")
    return finish(t)


@form
def v12() -> Truth:
    # seed 21 ×3: 4.7 → 14.1 万元 = 141000.00 元 (written 141,000.00); 合同金额 row unchanged
    t = _c("V12", "21", "3", sep=True)
    return finish(t)


@form
def v13() -> Truth:
    # seed 27 ×2: 6.77 → 13.54 万元 = 135400.00 元
    t = _c("V13", "27", "2")
    return finish(t)


@form
def v14() -> Truth:
    # seed 31 ×5: 0.2 → 1 万元 = 10000.00 元. A 元 form whose amounts look like 万元: the
    # cells say 1 (元) where 10000.00 was meant, read as written: 0.0001 万元 → FUNDS_UNIT_SUSPECT.
    t = _c("V14", "31", "5")
    for key in ("total", "fiscal"):
        t["funds_raw"][key][1] = t["funds_raw"][key][2] = "1"
    for f in ("budget_full_year", "executed", "fiscal_budget_full_year", "fiscal_executed"):
        t[f] = "0.0001"
    finding(t, "FUNDS_UNIT_SUSPECT", "funds_unit_raw")
    # the 1.8 万元 cost row against a 0.0001 万元 budget: the scorer's magnitude rule
    finding(t, "UNIT_MAGNITUDE_SUSPECT", "target_value", 4)
    finding(t, "UNIT_MAGNITUDE_SUSPECT", "actual_value", 4)
    return finish(t)


@form
def v15() -> Truth:
    # seed 53 ×4: 3 → 12 万元 = 120000.00 元; 合同金额 row unchanged (its cells are sentences)
    t = _c("V15", "53", "4")
    return finish(t)


# --- layout D `two-row-funds`: 预算数 over 年初|调整后, look-alike operators, goals side by side ---

D_DEPT = ("大兴区", "北京市大兴区经济和信息化局")
NATURE_OF = {
    "≥": "ge",
    "≧": "ge",
    ">=": "ge",
    "不低于": "ge",
    "≤": "le",
    "≦": "le",
    "<=": "le",
    "不高于": "le",
    "=": "eq",
    "═": "eq",
    ">": "gt",
    "<": "lt",
}


def symbols(t: Truth, written: dict[str, str], rows: dict[int, tuple[str, str]] | None = None) -> None:
    """The 指标性质 cells in other symbols: `written` maps a nature code to its spelling in this
    form; `rows` gives a row its own (spelling, code)."""
    rows = rows or {}
    for ind in t["indicators"]:
        if ind["nature"] == "qualitative":
            continue
        text, code = rows.get(ind["seq"], (written.get(ind["nature"], ind["nature_raw"]), ind["nature"]))
        ind["nature_raw"] = _clean(text)
        assert NATURE_OF[ind["nature_raw"]] == code, (t["id"], ind["seq"], text)
        ind["nature"] = code
        if text != ind["nature_raw"]:
            ind.setdefault("_render", {})["nature_raw"] = text


def _d(vid: str, seed: str, k: str, m: int) -> Truth:
    t = base(vid, seed, "two-row-funds", 2023, "", *D_DEPT)
    t["title"] = _clean(f"2023年度{t['project_name']}自评表")
    scale_money(t, Decimal(k))
    scale_counts(t, m)
    strip_prefixes(t)
    return t


@form
def v16() -> Truth:
    # seed 02 ×2: 246.768 → 493.536 (年初 0 kept as 0); cost ≤496.4 → ≤992.8 万元, actual 989.536;
    # 维护人员 24 人/年 (not a count unit here: unchanged). ≧ / ≦ for ≥ / ≤.
    t = _d("V16", "02", "2", 1)
    symbols(t, {"ge": "≧", "le": "≦"})
    return finish(t)


@form
def v17() -> Truth:
    # seed 10 ×3: 8 → 24; ＝ (full width, NFKC =), ﹥ and ﹤ (small forms, NFKC > <): 满意度 ﹥85%
    # (target changed from 90; actual 100 > 85 full score), 故障响应 ﹤3 小时 (was ≤2; actual 2 < 3)
    t = _d("V17", "10", "3", 1)
    ind(t, 6)["target_text"] = ind(t, 6)["target_value"] = "85"
    ind(t, 3)["target_text"] = ind(t, 3)["target_value"] = "3"
    symbols(t, {"eq": "＝", "ge": "≥"}, {6: ("﹥", "gt"), 3: ("﹤", "lt")})
    return finish(t)


@form
def v18() -> Truth:
    # seed 28 ×0.5: 4 → 2; 不低于 / 不高于 as the nature words; 4份 → 8份 (×2)
    t = _d("V18", "28", "0.5", 2)
    symbols(t, {"ge": "不低于", "le": "不高于", "eq": "="})
    return finish(t)


@form
def v19() -> Truth:
    # seed 33 ×2: 7 → 14; >= and <= typed in ASCII; 月报 12份 → 24份 (×2)
    t = _d("V19", "33", "2", 2)
    symbols(t, {"ge": ">=", "le": "<="})
    return finish(t)


@form
def v20() -> Truth:
    # seed 36 ×4: 15.3 → 61.2; ═ (box-drawing double line) for =; 月报 12份 → 36份 (×3)
    t = _d("V20", "36", "4", 3)
    symbols(t, {"eq": "═"})
    return finish(t)


# --- layout E `group-weights`: 产出指标（40分） labels, merged group scores, grade after the total -

E_DEPT = ("顺义区", "北京市顺义区政务服务和数据管理局")


def _e(vid: str, seed: str, k: str, m: int, style: str = "full") -> Truth:
    t = base(vid, seed, "group-weights", 2023, "项目支出绩效自评表（2023年度）", *E_DEPT)
    scale_money(t, Decimal(k))
    scale_counts(t, m)
    prefixes(t, "colon")
    group_labels(t, style)
    t["grade_declared"] = "优"
    return t


def group_score(t: Truth, level1: str) -> None:
    """One 得分 cell over the group's rows: the group has the score, its rows none."""
    total = Decimal(0)
    for i in t["indicators"]:
        if i["level1"] == level1:
            total += Decimal(i["score_declared"])
            i["score_declared"] = None
    for g in t["groups"]:
        if g["level1"] == level1:
            g["score_declared"] = d(total)


@form
def v21() -> Truth:
    # seed 03 ×1.5: 288 → 432; executed 259.2 (60%): 执行率 60%, 得分 6 → 总分 | 100 | 96 | 优
    t = _e("V21", "03", "1.5", 1)
    for key in ("total", "fiscal"):
        t["funds_raw"][key][2] = "259.2"
        t["funds_raw"][key][4] = "60%"
    t["funds_raw"]["total"][5] = "6"
    t["executed"] = t["fiscal_executed"] = "259.2"
    t["execution_rate_declared"], t["execution_score_declared"] = "60", "6"
    total_row(t, "100", "96")
    return finish(t)


@form
def v22() -> Truth:
    # seed 12 ×2: 160.349/160.329 → 320.698/320.658 (99.98%, 9.99 as the seed); 产出 group score
    # 40 over its three rows (20+10+10); 总分 99.99 优
    t = _e("V22", "12", "2", 1)
    group_score(t, "产出指标")
    return finish(t)


@form
def v23() -> Truth:
    # seed 29 ×2: 4.5 → 9; ASCII (40分) labels; 验收合格率 ≥95% actual 90%: 10×90/95 = 9.47
    # (9.4736…, two places); 产出 group score 10+9.47+10+10 = 39.47; total 99.47
    t = _e("V23", "29", "2", 1, style="ascii")
    r = ind(t, 2)
    r["actual_text"], r["actual_value"], r["score_declared"] = "90%(部分子项目验收延后)", "90", "9.47"
    r["deviation_note"] = "部分子项目验收延后至下一年度,已督促承建单位按计划完成"
    group_score(t, "产出指标")
    total_row(t, "100", "99.47")
    return finish(t)


@form
def v24() -> Truth:
    # seed 44 ×5: 10.4 → 52; labels say 产出指标（50分） and 效益指标（20分） but the rows weigh 40
    # and 30: GROUP_WEIGHT_MISMATCH on both groups; Σ 分值 still 100
    t = _e("V24", "44", "5", 1)
    for i in t["indicators"]:
        i["level1_raw"] = (
            i["level1_raw"]
            .replace("产出指标(40分)", "产出指标(50分)")
            .replace("效益指标(30分)", "效益指标(20分)")
        )
    for g in t["groups"]:
        g["weight_declared"] = {"产出指标": "50", "效益指标": "20"}.get(g["level1"], g["weight_declared"])
    finding(t, "GROUP_WEIGHT_MISMATCH", "产出指标")
    finding(t, "GROUP_WEIGHT_MISMATCH", "效益指标")
    return finish(t)


@form
def v25() -> Truth:
    # seed 13 ×0.5: 93.26 → 46.63; 效益 row grade 中 (3rd of 优良中: 0-60% band): 15 of 30;
    # 满意度 ≥90% actual 80%: 10×80/90 = 8.89; total 10+10+10+10+10+10+15+8.89 = 83.89 → 良,
    # declared grade 优: GRADE_DECLARED_MISMATCH
    t = _e("V25", "13", "0.5", 1)
    r = ind(t, 6)
    r["actual_text"], r["actual_grade"], r["score_declared"] = "中(部分系统出现短时中断)", "中", "15"
    r["deviation_note"] = "部分系统出现短时中断,已完成整改并加强巡检"
    r = ind(t, 7)
    r["actual_text"], r["actual_value"], r["score_declared"] = "用户满意度为80%", "80", "8.89"
    r["deviation_note"] = "部分用户反映响应不够及时,将优化服务流程"
    total_row(t, "100", "83.89")
    finding(t, "GRADE_DECLARED_MISMATCH", "grade_declared")
    return finish(t)


# --- layout F `placeholders`: template rows, rows after the table, 实施单位（盖章） ------------------

F_DEPT = ("昌平区", "北京市昌平区政务服务和数据管理局")
AFTER_ROWS = [
    ["其他需要说明事项", "无"],
    ["评价结论", "项目按计划实施,年度绩效目标基本完成。"],
    ["存在问题", "项目前期调研不够充分,部分指标设置不够细化。"],
    ["改进措施", "加强项目前期论证,进一步细化量化绩效指标。"],
    ["自评结果应用", "☑纳入下年度预算安排参考 □其他"],
    [None, "填报人:李某某    联系电话:010-69741234    填报日期:2022年3月15日"],
]


def _f(vid: str, seed: str, k: str, m: int, style: str, placeholders: list[dict[str, Any]]) -> Truth:
    t = base(vid, seed, "placeholders", 2021, "2021年度项目支出绩效自评表", *F_DEPT)
    scale_money(t, Decimal(k))
    scale_counts(t, m)
    prefixes(t, style)
    render(t, placeholders=placeholders, after_rows=AFTER_ROWS, lines_below=["单位负责人(签字):"])
    return t


@form
def v26() -> Truth:
    # seed 17 ×2: 113.4 → 226.8; 1000平米 → 2000平米 (×2); 指标1： labels; an empty 质量指标 row,
    # a lone 指标2 under 数量指标, a …… row and an empty 经济效益指标 row: none is an indicator
    t = _f(
        "V26",
        "17",
        "2",
        2,
        "colon",
        [
            {"after": 1, "cells": {"level1": "产出指标", "level2": "数量指标", "name": "指标2"}},
            {"after": 1, "cells": {"level1": "产出指标", "level2": "质量指标"}},
            {"after": 5, "cells": {"level1": "效益指标", "level2": "社会效益指标", "name": "……"}},
            {"after": 5, "cells": {"level1": "效益指标", "level2": "经济效益指标"}},
        ],
    )
    return finish(t)


@form
def v27() -> Truth:
    # seed 25 ×0.5: 132 → 66; counts ×2: 1条 → 2条, 1套 → 2套 (names keep 1条: their own text);
    # 1. 2. … labels; empty 社会成本指标 / 生态环境成本指标 rows; 指标4 alone
    t = _f(
        "V27",
        "25",
        "0.5",
        2,
        "dot",
        [
            {"after": 3, "cells": {"level1": "产出指标", "level2": "数量指标", "name": "指标4"}},
            {"after": 5, "cells": {"level1": "成本指标", "level2": "社会成本指标"}},
            {"after": 5, "cells": {"level1": "成本指标", "level2": "生态环境成本指标"}},
        ],
    )
    return finish(t)


@form
def v28() -> Truth:
    # seed 38 ×3: 70 → 210; (1) (2) … labels; …… rows under 质量 and 社会效益; empty 可持续影响指标
    t = _f(
        "V28",
        "38",
        "3",
        1,
        "paren",
        [
            {"after": 2, "cells": {"level1": "产出指标", "level2": "质量指标", "name": "……"}},
            {"after": 5, "cells": {"level1": "效益指标", "level2": "社会效益指标", "name": "……"}},
            {"after": 5, "cells": {"level1": "效益指标", "level2": "可持续影响指标"}},
        ],
    )
    return finish(t)


@form
def v29() -> Truth:
    # seed 18 ×5: 8 → 40; 指标1 labels without colon; 指标4 alone under 数量指标, an empty
    # 时效指标 row
    t = _f(
        "V29",
        "18",
        "5",
        1,
        "bare",
        [
            {"after": 3, "cells": {"level1": "产出指标", "level2": "数量指标", "name": "指标4"}},
            {"after": 5, "cells": {"level1": "产出指标", "level2": "时效指标"}},
        ],
    )
    return finish(t)


@form
def v30() -> Truth:
    # the template as published: every cell blank, template rows 指标1 / 指标2 / …… under every
    # 二级 label; nothing to read but the labels. One BLOCK_MISSING a block, the year unread.
    rows = [
        ("产出指标", "数量指标", "指标1"),
        ("产出指标", "数量指标", "指标2"),
        ("产出指标", "数量指标", "……"),
        ("产出指标", "质量指标", "指标1"),
        ("产出指标", "时效指标", "指标1"),
        ("成本指标", "经济成本指标", "指标1"),
        ("成本指标", "社会成本指标", "指标1"),
        ("成本指标", "生态环境成本指标", "指标1"),
        ("效益指标", "经济效益指标", "指标1"),
        ("效益指标", "社会效益指标", "指标1"),
        ("效益指标", "生态效益指标", "指标1"),
        ("效益指标", "可持续影响指标", "指标1"),
        ("满意度指标", "服务对象满意度指标", "指标1"),
    ]
    t: Truth = {
        "id": "V30",
        "seed_form": None,
        "seed_line": None,
        "layout": "placeholders",
        "title": _clean("项目支出绩效自评表（ 年度）"),
        "title_lines": 1,
        "year": None,
        "project_name": "",
        "department": "",
        "implementing_unit": "",
    }
    for prefix in ("", "fiscal_", "carryover_", "other_"):
        for f in ("budget_initial", "budget_full_year", "executed"):
            t[prefix + f] = None
    t.update(
        {
            "funds_weight": None,
            "execution_rate_declared": None,
            "execution_score_declared": None,
            "funds_raw": {k: [""] * 6 for k in ("total", "fiscal", "carryover", "other")},
            "goal_expected": "",
            "goal_actual": "",
            "total_weight_declared": None,
            "total_score_declared": None,
            "indicators": [],
            "funds_unit_raw": "万元",
            "grade_declared": None,
            "groups": [],
            "rules_profile": "default",
            "expected_findings": [],
        }
    )
    for block in ("header", "funds", "goals", "indicators", "total"):
        finding(t, "BLOCK_MISSING", block)
    finding(t, "MISSING_FIELD", "year")
    render(
        t,
        title_as_written="项目支出绩效自评表（    年度）",
        placeholders=[{"after": 0, "cells": {"level1": a, "level2": b, "name": c}} for a, b, c in rows],
        after_rows=[
            ["其他需要说明事项", ""],
            [None, "填报人:          联系电话:          填报日期:    年  月  日"],
        ],
    )
    return finish(t)


@form
def v31() -> Truth:
    # seed 19 ×2: 3 → 6; 指标1: typed with an ASCII colon; …… under 质量指标
    t = _f(
        "V31",
        "19",
        "2",
        1,
        "ascii-colon",
        [
            {"after": 4, "cells": {"level1": "产出指标", "level2": "质量指标", "name": "……"}},
        ],
    )
    return finish(t)


# --- layout G `pre2021`: 成本指标 under 产出指标, 满意度 labels, three-tier qualitative actuals ----

G_DEPT = ("房山区", "北京市房山区经济和信息化局")
G_NOTE = (
    "评分说明:预算执行率20分,产出指标40分,效益指标(含满意度指标)40分;定性指标达成预期指标得该指标"
    "分值的80%-100%,部分达成预期指标并具有一定效果得50%-80%,未达成预期指标且效果较差得0%-50%。"
)
TIER = {
    "达成": "达成预期指标",
    "部分达成": "部分达成预期指标并具有一定效果",
    "未达成": "未达成预期指标且效果较差",
}


def _g(vid: str, seed: str, k: str, weights: list[str]) -> Truth:
    t = base(vid, seed, "pre2021", 2020, "2020年度项目支出绩效自评表", *G_DEPT)
    t["rules_profile"] = "w20-40-40"
    scale_money(t, Decimal(k))
    strip_prefixes(t)
    pre2021(t)
    for i in t["indicators"]:
        if i["level1"] == "满意度指标":
            i["level1_raw"], i["level2_raw"] = "满意度", "服务对象满意度指标等"
    set_weights(t, weights)
    # the funds item is worth 20: rate 100% → 20
    t["funds_raw"]["total"][3] = t["funds_raw"]["total"][5] = "20"
    t["funds_weight"] = t["execution_score_declared"] = "20"
    render(t, lines_below=[G_NOTE])
    return t


def tier(t: Truth, seq: int, target: str, grade: str, score: str, note: str = "", year: bool = False) -> None:
    """A qualitative row in 财预〔2020〕10号's three tiers (`年度指标` wording when `year`)."""
    r = ind(t, seq)
    words = TIER[grade].replace("预期指标", "年度指标") if year else TIER[grade]
    r["target_text"] = target
    r["actual_text"], r["actual_grade"], r["score_declared"] = words, grade, score
    r["deviation_note"] = note
    r["nature_raw"], r["nature"] = "定性", "qualitative"
    r["target_value"] = r["actual_value"] = None
    r["actual_qualifier"] = None


@form
def v32() -> Truth:
    # seed 24 ×3: 35 → 105 (350000 元 → 1050000); weights 10/10/10/10 | 30 | 10, funds 20;
    # 质量 达成 10; 时效 部分达成年度指标… (50-80% band) 7; 社会 达成 30; total 20+10+10+7+10+30+10 = 97
    t = _g("V32", "24", "3", ["10", "10", "10", "10", "30", "10"])
    tier(t, 2, "达成预期指标", "达成", "10")
    tier(t, 3, "达成年度指标", "部分达成", "7", "部分检查工作延至次年一季度完成", year=True)
    tier(t, 5, "达成预期指标", "达成", "30")
    total_row(t, "100", "97")
    return finish(t)


@form
def v33() -> Truth:
    # seed 47 ×2: 7.744 → 15.488 (400000 元 → 800000); 质量 有效 / 时效 效果明显 (one-word scales,
    # met); 效益 row as 环境效益指标, 未达成… (0-50%): 12 of 30; total 20+10+10+10+10+12+10 = 82
    t = _g("V33", "47", "2", ["10", "10", "10", "10", "30", "10"])
    for seq, word in ((2, "有效"), (3, "效果明显")):
        r = ind(t, seq)
        r["target_text"], r["actual_text"], r["actual_grade"] = word, word, word
    r = ind(t, 5)
    r["level2_raw"], r["level2"] = "环境效益指标", "生态效益指标"
    tier(t, 5, "达成预期指标", "未达成", "12", "服务水平提升未达预期,下年度将调整服务方案")
    total_row(t, "100", "82")
    return finish(t)


@form
def v34() -> Truth:
    # seed 15 ×5: 9.72 → 48.6 (486000 元 → 2430000); every qualitative row 达成年度指标; total 100
    t = _g("V34", "15", "5", ["10", "10", "10", "10", "30", "10"])
    for seq, w in ((2, "10"), (3, "10"), (5, "30")):
        tier(t, seq, "达成年度指标", "达成", w, year=True)
    total_row(t, "100", "100")
    return finish(t)


@form
def v35() -> Truth:
    # seed 07 ×0.5: 65.76 → 32.88 (730666.7 元 → 365333.35, actual 730600元 sentence: unchanged
    # text? no: "730600元" is plain → 365300元); 质量 部分达成 (7 of 10), others 达成; total 97
    t = _g("V35", "07", "0.5", ["10", "10", "10", "10", "30", "10"])
    tier(t, 2, "达成预期指标", "部分达成", "7", "部分单位授权部署滞后,已督促完成")
    tier(t, 3, "达成预期指标", "达成", "10")
    tier(t, 5, "达成预期指标", "达成", "30")
    total_row(t, "100", "97")
    return finish(t)


@form
def v36() -> Truth:
    # seed 41 ×2: 46/45.99 → 92/91.98 (100% as the seed declares: 99.98 rounds to 100 there);
    # 460000 元 → 920000, 459900元 → 919800元; 合格/不合格 and 好坏 scales kept; total 100
    t = _g("V36", "41", "2", ["10", "10", "10", "10", "30", "10"])
    return finish(t)


# --- layout H `w10-50-30-10`: 10/50/30/10 stated under the table, 项目基本情况, 财政专户管理资金 ----

H_DEPT = ("西城区", "北京市西城区科学技术和信息化局")
H_NOTE = "评分标准:预算执行率10分,产出指标(含成本指标)50分,效益指标30分,满意度指标10分。"


def _h(vid: str, seed: str, k: str, m: int) -> Truth:
    t = base(vid, seed, "w10-50-30-10", 2022, "项目支出绩效自评表（2022年度）", *H_DEPT)
    t["rules_profile"] = "w10-50-30-10"
    scale_money(t, Decimal(k))
    scale_counts(t, m)
    prefixes(t, "colon")
    render(t, lines_below=[H_NOTE])
    return t


@form
def v37() -> Truth:
    # seed 32 ×4: 1.5 → 6; 月报 12份 → 24份; 效益 row 效果明显 (met); 10/50/30/10 as the seed
    t = _h("V37", "32", "4", 2)
    r = ind(t, 5)
    r["target_text"], r["actual_text"], r["actual_grade"] = (
        "效果明显",
        "效果明显(网民检索便利性显著提高)",
        "效果明显",
    )
    return finish(t)


@form
def v38() -> Truth:
    # seed 35 ×0.5: 40.22 → 20.11; 12份 → 36份 (×3); 效益 有效
    t = _h("V38", "35", "0.5", 3)
    r = ind(t, 5)
    r["target_text"], r["actual_text"], r["actual_grade"] = "有效", "有效", "有效"
    return finish(t)


@form
def v39() -> Truth:
    # seed 39 ×2: 19.5/19.3 → 39/38.6 (98.97%, 9.9 as the seed); total 99.9
    return finish(_h("V39", "39", "2", 1))


@form
def v40() -> Truth:
    # seed 23 ×5: 4.8 → 24; weights 数量 25 (was 20) and 效益 25 (was 30): 产出+成本 55 ≠ 50 and
    # 效益 25 ≠ 30 under 10/50/30/10: WEIGHT_ALLOCATION_MISMATCH twice; Σ 100, all met
    t = _h("V40", "23", "5", 1)
    set_weights(t, ["25", "10", "10", "10", "25", "10"])
    finding(t, "WEIGHT_ALLOCATION_MISMATCH", "weight")
    finding(t, "WEIGHT_ALLOCATION_MISMATCH", "weight")
    return finish(t)


@form
def v41() -> Truth:
    # seed 16: the 万元 header over amounts in 元 (1.0483 万元 written 10483): read as written,
    # budget 10483 万元 → FUNDS_UNIT_SUSPECT; the 7 万元 cost row is then ≤ budget/1000
    t = _h("V41", "16", "1", 1)
    for key in ("total", "fiscal"):
        t["funds_raw"][key][:3] = ["10483", "10483", "10483"]
    for prefix in ("", "fiscal_"):
        for f in ("budget_initial", "budget_full_year", "executed"):
            t[prefix + f] = "10483"
    finding(t, "FUNDS_UNIT_SUSPECT", "funds_unit_raw")
    finding(t, "UNIT_MAGNITUDE_SUSPECT", "target_value", 4)
    finding(t, "UNIT_MAGNITUDE_SUSPECT", "actual_value", 4)
    return finish(t)


# --- cut off after the funds block (layout A) -----------------------------------------------


@form
def v42() -> Truth:
    # seed 46 ×2: 59.8914 → 119.7828 (99%, 9.9 as the seed); the file ends after the funds block
    t = base("V42", "46", "inline-target", 2022, "2022年度项目支出绩效自评表", *A_DEPT)
    scale_money(t, Decimal(2))
    t["goal_expected"] = t["goal_actual"] = ""
    t["indicators"] = []
    t["total_weight_declared"] = t["total_score_declared"] = None
    for block in ("goals", "indicators", "total"):
        finding(t, "BLOCK_MISSING", block)
    # the seed's own declared funds arithmetic (59.8914 of 59.8914 declared 99%, 9.9): kept
    finding(t, "FUNDS_RATE_MISMATCH", "execution_rate_declared")
    finding(t, "FUNDS_SCORE_MISMATCH", "execution_score_declared")
    render(t, blocks=["header", "funds"])
    return finish(t)


def main() -> int:
    VTRUTH_DIR.mkdir(parents=True, exist_ok=True)
    for old in VTRUTH_DIR.glob("V*.json"):
        old.unlink()
    for fn in FORMS:
        t = fn()
        (VTRUTH_DIR / f"{t['id']}.json").write_text(
            json.dumps(t, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
    print(f"{len(FORMS)} truth files -> {VTRUTH_DIR}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
