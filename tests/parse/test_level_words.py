"""Level from who issues and who is addressed, read from the tables in cascade.parse.level."""

from __future__ import annotations

import pytest

from cascade.parse import parse_source
from cascade.parse.level import issuer_level, region_level
from cascade.sources import SourceText


@pytest.mark.parametrize(("region", "level"), [
    ("北京市", "province"), ("上海市", "province"), ("天津市", "province"), ("重庆市", "province"),
    ("广西壮族自治区", "province"), ("某某省", "province"), ("某某土家族苗族自治州", "city"),
    ("某某地区", "city"), ("锡林郭勒盟", "city"), ("某某区", "county"), ("某某旗", "county"),
    ("某某自治县", "county"), ("某某县", "county"), ("某某镇", "town"), ("某某街道", "town"),
    ("某某乡", "town"), ("某某市", None), ("", None),
])
def test_region_names_that_state_their_level(region, level):
    assert region_level(region) == level


@pytest.mark.parametrize(("issuer", "level"), [
    ("省发展改革委", "province"), ("市司法局", "city"), ("县应急管理局", "county"), ("区教育局", "county"),
    ("镇人民政府", "town"), ("国务院办公厅", "national"), ("某某公司", None),
])
def test_a_department_takes_its_governments_level(issuer, level):
    assert issuer_level(issuer) == level


def _plan(title: str, addressees: str | None, signer: str = "") -> str:
    notice = ([f"{signer or '某某'}关于印发{title}的通知", f"{addressees}：", "现将方案印发给你们。", signer or "某某办公室",
               "2024年1月2日"] if addressees is not None else [])
    lines = notice + [title, "为做好工作，制定本方案。", "一、重点任务", "1.开展检查。做好检查。（责任单位：有关单位）"]
    return parse_source(SourceText(path="t.txt", lines=lines)).level


@pytest.mark.parametrize(("title", "addressees", "signer", "level"), [
    ("北京市测试工作要点", "各区人民政府，市政府各委、办、局", "北京市人民政府办公厅", "province"),  # not city
    ("某某区测试工作方案", "各街道办事处，区政府各部门", "某某区人民政府办公室", "county"),
    ("某某区测试工作方案", "各镇人民政府，区直各单位", "某某区人民政府办公室", "county"),
    ("某某旗测试工作方案", "各苏木乡镇人民政府，旗直各部门", "某某旗人民政府办公室", "county"),
    ("某某盟测试工作方案", "各旗县市区人民政府，盟直各部门", "某某盟行政公署办公室", "city"),
    ("某某街道测试工作方案", "各社区居民委员会", "某某街道办事处", "town"),
    ("全省测试工作方案", "各市司法局", "省司法厅", "province"),  # a provincial department, no place name
    ("某某市测试工作方案", "各镇（街道），市直各部门", "某某市人民政府办公室", "county"),  # county-level city
    ("测试工作方案", "各省、自治区、直辖市人民政府，国务院各部委、各直属机构", "国务院办公厅", "national"),
])
def test_level_from_issuer_and_addressees(title, addressees, signer, level):
    assert _plan(title, addressees, signer) == level
