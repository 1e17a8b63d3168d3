"""Small hand-built Forms for the scorer's tests: `clean_form()` scores without a single finding,
and each test changes just what it is about."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from model import Form, Indicator

D = Decimal


def indicator(seq: int, **fields: Any) -> Indicator:
    base: dict[str, Any] = {
        "seq": seq,
        "level1": "产出指标",
        "level2": "数量指标",
        "name": f"指标{seq}",
        "name_raw": f"指标{seq}",
        "nature": "ge",
        "target_value": D(10),
        "target_text": "10",
        "unit": "份",
        "unit_raw": "份",
        "actual_text": "10",
        "actual_value": D(10),
        "weight": D(10),
        "score_declared": D(10),
        "page": 2,
    }
    base.update(fields)
    return Indicator(**base)


def clean_indicators() -> list[Indicator]:
    return [
        indicator(
            1,
            name="报告数量",
            target_value=D(12),
            target_text="12",
            actual_value=D(12),
            weight=D(20),
            score_declared=D(20),
        ),
        indicator(
            2,
            level2="质量指标",
            name="验收合格率",
            target_value=D(90),
            target_text="90",
            unit="%",
            actual_value=D(100),
            weight=D(10),
            score_declared=D(10),
        ),
        indicator(
            3,
            level2="时效指标",
            name="响应时间",
            nature="le",
            target_value=D(2),
            target_text="2",
            unit="小时",
            actual_value=D(2),
            weight=D(10),
            score_declared=D(10),
        ),
        indicator(
            4,
            level1="成本指标",
            level2="经济成本指标",
            name="支出金额",
            nature="le",
            target_value=D(100),
            target_text="100",
            unit="万元",
            actual_value=D(100),
            weight=D(10),
            score_declared=D(10),
        ),
        indicator(
            5,
            level1="效益指标",
            level2="社会效益指标",
            name="保障运行",
            nature="qualitative",
            target_value=None,
            target_text="优良中低差",
            unit="项",
            actual_text="优（运行稳定）",
            actual_value=None,
            actual_grade="优",
            weight=D(30),
            score_declared=D(30),
        ),
        indicator(
            6,
            level1="满意度指标",
            level2="服务对象满意度指标",
            name="用户满意度",
            target_value=D(90),
            target_text="90",
            unit="%",
            actual_value=D(100),
            weight=D(10),
            score_declared=D(10),
        ),
    ]


def clean_form(**fields: Any) -> Form:
    base: dict[str, Any] = {
        "form_id": "0123456789ab-1",
        "source_file": "bundle.pdf",
        "source_sha256": "0123456789ab" + "0" * 52,
        "form_index": 1,
        "page_start": 1,
        "page_end": 2,
        "method": "pdf-text",
        "year": 2024,
        "project_name": "测试项目",
        "department": "北京市朝阳区数据局",
        "implementing_unit": "北京市朝阳区数据局",
        "budget_initial": D(100),
        "budget_full_year": D(100),
        "executed": D(100),
        "fiscal_budget_initial": D(100),
        "fiscal_budget_full_year": D(100),
        "fiscal_executed": D(100),
        "funds_weight": D(10),
        "execution_rate_declared": D(100),
        "execution_score_declared": D(10),
        "total_weight_declared": D(100),
        "total_score_declared": D(100),
        "indicators": clean_indicators(),
    }
    base.update(fields)
    return Form(**base)


def with_indicator(form: Form, seq: int, **fields: Any) -> Form:
    """`form` with indicator `seq` changed; the declared total follows the declared scores so that
    only the finding under test appears."""
    indicators = [i.model_copy(update=fields) if i.seq == seq else i for i in form.indicators]
    scores = [form.execution_score_declared, *(i.score_declared for i in indicators)]
    total = sum((s for s in scores if s is not None), Decimal(0))
    return form.model_copy(update={"indicators": indicators, "total_score_declared": total})


def codes(form: Form) -> list[tuple[int | None, str]]:
    return [(a.seq, a.code) for a in form.anomalies]
