"""The headline every seed page files its passages under, pinned on a sample from each page."""

from __future__ import annotations

import pytest

from retrieval.corpus.articles import read_passages

from .conftest import SEEDS

TONGLIANG = "铜梁签约27个项目 计划总投资206亿元"
WANKAIYUN = "产业协同 共建共享 相向发展 2022年万开云同城化发展总指数达104.86"
BANAN = "巴南晒出第三季度招商引资攻坚成果 32个项目集中签约 总投资178亿元"

# (page, the start of a passage, the headline it belongs under), read off the printed pages.
SAMPLE = [
    ("000", "7月,市委办公厅、市政府办公厅印发的《重庆市推进以", "推进新型城镇化 建设现代化区县城"),
    ("000", "截至去年底,全市共有乡村中小学3759所", "推进新型城镇化 建设现代化区县城"),
    ("000", "9月,大渡口将举行重点项目集中开工仪式", "智汇八方 博采众长 聚焦2023中国国际智能产业博览会 大渡口 聚焦智能制造主攻方向 赋能经济高质量发展"),
    ("001", "荣昌高新技术产业开发区内,来渝落户的江西光速电子", "全域协同 精准承接 生态共荣 重庆积极承接产业转移助推高质量发展"),
    ("001", "2023年6月,一场大雨冲垮了巴南区麻柳嘴镇平桥村", "重庆院落微治理让农村纠纷有了新解法"),
    ("001", "11月22日,船只航行在红叶映衬下的长江三峡巫峡段", "巫山红叶节开幕"),
    ("002", "10月12日,“贯彻二十大 建设新重庆”系列主题新", "推动制造业高质量发展 重点突出“六个聚焦”"),
    ("002", "市乡村振兴局相关负责人介绍,“三攻坚一试点”指的是", "重庆将开展“三攻坚一试点” 助力脱贫人口高质量就业"),
    ("002", "本报讯(首席记者 陈维灯)10月12日,铜梁集中签约27个招商引资项目", TONGLIANG),
    ("002", "此外,北京芯虹科技有限责任公司签约落户后", TONGLIANG),
    ("002", "展实施方案》为依据,研究制定了涵盖区域整体综合实力", WANKAIYUN),
    ("002", "“在2022年,万开云同城化发展呈现出7类特征", WANKAIYUN),
    ("002", "而作为全市重点打造的三大万亿级产业集群之一的先进材料产业", BANAN),
    ("002", "10月12日,巴南区举行第3次招商项目集中签约活动", BANAN),
    ("002", "今年以来,巴南区深入推动制造业“亩均论英雄”改革", BANAN),
    ("003", "“政策支持也不能少。”向业顺认为", "市人大代表、秀山县委书记向业顺: 加强区域联动,推动渝鄂湘黔 省际交界地区合作发展"),
    ("003", "其次,要完善乡村治理服务的数字平台", "市政协委员蔡光忠: 推进数字乡村建设 跑出乡村振兴重庆“加数度”"),
    ("004", "“支点城市”在功能和定位上与副中心城市相近", "探索建设成渝地区双城经济圈重要战略支点城市"),
    ("004", "目前全市上下正以全新的姿态大步走向高端、智能、绿色", "让工业制造如期而“智”"),
    ("004", "夯实基础,打造优质原料供给高地", "打造中国榨菜产业高地"),
    ("004", "站在“十四五”新起点上,数字涪陵建设进入快车道", "用智能体赋予城市生命"),
]


@pytest.fixture(scope="module")
def pages():
    return {path.name[:3]: read_passages(path) for path in sorted(SEEDS.glob("*.txt"))}


def test_the_sample_covers_every_seed_page(pages):
    assert set(pages) == {page for page, _, _ in SAMPLE}


@pytest.mark.parametrize(("page", "start", "title"), SAMPLE, ids=[f"{p}:{s[:8]}" for p, s, _ in SAMPLE])
def test_passage_is_filed_under_its_own_headline(pages, page, start, title):
    (passage,) = [p for p in pages[page] if p.text.startswith(start)]
    assert passage.title == title
