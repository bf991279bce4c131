"""A small in-memory index over real corpus paragraphs, for fast answerer tests."""

from __future__ import annotations

from collections.abc import Sequence

from retrieval.lexicon.tokens import tokens
from retrieval.models import Passage

TOWN = "推进新型城镇化 建设现代化区县城"
TONGLIANG = "铜梁签约27个项目 计划总投资206亿元"
TRANSFER = "全域协同 精准承接 生态共荣 重庆积极承接产业转移助推高质量发展"
SECTION = "深化区县对口协同发展"

# Paragraphs copied from seeds/ as the parser gives them; dates added to test briefing order.
PASSAGES = (
    Passage(
        "b4e475ee278038cc",
        "合川区与秀山土家族苗族自治县聚焦物流贸易共促发展,上半年农特产品贸易额达2700余万元;渝中区与巫溪县集团办学共建校园,"
        "计划总投资1.3亿元,有效促进两地教育均衡发展;潼南区与彭水苗族土家族自治县共同推进科技成果转化平台建设,"
        "建成菜用鲜食玉米规模化制种示范生产基地……",
        TOWN, "", "000_a7bc68324ef7d714.txt", 0, districts=("合川区", "秀山土家族苗族自治县", "渝中区", "巫溪县"),
        date="2023-09-05",
    ),
    Passage(
        "8752b9ad61f2b214",
        "今年上半年,长安跨越采购两江新区5家企业6种汽车配件7000余万元,新引导两江新区上汽红岩与万州乐仁汽车建立产业配套合作。"
        "两江新区还帮助万州成功创建长安跨越年产8万台(套)跨越星V系列车身焊接数字化车间等5个市级数字化车间。",
        TOWN, SECTION, "000_a7bc68324ef7d714.txt", 7, districts=("两江新区", "万州区"), date="2023-09-05",
    ),
    Passage(
        "807f23e570705b79",
        "渝北区则着力打造“渝北对口协同云阳产业园”,共建飞地园区,目前已累计投入3000万元协同云阳建设20万平方米标准厂房,"
        "产业园一期已建成投用,入驻企业4家。",
        TOWN, SECTION, "000_a7bc68324ef7d714.txt", 8, districts=("渝北区", "云阳县"), date="2023-09-05",
    ),
    Passage(
        "078832a9ec1fa1f4",
        "此外,渝北与云阳共同组建了招商专班,双方共享信息、携手引资,累计协助引进项目14个,协助引资4.1亿元。"
        "双方还联手优化产业链,围绕产业链垂直分工配套合作,携手建链、延链、补链、强链,已推动两地8对骨干企业建立合作关系。",
        TOWN, SECTION, "000_a7bc68324ef7d714.txt", 9, districts=("渝北区", "云阳县"), date="2023-09-05",
    ),
    Passage(
        "04ca0c0ebf445196",
        "11月初冬,璧山区比亚迪动力电池基地“火力全开”,多条“刀片电池”生产线满负荷运转,产品直供周边多家新能源车企;",
        TRANSFER, "", "001_693a61b761b5fe84.txt", 0, districts=("璧山区",), date="2025-11-24",
    ),
    Passage(
        "5797b0c47c39b481",
        "本报讯(首席记者 陈维灯)10月12日,铜梁集中签约27个招商引资项目,计划总投资206亿元,涵盖新型储能、"
        "智能网联新能源汽车及摩托车核心零部件、医疗器械、总部经济、特色农业等多个领域。",
        TONGLIANG, "", "002_2d698e00e8e37bcc.txt", 24, districts=("铜梁区",), date="2023-10-13",
    ),
    Passage(
        "a2087401999048ae",
        "在智能网联新能源汽车零部件及摩托车方面,本次签约了智能座舱、传动系统、制动系统以及智能换电平台4个项目,投资超过50亿元。"
        "这些项目将与铜梁区爱玛科技项目形成产业链互补和区域产业合作,提升产业整体竞争力,加快推动铜梁打造新能源短途智慧出行产业集群。",
        TONGLIANG, "", "002_2d698e00e8e37bcc.txt", 27, districts=("铜梁区",), date="2023-10-13",
    ),
)

YUBEI_PARK = PASSAGES[2]
YUBEI_INVEST = PASSAGES[3]


class FakeIndex:
    """The store search reads (retrieval/search/hybrid.py `Store`) over fixed passages; records keyword queries."""

    def __init__(self, passages: Sequence[Passage] = PASSAGES) -> None:
        self.passages = list(passages)
        self.searches: list[dict] = []

    def __len__(self) -> int:
        return len(self.passages)

    def keyword_search(self, query: str, depth: int) -> list[tuple[str, float]]:
        """Passages sharing tokens with `query`, most shared first (the store's BM25 stand-in)."""
        self.searches.append(query)
        wanted = set(tokens(query))
        scored = []
        for passage in self.passages:
            shared = len(wanted & set(tokens(f"{passage.title} {passage.section} {passage.text}")))
            if shared:
                scored.append((passage.id, shared / max(1, len(wanted))))
        scored.sort(key=lambda item: -item[1])
        return scored[:depth]

    def query_vectors(self, queries: Sequence[str], n: int) -> list[list[str]]:
        return [[] for _ in queries]  # no vectors: keyword and proximity rankings only

    def spelled_names(self, words: Sequence[str]) -> dict[str, tuple[str, ...]]:
        return {}

    def get(self, passage_id: str) -> Passage | None:
        return next((p for p in self.passages if p.id == passage_id), None)

    def neighbours(self, passage_id: str, window: int = 1) -> list[Passage]:
        me = self.get(passage_id)
        if me is None:
            return []
        same = sorted((p for p in self.passages if (p.source, p.title) == (me.source, me.title)), key=lambda p: p.position)
        i = same.index(me)
        return same[max(0, i - window) : i + window + 1]

    def close(self) -> None:
        pass
