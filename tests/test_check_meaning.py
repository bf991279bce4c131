"""The check compares what a sentence says, not only its numbers: every example of a model sentence
that said what its passage does not (negations, changed units and dates, Chinese numerals, English
sentences, uncited lines, the model's own links, a rewritten follow-up) is kept from the reader, through
the public Answerer over the bundled seeds, in answers, briefings, timelines and rewrites, and in the bot.
"""

from __future__ import annotations

import pytest

from bot.quotes import body, notice_line
from retrieval.answer.answerer import Answerer
from retrieval.answer.citations import check_citations
from retrieval.models import Answer, Passage
from tests.bot_harness import bot_running, bot_settings
from tests.botapi_server import FakeBotApi, message
from tests.fake_model import FakeModel

SIGNING = "10月12日,铜梁集中签约27个招商引资项目,计划总投资206亿元"
ASK = "铜梁签约了多少项目?"
ASK_EN = "How many projects did Tongliang sign?"
EFFICIENCY = "秋田齿轮的车间生产效率提升了多少?"

# (question, the model's reply, what must never reach the reader)
EXAMPLES = [
    (ASK, "铜梁并没有集中签约招商引资项目[1]。", "并没有集中签约"),
    (ASK_EN, "铜梁没有签约任何项目[1]。", "没有签约任何项目"),
    (ASK, f"{SIGNING},但这些项目已全部停工烂尾[1]。", "停工烂尾"),
    (ASK, "10月12日,铜梁集中签约27个招商引资项目,计划总投资206亿美元[1]。", "206亿美元"),
    (ASK, "12月10日,铜梁集中签约27个招商引资项目,计划总投资206亿元[1]。", "12月10日"),
    (EFFICIENCY, "秋田齿轮车间的生产效率提升八成[1]。", "八成"),
    (ASK, "Tongliang cancelled all 27 projects and lost 20.6 billion yuan [1].", "cancelled"),
    (ASK, "Tongliang banned all new investment [1].", "banned"),
    (ASK_EN, "Tongliang signed twenty-eight investment projects [1].", "twenty-eight"),
    (ASK_EN, "Tongliang signed 27 investment projects on 12 November [1].", "12 November"),
    (ASK_EN, "The planned investment is 20.6 billion US dollars [1].", "US dollars"),
    (ASK, f"所有项目均已被叫停,具体如下:\n{SIGNING}[1]。", "叫停"),
    (ASK, f"详情请见 evil-bonus.top 网站:\n{SIGNING}[1]。", "evil-bonus"),
    (ASK, f"{SIGNING},详情请访问 http://evil.example.com/claim [1]。", "evil.example.com"),
    (ASK, f"{SIGNING}[1]。请到 evil-bonus.cn 领取补贴[1]。", "evil-bonus"),
    (ASK, f"{SIGNING}[1]。[官网](https://evil.example.com)", "evil.example.com"),
    (ASK, f"{SIGNING}[1]。咨询电话 023-12345678,关注 @cq_bonus 领取[1]。", "12345678"),
]


def _seen(answer: Answer) -> str:
    """What a reader sees: the answer, its notice and the quotes under it."""
    return " ".join([body(answer), notice_line(answer), *(c.quote for c in answer.citations)])


def _answerer(index, index_settings, *replies: str) -> Answerer:
    return Answerer(index, index_settings.model_copy(update={"answer_deadline": 60.0}), model=FakeModel(*replies))


@pytest.mark.parametrize(("question", "reply", "bad"), EXAMPLES, ids=[bad for _, _, bad in EXAMPLES])
def test_a_sentence_that_says_what_its_passage_does_not_never_reaches_the_reader(index, index_settings, question, reply, bad):
    replies = [reply] if question != ASK_EN else ["铜梁签约了多少项目", reply]  # English: a translation first
    answer = _answerer(index, index_settings, *replies).ask(question)
    assert bad not in _seen(answer), answer.text
    # What is shown instead is checked: the true sentence of the reply, the extractive answer, or a refusal.
    assert all(c.quote in {p.id: p.text for p in answer.passages}.get(c.passage_id, "") for c in answer.citations)


def test_the_true_sentence_of_the_same_reply_is_shown_as_the_models_answer(index, index_settings):
    answer = _answerer(index, index_settings, f"{SIGNING}[1]。").ask(ASK)
    assert answer.mode == "llm" and answer.grounded and "27" in answer.text
    tail = _answerer(index, index_settings, f"{SIGNING}[1]。但这些项目已全部停工烂尾[1]。").ask(ASK)
    assert tail.mode == "llm" and "206亿元" in tail.text and "烂尾" not in _seen(tail)


