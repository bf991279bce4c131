"""Answers beyond the bundled pages: English words outside the gazetteer, and the rules that refuse an
answer about another year, another place or another figure than the one asked."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.quotes import body
from retrieval.answer.answerer import Answerer
from retrieval.lexicon.dictionary import chinese_for, english_dates
from retrieval.lexicon.translation import expand_english
from retrieval.models import Passage
from retrieval.search.hybrid import search
from retrieval.settings import Settings
from retrieval.tuning import TUNING
from tests.answer_fixtures import FakeIndex


def _news(pid: str, text: str, title: str, position: int = 0) -> Passage:
    return Passage(pid, text, title, "", f"{pid}.md", position, date="2023-08-08")


NEWS = (
    _news("moon", "中新网南京8月8日电 记者8日从中国科学院紫金山天文台获悉，木星合月将于10日凌晨上演。", "木星合月10日上演"),
    _news("gdp", "2022年，宁波市实现地区生产总值15704亿元，按可比价格计算增长3.5%。", "宁波经济运行情况"),
    _news("hz", "杭州市统计局7月20日发布上半年当地经济运行情况，全市实现生产总值9602亿元，同比增长6.9%。", "杭州上半年经济"),
    _news("flood", "此次暴雨灾害造成河南省直接经济损失1200.6亿元，其中郑州市409亿元。", "河南暴雨灾害调查报告"),
    _news("lng", "洋山LNG码头今年累计接卸进口液化天然气突破200万吨。", "洋山LNG码头进口量破200万吨"),
    _news("film", "电影豆瓣开分8.0，上映两日票房更是破两亿。", "《爱犬奇缘》口碑领跑暑期档"),
    _news("bike", "2023中国·塔河第六届全国森林自行车赛18日在塔河县鸣枪开赛，来自7个国家的300余名骑手参赛。", "塔河森林自行车赛开赛"),
)


@pytest.fixture
def answerer(tmp_path):
    return Answerer(FakeIndex(NEWS), Settings(_env_file=None, data_dir=tmp_path))


def test_english_words_outside_the_gazetteer_are_looked_up_in_the_dictionary():
    assert chinese_for("tourists")[0] == "游客"
    assert chinese_for("observatory") == ("天文台",)
    assert chinese_for("Hangzhou")[0] == "杭州" and chinese_for("Xi'an")[0] == "西安"
    assert chinese_for("qwzzyx") == ()
    assert english_dates("on 8 August, and from July 20th") == ["8月8日", "7月20日"]
    expansion = expand_english("Which observatory announced the Jupiter-Moon conjunction in Tongliang?")
    assert expansion.districts == ("铜梁区",) and ("天文台",) in expansion.general
    assert "conjunction" in expansion.unknown and "announced" not in expansion.unknown
    # A phrase is looked up whole even when one of its words alone only frames a question ("put").
    assert expand_english("Who won the women's shot put?").general[0] == ("铅球",)
    medals = expand_english("How many gold medals did the Asian team win?").general
    assert medals[0][0] == "金牌" and all("亚运会" not in group for group in medals)


def test_an_english_question_about_a_news_article_is_answered(answerer):
    answer = answerer.ask("Which observatory announced the Jupiter-Moon conjunction on 8 August?")
    assert answer.grounded and "紫金山天文台" in answer.text
    assert body(answer).startswith("According to")


def test_the_figure_for_another_year_does_not_answer(answerer):
    assert answerer.ask("2022年宁波市地区生产总值是多少?").grounded
    refused = answerer.ask("2023年宁波市地区生产总值是多少?")
    assert not refused.grounded and "没有找到" in body(refused)


def test_the_figure_for_another_period_does_not_answer(answerer):
    assert answerer.ask("《爱犬奇缘》上映两日票房是多少?").grounded
    assert not answerer.ask("《爱犬奇缘》上映首日票房是多少?").grounded
    # "first half" is 上半年, which the 杭州 article says; its headline counts as beside the answer.
    answer = answerer.ask("What was Hangzhou's GDP in the first half of the year?")
    assert answer.grounded and "9602亿元" in answer.text
    assert not answerer.ask("What was Hangzhou's GDP in the first quarter?").grounded


def test_this_year_in_an_article_is_the_year_it_was_published(answerer):
    # The article is dated 2023-08-08: its 今年 is 2023.
    assert answerer.ask("洋山LNG码头2023年累计接卸了多少万吨液化天然气?").grounded
    assert not answerer.ask("洋山LNG码头2022年累计接卸了多少万吨液化天然气?").grounded


def test_a_month_the_question_names_must_be_beside_the_answer(answerer):
    assert not answerer.ask("7月洋山LNG码头接卸了多少万吨液化天然气?").grounded


def test_an_article_about_somewhere_else_does_not_answer_a_question_about_chongqing(answerer):
    assert "1200.6亿元" in answerer.ask("河南那场暴雨造成了多少直接经济损失?").text
    assert not answerer.ask("重庆那场暴雨造成了多少直接经济损失?").grounded


def test_a_city_the_question_names_must_be_the_one_the_answer_is_about(answerer):
    assert "9602亿元" in answerer.ask("杭州上半年实现生产总值多少亿元?").text
    assert not answerer.ask("无锡上半年实现生产总值多少亿元?").grounded


def test_a_name_cut_into_a_place_is_not_a_place_the_answer_must_name(tmp_path):
    # jieba cuts 李尚福和绍伊古 into 李尚 / 福和 (a place) / 绍伊古: 福和 is not a place the question names.
    talks = [_news("talks", "李尚福是在出席第十一届莫斯科国际安全会议期间与绍伊古会谈的。", "李尚福会见绍伊古")]
    answer = Answerer(FakeIndex(talks), Settings(_env_file=None, data_dir=tmp_path)).ask("李尚福和绍伊古会谈时，他是去出席什么会议?")
    assert answer.grounded and "莫斯科国际安全会议" in answer.text


def test_the_value_asked_for_must_be_what_the_sentence_states(answerer):
    assert "300余名" in answerer.ask("塔河森林自行车赛有多少名骑手参赛?").text
    assert not answerer.ask("塔河森林自行车赛的总奖金是多少?").grounded
    assert not answerer.ask("What was the prize money of the Tahe forest cycling race?").grounded


def test_the_value_asked_for_is_the_whole_noun_before_the_question_word(tmp_path):
    report = [_news("douyu", "斗鱼第二季度总营收为13.92亿元，销售费用为1.2亿元。", "斗鱼发布第二季度财报")]
    answerer = Answerer(FakeIndex(report), Settings(_env_file=None, data_dir=tmp_path))
    assert answerer.ask("斗鱼第二季度的销售费用是多少?").grounded
    assert not answerer.ask("斗鱼第二季度的研发费用是多少?").grounded


def test_names_spelled_in_pinyin_are_found_among_the_corpus_words():
    from retrieval.lexicon.names import PinyinNames, names_in

    names = PinyinNames(["永辉", "中炬高新", "高新", "高薪", "西山", "学而思", "重庆"])
    assert names.spelled("Yonghui") == ("永辉",) and names.spelled("Xueersi") == ("学而思",)
    assert names.spelled("bank") == () and names.spelled("xi") == ()
    assert PinyinNames(["芳阴村", "白沙镇"]).spelled("Fangyin") == ("芳阴村",), "a place without its kind"
    assert names_in(["zhongju", "gaoxin", "yonghui", "bank"], names) == {
        "zhongju gaoxin": ("中炬高新",), "yonghui": ("永辉",)
    }


def test_an_english_question_naming_a_company_in_pinyin_is_answered(tmp_path):
    from retrieval.lexicon.names import PinyinNames, names_in

    class NamedIndex(FakeIndex):
        """The fake index plus the corpus names of the real one."""

        def spelled_names(self, words):
            return names_in(words, PinyinNames(["永辉", "京东", "超市"]))

    passages = (
        _news("jd", "针对京东收购永辉超市的传闻，京东方面回应称，公司没有这个意向。", "京东回应收购永辉传闻"),
        *NEWS,
    )
    answerer = Answerer(NamedIndex(passages), Settings(_env_file=None, data_dir=tmp_path))
    answer = answerer.ask("Is JD buying Yonghui?")
    assert answer.grounded and "没有这个意向" in answer.text
    assert not answerer.ask("Is JD buying Xueersi?").grounded


def test_the_real_index_knows_the_names_its_articles_spell(index):
    assert "比亚迪" in index.spelled_names(["Biyadi"]).get("Biyadi", ())


def test_an_english_lead_keeps_every_fact_and_names_the_company(tmp_path):
    answerer = Answerer(FakeIndex(), Settings(_env_file=None, data_dir=tmp_path))
    both = answerer.ask("How many projects did Tongliang sign and how much investment do they plan?")
    assert "27 projects, 20.6 billion yuan: 「" in both.text and both.checks["sentences_dropped"] == 0
    company = answerer.ask("Which company runs the blade battery lines in Bishan?")
    assert company.text.splitlines()[0].startswith("BYD: 「")


def test_an_english_fact_the_check_cannot_back_costs_the_fact_not_the_quote(tmp_path, monkeypatch):
    from retrieval.answer import english
    from retrieval.models import Passage

    text = "今年以来,铜梁区累计投资三千余万元改造老旧小区,惠及居民5000余户。"
    passage = Passage("old", text, "铜梁改造老旧小区", "", "old.md", 0, districts=("铜梁区",))
    answerer = Answerer(FakeIndex([passage]), Settings(_env_file=None, data_dir=tmp_path))
    question = "How much did Tongliang invest in old neighbourhoods?"
    assert "over 30 million yuan: 「今年以来" in answerer.ask(question).text
    monkeypatch.setattr(english, "statement", lambda *args, **kwargs: "999 million yuan")  # a wrong rendering
    answer = answerer.ask(question)
    assert answer.grounded and "「今年以来,铜梁区累计投资三千余万元改造老旧小区" in answer.text
    assert "999" not in answer.text


def test_an_english_question_asking_two_things_gets_both(tmp_path):
    from retrieval.answer.question import parts

    question = "How many projects did Tongliang sign, and how much has Yubei invested in the park with Yunyang?"
    assert len(parts(question)) == 2
    assert parts("Which companies in Banan are adding investment, and how much?") == [
        "Which companies in Banan are adding investment, and how much?"
    ]
    answer = Answerer(FakeIndex(), Settings(_env_file=None, data_dir=tmp_path)).ask(question)
    assert answer.grounded and "27个" in answer.text and "3000万元" in answer.text


def test_an_english_question_outside_the_gazetteer_is_searched_in_chinese(index):
    from retrieval.search.hybrid import variants

    queries, _ = variants("Which observatory announced the conjunction?")
    assert any("天文台" in q for q in queries), "dictionary words join the search even with no gazetteer term"
    found = search(index, "How many tourists came to Fangyin village?", k=5)
    assert any("芳阴村" in p.text for p in found)


def test_a_question_asking_the_same_of_two_places_is_answered_for_each(tmp_path):
    from retrieval.answer.question import parts

    question = "台风过境期间，浙江和福建分别是哪座城市在转移群众?"
    assert parts(question) == ["台风过境期间，浙江是哪座城市在转移群众?", "台风过境期间，福建是哪座城市在转移群众?"]
    assert parts("黑龙江超警戒的河流，8月4日8时和8月11日8时分别有多少条?") == [
        "黑龙江超警戒的河流，8月4日8时有多少条?", "黑龙江超警戒的河流，8月11日8时有多少条?"
    ]
    storm = [
        _news("zj", "受台风影响，浙江省温州市28日起紧急转移沿海群众两万余人。", "台风逼近浙江"),
        _news("fj", "台风登陆前，福建省泉州市已转移群众一万余人，渔船全部回港。", "福建防御台风"),
    ]
    answer = Answerer(FakeIndex(storm), Settings(_env_file=None, data_dir=tmp_path)).ask(question)
    assert answer.grounded and "温州市" in answer.text and "泉州市" in answer.text


def test_a_translation_no_passage_contains_weighs_less_than_one_found(answerer):
    # "spectacular sight" brings renderings the article does not use; the rest of the question it answers.
    question = "Which observatory told reporters the Jupiter-Moon conjunction would be a spectacular sight?"
    answer = answerer.ask(question)
    assert answer.grounded and "紫金山天文台" in answer.text
    answerer.tuning = replace(TUNING, absent_translation_weight=1.0)
    assert not answerer.ask(question).grounded


def test_the_second_part_of_a_question_is_still_about_the_first_parts_subject(tmp_path):
    typhoon = [
        _news("t1", "7月30日，浙江海事局启动海上船舶防台Ⅲ级应急响应。", "浙江海事局启动防台应急响应"),
        _news("t2", "8月2日，浙江海事局将海上船舶防台应急响应提升至Ⅱ级。", "浙江海事局提升防台应急响应"),
        _news("t3", "8月2日，某市启动防汛Ⅳ级应急响应，全市转移群众五百人。", "某市启动防汛应急响应"),
    ]
    answerer = Answerer(FakeIndex(typhoon), Settings(_env_file=None, data_dir=tmp_path))
    question = "浙江海事局7月30日启动了几级防台应急响应?8月2日又启动了几级?"
    answer = answerer.ask(question)
    assert answer.grounded and "Ⅲ级" in answer.text and "提升至Ⅱ级" in answer.text
    uncarried = Answerer(FakeIndex(typhoon), Settings(_env_file=None, data_dir=tmp_path), tuning=replace(TUNING, carry_over=0))
    assert "提升至Ⅱ级" not in uncarried.ask(question).text
