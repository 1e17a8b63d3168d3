from __future__ import annotations

from decimal import Decimal, localcontext

import pytest
from hypothesis import given
from hypothesis import strategies as st

from normalize import canonical_unit, from_wan, is_money_name, is_money_unit, to_wan, unit_info


@pytest.mark.parametrize(
    ("raw", "unit"),
    [
        ("元", "万元"),
        ("万元", "万元"),
        ("元/年", "万元"),
        ("万元/年", "万元"),
        ("时", "小时"),
        ("小时", "小时"),
        ("个(单位:) TB", "TB"),
        ("个（单位：）TB", "TB"),
        ("(单位:)", ""),
        ("/", ""),
        ("—", ""),
        ("-", ""),
        ("无", ""),
        ("", ""),
        ("份", "份"),
        ("％", "%"),
        ("项", "项"),
        ("其他", "其他"),
        ("人/年", "人/年"),
        ("次/年", "次/年"),
        ("小时/", "小时/"),
        ("平米", "平米"),
        ("Mbps", "Mbps"),
    ],
)
def test_canonical_unit(raw: str, unit: str) -> None:
    assert canonical_unit(raw) == unit


def test_unit_info_money_shift() -> None:
    assert unit_info("元").money_shift == -4
    assert unit_info("元/年").money_shift == -4
    assert unit_info("万元").money_shift == 0
    assert unit_info("份").money_shift is None
    assert unit_info("元").is_money and not unit_info("份").is_money
    assert is_money_unit("万元/年") and not is_money_unit("")


@pytest.mark.parametrize(
    ("value", "unit", "wan"),
    [
        ("7578290", "元", "757.829"),
        ("434500.00", "元", "43.45"),
        ("288", "万元", "288"),
        ("2056320", "元/年", "205.632"),
    ],
)
def test_to_wan(value: str, unit: str, wan: str) -> None:
    assert to_wan(Decimal(value), unit) == Decimal(wan)


@pytest.mark.parametrize(
    ("name", "money"),
    [("24年支出金额", True), ("指标1：年服务费", True), ("首款", True), ("尾款支付", True),
     ("支出进度", False), ("预算执行率", False), ("付款时间", False), ("总带宽数量", False), ("", False)],
)  # fmt: skip
def test_is_money_name(name: str, money: bool) -> None:
    assert is_money_name(name) is money


# ---------------------------------------------------------------- properties

_UNITS = st.one_of(
    st.text(),
    st.sampled_from(["元", "万元", "元/年", "时", "个(单位:) TB", "/", "小时/", "Mbps 6000", "(单位:)元"]),
)


@given(_UNITS)
def test_canonical_unit_is_idempotent(s: str) -> None:
    once = canonical_unit(s)
    assert canonical_unit(once) == once


@given(st.decimals(allow_nan=False, allow_infinity=False))
def test_yuan_to_wan_and_back_is_exact(d: Decimal) -> None:
    wan = to_wan(d, "元")
    assert from_wan(wan, "元") == d
    with localcontext() as ctx:
        ctx.prec = 1000
        assert wan * 10000 == d


@given(st.decimals(allow_nan=False, allow_infinity=False, places=4))
def test_wan_to_yuan_and_back_is_exact(d: Decimal) -> None:
    assert to_wan(from_wan(d, "元/年"), "元/年") == d