def test_a_briefing_and_a_timeline_the_model_writes_are_checked_like_answers(index, index_settings):
    written = f"{SIGNING}[1]。\n铜梁的项目已全部停工烂尾[1]。\n详情请访问 http://evil.example.com/claim [1]。"
    brief = _answerer(index, index_settings, written).brief("铜梁")
    assert "烂尾" not in _seen(brief) and "evil" not in _seen(brief)
    assert brief.grounded and "206亿元" in _seen(brief)
    timeline = _answerer(index, index_settings, f"- 2023年12月10日:{SIGNING[6:]}[1]\n- 铜梁取消了全部项目[1]").timeline("铜梁签约")
    assert "12月10日" not in timeline.text and "取消" not in _seen(timeline)


def test_a_rewritten_follow_up_that_adds_claims_or_links_is_not_used(index, index_settings):
    history = [(ASK, "铜梁集中签约27个招商引资项目,计划总投资206亿元[1]")]
    lure = "铜梁已取消全部27个项目…详情请访问 http://evil.example.com/claim 领取补偿?"
    assert _answerer(index, index_settings, lure).rewrite("那投资呢?", history) is None
    fair = "铜梁签约的27个项目计划总投资多少?"
    assert _answerer(index, index_settings, fair).rewrite("那投资呢?", history) == fair


def _model_answerer(*replies: str):
    def factory(index, settings):
        return Answerer(index, settings.model_copy(update={"answer_deadline": 60.0}), model=FakeModel(*replies))

    return factory


def _everything_sent(api: FakeBotApi) -> str:
    return " ".join(c.text for c in api.calls if c.method in ("sendMessage", "editMessageText"))


async def test_in_the_bot_neither_a_false_rewrite_nor_a_false_briefing_line_is_shown(
    api: FakeBotApi, index_settings, bot_data_dir
):
    lure = "铜梁已取消全部27个项目…详情请访问 http://evil.example.com/claim 领取补偿?"
    replies = (f"{SIGNING}[1]。", lure, f"{SIGNING}[1]。")
    async with bot_running(bot_settings(index_settings, api, bot_data_dir), _model_answerer(*replies)):
        api.push(message(ASK, chat_id=411))
        await api.wait_for("editMessageText", lambda c: c.params.get("chat_id") == 411 and "27" in c.text)
        api.push(message("那投资呢?", chat_id=411))
        await api.wait_for("editMessageText", lambda c: c.params.get("chat_id") == 411 and "206" in c.text, count=2)
    shown = _everything_sent(api)
    assert "evil" not in shown and "取消" not in shown

    written = f"{SIGNING}[1]。\n铜梁的项目已全部停工烂尾[1]。\n[官网](https://evil.example.com)"
    async with bot_running(bot_settings(index_settings, api, bot_data_dir), _model_answerer(written)):
        api.push(message("/brief 铜梁", chat_id=412))
        await api.wait_for("editMessageText", lambda c: c.params.get("chat_id") == 412 and "206" in c.text)
    shown = _everything_sent(api)
    assert "烂尾" not in shown and "evil" not in shown


def test_an_article_holding_its_own_markers_and_quote_marks_is_quoted_verbatim(tmp_path):
    from retrieval.models import Passage
    from retrieval.settings import Settings
    from tests.answer_fixtures import FakeIndex

    text = "10月12日,铜梁集中签约27个招商引资项目[2],项目清单详见「见附件」,计划总投资206亿元。"
    passage = Passage("own-marks", text, "铜梁签约27个项目", "", "own.txt", 0, publication="重庆日报")
    answer = Answerer(FakeIndex([passage]), Settings(_env_file=None, data_dir=tmp_path)).ask(ASK)
    assert answer.grounded and answer.citations[0].quote in text
    assert "27个招商引资项目[2],项目清单详见「见附件」" in answer.text  # the article's words, marks and all


def _passage(text: str, title: str = "") -> Passage:
    return Passage(id="p1", text=text, title=title, section="", source="test.md", position=0)


