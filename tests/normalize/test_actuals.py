from __future__ import annotations

from decimal import Decimal

import pytest

from normalize import read_actual


@pytest.mark.parametrize(
    ("text", "unit", "value", "qualifier"),
    [
        # the contract's and canonical.md's own examples
        ("提供平台运维月报12份", "份", "12", None),
        ("≤2小时", "小时", "2", "le"),
        ("项目总金额993.5559万元，2024年支出695.82万元", "万元", "993.5559", None),
        ("首款支付金额32万元，2024年支付尾款8万元", "万元", "32", None),
        ("100%(已通过项目验收)", "%", "100", None),
        ("合同期限≤1年", "年", "1", "le"),
        ("项目完成时限4个月内", "月", "4", "le"),
        ("7578289.2", "元", "757.82892", None),
        # Chinese numerals count, but only as a count of the row's unit
        ("提交项目报告一份", "份", "1", None),
        ("巡检机房十二个", "个", "12", None),
        ("提供值守车两台", "台", "2", None),
        ("服务一年", "年", "1", None),
        ("统一年度服务", "年", None, None),
        ("完成第一批", "批", None, None),
        ("十二个月内完成", "月", "12", "le"),
        # a number followed by another unit is skipped
        ("2024年支出45万元", "万元", "45", None),
        ("24小时值守车2台", "台", "2", None),
        ("5G专网服务1年", "年", "1", None),
        ("第1批设备到货3台", "台", "3", None),
        ("1、完成巡检5次", "次", "5", None),
        # money in another money unit is converted
        ("支出730600元", "万元", "73.06", None),
        ("支出73.06万元", "元", "73.06", None),
        ("首款45万", "万元", "45", None),
        ("1,234.5元", "元", "0.12345", None),
        # measure words and multipliers
        ("服务1.2万人", "人", "12000", None),
        ("故障修复2个小时内", "小时", "2", "le"),
        ("100TB", "个(单位:) TB", "100", None),
        ("6000Mbps", "M", None, None),  # M is not Mbps
        ("6000 Mbps", "Mbps", "6000", None),
        # qualifiers, before and after
        ("99%以上", "%", "99", "ge"),
        ("不低于99%", "%", "99", "ge"),
        ("≥90%", "%", "90", "ge"),
        ("2小时内", "小时", "2", "le"),
        ("1年以内", "年", "1", "le"),
        ("5%以下", "%", "5", "le"),
        ("不超过40万元", "万元", "40", "le"),
        ("未超过40.22万元", "万元", "40.22", "le"),
        ("低于45万元", "万元", "45", "lt"),
        ("不足5%", "%", "5", "lt"),
        ("超过100%", "%", "100", "gt"),
        ("高于90%", "%", "90", "gt"),
        ("提供12份内容", "份", "12", None),  # 内容 is not 内
        ("12", "份", "12", None),
        # a row without a unit: the first number without a unit, else the first number
        ("完成12份", "", "12", None),
        ("2024年完成3", "", "3", None),
    ],
)
def test_read_actual(text: str, unit: str, value: str | None, qualifier: str | None) -> None:
    got = read_actual(text, unit)
    assert got.value == (Decimal(value) if value else None), got.reason
    assert got.qualifier == qualifier
    if value is None:
        assert got.reason


@pytest.mark.parametrize(
    ("text", "reason_part"),
    [("", "为空"), ("—", "占位符"), ("已完成", "没有数字"), ("2024年已完成", "没有以“份”计的数字")],
)
def test_unreadable_actual_says_why(text: str, reason_part: str) -> None:
    got = read_actual(text, "份")
    assert got.value is None and got.qualifier is None
    assert reason_part in got.reason


def test_money_by_name_reads_money_units_only_as_money() -> None:
    # The unit cell is blank but the name says money: 万元 and 元 in the sentence are read in 万元,
    # a bare number is taken as written (no unit is invented for it).
    assert read_actual("支出金额45万元", "", money=True).value == Decimal(45)
    assert read_actual("支出450000元", "", money=True).value == Decimal(45)
    assert read_actual("2024年支出45万元", "", money=True).value == Decimal(45)
    assert read_actual("45", "", money=True).value == Decimal(45)