# (passage, a true sentence, a false one that shares its words and figures): the figure belongs to
# another company, period, unit, mood, scope or event of the same passage.
BOUND = [
    ("金科股份跌3.1%，前7月累计销售收入120.5亿元。龙湖集团跌6.4%，前7月累计销售收入88.2亿元。",
     "龙湖集团前7月累计销售收入88.2亿元[1]。", "龙湖集团前7月累计销售收入120.5亿元[1]。"),
    ("天成科技2023中报显示，公司主营收入5.2亿元，同比上升3.1%；其中第二季度，公司单季度主营收入2.9亿元。",
     "天成科技第二季度单季度主营收入2.9亿元[1]。", "天成科技2023年上半年主营收入2.9亿元[1]。"),
    ("协会预计今年食糖产量将同比下降3.4%至3170万吨。", "协会预计今年食糖产量将下降至3170万吨[1]。",
     "协会预计今年食糖产量将下降至3170万桶[1]。"),
    ("公司对当前季度做出了乐观的预测，表明行业低迷可能正在消退。", "公司表示行业低迷可能正在消退[1]。",
     "公司表示行业低迷已经结束[1]。"),
    ("美国最大的芯片设备制造商应用材料公布了第三季度业绩。", "应用材料是美国最大的芯片设备制造商[1]。",
     "应用材料是全球最大的芯片设备制造商[1]。"),
    ("该市周末共有25人中枪，其中6人死亡。", "该市周末共有25人中枪,其中6人死亡[1]。", "该市周末共有25人死亡[1]。"),
    ("当晚8时左右，东区发生一起事故，造成3人受伤。", "当晚东区发生一起事故,造成3人受伤[1]。", "当晚东区发生一起事故,造成八人受伤[1]。"),
    ("地产股走弱，远景置业跌超7%、华城物业跌12%。", "华城物业跌12%[1]。", "华城物业跌超7%[1]。"),
    ("截至收盘，沪深300指数跌1.35%，报3850.2点。", "沪深300指数跌1.35%[1]。", "沪深300指数涨1.35%[1]。"),
    ("全市7月份工业用电量有所上升，但居民用电量与上月持平。", "全市7月份工业用电量有所上升[1]。", "全市居民用电量较上月有所上升[1]。"),
]


# (passage, a true sentence, a false one): a Chinese numeral is a value with or without a counting word
# after it ("五千万", "一百二十"), a spoken percentage keeps its decimals, and a half is 50%.
NUMERALS = [
    ("该项目计划总投资3000万元，建设标准厂房2万平方米。", "该项目计划总投资三千万元[1]。", "该项目计划总投资五千万[1]。"),
    ("本届展会共有120家企业参展。", "本届展会共有一百二十家企业参展[1]。", "本届展会参展企业共一百五十[1]。"),
    ("新能源汽车销量占比达到12.5%。", "新能源汽车销量占比达到百分之十二点五[1]。", "新能源汽车销量占比达到百分之十二[1]。"),
    ("园区内36%的项目已经投产。", "园区内36%的项目已经投产[1]。", "园区内一半的项目已经投产[1]。"),
    ("今年以来，全区50%的村完成了改造。", "今年以来，全区半数的村完成了改造[1]。", "今年以来，全区三成的村完成了改造[1]。"),
]


@pytest.mark.parametrize("text", ["千万不要错过这次机会。", "万一遇到困难，请拨打热线。", "这一点十分重要。", "游客三三两两地走来。"])
def test_words_made_of_numeral_characters_are_not_figures(text):
    from retrieval.text.numbers import values

    assert values(text) == set()


# (passage, a true sentence, a false one): what the passage says may happen or is expected, the sentence
# says happens, or is settled.
MOODS = [
    ("受降雨不足影响，该国可能停止食糖出口。", "该国可能停止食糖出口[1]。", "该国停止食糖出口[1]。"),
    ("分析人士认为，今年中报业绩预计也不会差，已有多家公司发布预告。", "分析人士预计今年中报业绩也不会差[1]。",
     "分析人士确定今年中报业绩也不会差[1]。"),
    ("董事会认为，公司应当尽快启动第二期回购。首期回购已于上月完成。", "董事会认为公司应当尽快启动第二期回购[1]。",
     "公司已经启动了第二期回购[1]。"),
    ("该物流园总投资12亿元，计划明年6月建成投产。", "该物流园计划明年6月建成投产[1]。", "该物流园已建成投产,总投资12亿元[1]。"),
    ("该物流园总投资12亿元，计划明年6月建成投产。", "该物流园总投资12亿元[1]。", "总投资12亿元的物流园建成投产[1]。"),
    ("该市正在研究出台购房补贴政策。", "该市正在研究出台购房补贴政策[1]。", "该市已出台购房补贴政策[1]。"),
    ("分析称长线资金入市进程或加快。", "分析称长线资金入市进程或加快[1]。", "长线资金入市进程已加快[1]。"),
    ("该法案尚需议会批准。", "该法案尚需议会批准[1]。", "该法案已获议会批准[1]。"),
    ("该公司将在下季度推出新产品。", "该公司将在下季度推出新产品[1]。", "该公司在下季度推出了新产品[1]。"),
    ("该镇计划投资2000万元改造老旧小区。", "该镇计划投资2000万元改造老旧小区[1]。", "该镇投资2000万元改造了老旧小区[1]。"),
]


# What a figure counts, its unit, its model, its part of the year, and a name of the model's own making.
COUNTED = [
    ("园区今年引进120头奶牛、3000只山羊，另有40头黄牛。", "园区今年引进120头奶牛[1]。", "园区今年引进120头黄牛[1]。"),
    ("该型桥梁钢板厚度超过12厘米。", "该型桥梁钢板厚度超过12厘米[1]。", "该型桥梁钢板厚度超过12毫米[1]。"),
    ("上半年公司共获得 1200 架订单，其中净订单 800 架。", "上半年公司共获得1200架订单[1]。", "上半年公司净订单1200架[1]。"),
    ("C919的月产量将在2025年达到5架，C929在2030年底开始交付。", "C919的月产量将在2025年达到5架[1]。",
     "C929的月产量将在2025年达到5架[1]。"),
    ("新航站楼预计于2026年第三季度投用，配套高架桥在2027年底完工。", "新航站楼预计于2026年第三季度投用[1]。",
     "新航站楼预计于2027年第三季度投用[1]。"),
    ("长江电工已与成都高新区签订合作协议，将建设西南总部。", "长江电工已与成都高新区签订合作协议[1]。",
     "长江电工已与成都天府新区签订合作协议[1]。"),
    ("数据显示，6月以来仓位指数突破70%，7月依旧维持在70%以上。", "7月以来仓位指数依旧维持在70%以上[1]。",
     "7月以来仓位指数依旧维持在60%以上[1]。"),
]


# What a figure measures and of whom, a rank among others, a currency named first, a lack told as plenty.
MEASURED = [
    ("一季度全市新能源汽车产量6万辆，同比增长40%。", "一季度全市新能源汽车产量6万辆[1]。", "一季度全市新能源汽车销量6万辆[1]。"),
    ("该公司上半年营收同比下降12%，净利润同比增长5%。", "该公司上半年净利润同比增长5%[1]。", "该公司上半年净利润同比增长12%[1]。"),
    ("该市出口额增长8%，进口额下降3%。", "该市进口额下降3%[1]。", "该市进口额增长3%[1]。"),
    ("该港口是西部地区最大的内河港口之一。", "该港口是西部地区最大的内河港口之一[1]。", "该港口是西部地区最大的内河港口[1]。"),
    ("该基金规模为港币20亿元。", "该基金规模为港币20亿元[1]。", "该基金规模为20亿元人民币[1]。"),
    ("该地区缺乏专业技术人才。", "该地区缺乏专业技术人才[1]。", "该地区专业技术人才充足[1]。"),
]


# A date keeps its event; a denial is not an admission; 翻了两番 is four times.
EVENTS = [
    ("该工程于2022年开工，2024年建成。", "该工程于2022年开工[1]。", "该工程于2024年开工[1]。"),
    ("8月3日，公司发布公告称，董事长于7月30日辞职。", "公司董事长于7月30日辞职[1]。", "公司董事长于8月3日辞职[1]。"),
    ("他否认了相关指控。", "他否认了相关指控[1]。", "他承认了相关指控[1]。"),
    ("该村人均年收入翻了一番。", "该村人均年收入翻了一番[1]。", "该村人均年收入翻了两番[1]。"),
    ("该区今年新增就业1.2万人，同比增长5%。", "The district created 12,000 jobs this year [1].",
     "The district created 12,000 jobs this year, down 5% [1]."),
]


# What holds a rank and where; a bound is not its opposite.
RANKS = [
    ("该市GDP总量创历史新高。", "该市GDP总量创历史新高[1]。", "该市GDP增速创历史新高[1]。"),
    ("该区人均GDP位列全市前三。", "该区人均GDP位列全市前三[1]。", "该区人均GDP位列全国前三[1]。"),
    ("该县的贫困发生率已降至0.5%以下。", "该县的贫困发生率已降至0.5%以下[1]。", "该县的贫困发生率已降至0.5%以上[1]。"),
]


SWAPS = [
    (
        "该工厂的废水排放量较去年减少两成。",
        "该工厂的废水排放量较去年减少两成[1]。",
        "该工厂的废气排放量较去年减少两成[1]。",
    ),
    ("该镇的空气质量优良率为92%。", "该镇的空气质量优良率为92%[1]。", "该镇的水质优良率为92%[1]。"),
    ("该项目的一期工程已经完工。", "该项目的一期工程已经完工[1]。", "该项目的二期工程已经完工[1]。"),
    ("项目一期占地200亩，二期占地300亩。", "项目二期占地300亩[1]。", "项目一期占地300亩[1]。"),
    ("一号线已开通运营，二号线仍在建设中。", "一号线已开通运营[1]。", "二号线已开通运营[1]。"),
    ("甲公司投资30亿元，乙公司投资20亿元。", "乙公司投资20亿元[1]。", "乙公司投资30亿元[1]。"),
    (
        "城镇居民人均可支配收入为4.2万元，农村居民为1.8万元。",
        "农村居民人均可支配收入为1.8万元[1]。",
        "农村居民人均可支配收入为4.2万元[1]。",
    ),
    ("张三当选为协会会长，李四当选为副会长。", "张三当选为协会会长[1]。", "李四当选为协会会长[1]。"),
    ("王五任公司副总经理。", "王五任公司副总经理[1]。", "王五任公司总经理[1]。"),
    ("华为和小米分别排名第一和第三。", "华为排名第一[1]。", "小米排名第一[1]。"),
    ("北京和上海的GDP增速分别为5.2%和5.5%。", "上海的GDP增速为5.5%[1]。", "北京的GDP增速为5.5%[1]。"),
    ("7月，该市社会消费品零售总额环比增长1.2%。", "7月该市社会消费品零售总额环比增长1.2%[1]。", "7月该市社会消费品零售总额同比增长1.2%[1]。"),
    ("今年1-7月，全省新签约项目120个。", "今年1-7月全省新签约项目120个[1]。", "7月全省新签约项目120个[1]。"),
    ("广汽集团7月新能源汽车产量达47,344辆；销量达49,935辆。", "广汽集团7月新能源汽车销量达49,935辆[1]。", "广汽集团今年累计新能源汽车销量达49,935辆[1]。"),
    ("公司董事长李明出席了签约仪式。", "公司董事长李明出席了签约仪式[1]。", "公司总经理李明出席了签约仪式[1]。"),
    ("该区新能源汽车产量占全市的三分之一。", "该区新能源汽车产量占全市的三分之一[1]。", "全市新能源汽车产量占该区的三分之一[1]。"),
    ("该企业出口额是进口额的两倍。", "该企业出口额是进口额的两倍[1]。", "该企业进口额是出口额的两倍[1]。"),
    ("6月末现金储备增至1473.77亿美元，3月末为1306亿美元。", "6月末现金储备增至1473.77亿美元,高于3月末的1306亿美元[1]。", "6月末现金储备增至1473.77亿美元,低于3月末的1306亿美元[1]。"),
    ("签约仪式在成都举行，项目将落户重庆璧山。", "项目将落户重庆璧山[1]。", "签约仪式在重庆璧山举行[1]。"),
    ("全区共有规上企业300余家。", "全区共有规上企业300余家[1]。", "全区共有规上企业300家以下[1]。"),
    (
        "去年该县接待游客520万人次，今年上半年接待游客310万人次。",
        "今年上半年该县接待游客310万人次[1]。",
        "去年上半年该县接待游客310万人次[1]。",
    ),
    ("8月6日报道，华盛顿5日发生数起枪击事件。", "华盛顿5日发生数起枪击事件[1]。", "华盛顿6日发生数起枪击事件[1]。"),
    ("该处工程管理处副处长赵龙介绍了项目进展。", "副处长赵龙介绍了项目进展[1]。", "副总经理赵龙介绍了项目进展[1]。"),
    (
        "广汽本田销量同比下降44.31%；广汽埃安销量同比增长79.86%。广汽集团新能源汽车销量同比增长84.51%。",
        "广汽集团新能源汽车销量同比增长84.51%[1]。",
        "广汽集团销量同比增长79.86%,新能源汽车销量同比增长84.51%[1]。",
    ),
    (
        "2023年第一季度零售交易量为2,259辆；截至2023年3月31日的财年，零售交易量为10,703辆。",
        "截至2023年3月31日的财年，零售交易量为10,703辆[1]。",
        "2023年第一季度零售交易量达到10,703辆[1]。",
    ),
    (
        "近年来，武昌区立足建设全国碳金融集聚区的目标，服务的重点项目总投资达459亿元。",
        "武昌区的重点项目总投资达459亿元[1]。",
        "武昌区已建成全国碳金融集聚区[1]。",
    ),
    ("共达成投资及交易额2083.46亿元。", "共达成投资及交易额约2083亿元[1]。", "共达成投资及交易额约2085亿元[1]。"),
    (
        "该集团发布了未经审计的季度报告。财年总收入20.59亿元，同比增长25.9%。",
        "该集团财年总收入20.59亿元[1]。",
        "该集团发布了经过审计的季度报告，财年总收入20.59亿元[1]。",
    ),
    ("比亚迪在匈牙利建设新工厂，宁德时代则在德国扩建电池厂。", "比亚迪在匈牙利建设新工厂[1]。", "宁德时代在匈牙利建设新工厂[1]。"),
    ("会上，万州区作了经验交流发言，涪陵区介绍了招商工作。", "万州区作了经验交流发言[1]。", "涪陵区作了经验交流发言[1]。"),
    ("小米发布了新款手机，华为则推出了新款平板电脑。", "华为推出了新款平板电脑[1]。", "华为发布了新款手机[1]。"),
    (
        "印度糖厂协会表示，印度可能停止出口。印度去年也曾限制食糖出口。",
        "印度去年也曾限制食糖出口[1]。",
        "印度已经停止食糖出口[1]。",
    ),
    ("该镇的森林覆盖率提升至60%。", "该镇的森林覆盖率提升至60%[1]。", "该镇的森林覆盖率提升了60%[1]。"),
    ("新规征求意见稿已发布，正式实施时间待定。", "新规征求意见稿已发布[1]。", "新规已正式实施[1]。"),
    ("该镇的森林覆盖率提升至六成。", "该镇的森林覆盖率提升至六成[1]。", "该镇的森林覆盖率提升了六成[1]。"),
    ("该市出口额为500亿元，是进口额的两倍。", "该市出口额是进口额的两倍[1]。", "该市进口额是出口额的两倍[1]。"),
    ("支持措施为每人每年发放5万元人才津贴。", "每人每年发放5万元人才津贴[1]。", "每人每月发放5万元人才津贴[1]。"),
    ("联发科二季度营收为981.35亿新台币。", "联发科二季度营收为981.35亿新台币[1]。", "联发科二季度营收为981.35亿元人民币[1]。"),
    ("联发科副董事长兼 CEO 蔡力行表示，手机需求回稳。", "蔡力行表示手机需求回稳[1]。", "联发科董事长蔡力行表示手机需求回稳[1]。"),
    (
        "蔚来的换电站数量达到2000座，理想的超充站数量达到500座。",
        "理想的超充站数量达到500座[1]。",
        "蔚来的超充站数量达到500座[1]。",
    ),
    # Forecast, condition and plan told as done.
    ("预计全年营收将突破10亿元。", "预计全年营收将突破10亿元[1]。", "全年营收突破10亿元[1]。"),
    ("若天气条件允许，火箭将于周五发射。", "若天气条件允许，火箭将于周五发射[1]。", "火箭于周五发射成功[1]。"),
    ("这项研究或许能够解释该现象。", "这项研究或许能够解释该现象[1]。", "这项研究解释了该现象[1]。"),
    ("该项目拟投资5亿元建设研发中心。", "该项目拟投资5亿元建设研发中心[1]。", "该项目投资5亿元建成了研发中心[1]。"),
]
PAIRS = [*BOUND, *NUMERALS, *MOODS, *COUNTED, *MEASURED, *EVENTS, *RANKS, *SWAPS]


@pytest.mark.parametrize(("text", "true", "false"), PAIRS, ids=[false for _, _, false in PAIRS])
def test_the_true_sentence_is_shown_and_the_false_one_beside_it_is_not(text, true, false):
    """A figure keeps what it belongs to, a Chinese numeral is a value, a sentence keeps its passage's mood."""
    passages = [_passage(text)]
    assert check_citations(true, passages).text, true
    assert not check_citations(false, passages).text.strip(), false
