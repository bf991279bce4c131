"""The renderer: escaping exactly once, splitting under 4096 without breaking tags."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from bot import render
from bot.buttons import ShowPassage, Vote, answer_keyboard
from bot.html import MESSAGE_LIMIT, alert_text, tg_len
from bot.store import answer_key
from retrieval.models import Answer, Citation, Passage, SourceInfo

TITLE = "铜梁签约27个项目 计划总投资206亿元"


def passage(i: int, text: str = "铜梁集中签约27个招商引资项目,计划总投资206亿元。") -> Passage:
    return Passage(id=f"p{i:015d}", text=text, title=TITLE, section="", source="002.txt", position=i)


def answer(text: str, quotes: list[str], grounded: bool = True) -> Answer:
    citations = tuple(
        Citation(n, passage(n).id, quote, TITLE, "储能 & <电池>", "002.txt") for n, quote in enumerate(quotes, 1)
    )
    return Answer("铜梁签约了多少项目?", text, grounded, "extractive", citations, tuple(passage(i) for i in range(3)))


class TagChecker(HTMLParser):
    """Fails on unbalanced tags or tags Telegram does not know."""

    ALLOWED = {"b", "i", "u", "s", "code", "pre", "a", "blockquote", "tg-spoiler", "span"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.text = ""

    def handle_starttag(self, tag, attrs):
        assert tag in self.ALLOWED, tag
        self.stack.append(tag)

    def handle_endtag(self, tag):
        assert self.stack and self.stack.pop() == tag, tag

    def handle_data(self, data):
        self.text += data


def visible(html_text: str) -> str:
    """Check the HTML is well formed and return the text a reader sees."""
    checker = TagChecker()
    checker.feed(html_text)
    checker.close()
    assert not checker.stack, checker.stack
    assert not re.search(r"&(?!(amp|lt|gt|quot);)", html_text), "bare & in HTML"
    return checker.text


def test_user_text_is_escaped_exactly_once():
    tricky = "A&B <b>不是标签</b> &amp; 1<2"
    messages = render.render_answer(answer(f"{tricky} [1]", [tricky]), "zh")
    assert len(messages) == 1
    html_text = messages[0]
    assert "A&amp;B &lt;b&gt;不是标签&lt;/b&gt; &amp;amp; 1&lt;2" in html_text
    assert "&amp;amp;amp;" not in html_text  # not escaped twice
    seen = visible(html_text)
    # The reader sees exactly what was written, once: the body already shows the quote.
    assert seen.count(tricky) == 1
    assert "储能 & <电池>" in seen


def test_each_quote_is_shown_once_in_the_body_or_else_in_the_sources():
    # A paraphrase (LLM): the quotes are not in the body, so the sources block shows them.
    html_text = render.render_answer(answer("签约了二十七个项目[1],投资两百多亿[2]。", ["签约27个", "206亿元"]), "zh")[0]
    assert "📰 <b>来源</b>" in html_text
    assert f"<b>[1]</b> 《{TITLE}》 · 储能 &amp; &lt;电池&gt;\n<blockquote expandable>签约27个</blockquote>" in html_text
    assert html_text.index("[1]") < html_text.index("来源")
    # Quoted word for word (extractive): the body shows them; the sources only say where from.
    quoted = render.render_answer(answer("「项目进展顺利」[1]\n「投资增长很快」[2]", ["项目进展顺利", "投资增长很快"]), "zh")[0]
    assert visible(quoted).count("项目进展顺利") == 1 and visible(quoted).count("投资增长很快") == 1
    assert "<blockquote" not in quoted and f"<b>[2]</b> 《{TITLE}》" in quoted


def test_headline_links_to_the_article_and_shows_its_date():
    cited = Citation(1, passage(1).id, "签约27个", TITLE, "", "002.txt", "重庆日报", "2025-10-11",
                     "https://example.org/a?x=1&y=2")
    html_text = render.render_answer(Answer("q", "签约27个[1]", True, "extractive", (cited,)), "zh")[0]
    assert f'<a href="https://example.org/a?x=1&amp;y=2">《{TITLE}》</a> · 2025-10-11' in html_text
    no_url = render.render_answer(Answer("q", "签约27个[1]", True, "extractive", (cited.__class__(
        1, passage(1).id, "签约27个", TITLE, "", "002.txt"),)), "zh")[0]
    assert "<a " not in no_url


def test_a_rewritten_follow_up_is_shown_in_small_print():
    html_text = render.render_answer(answer("「206亿元」[1]", ["206亿元"]), "zh", asked_as="铜梁计划总投资多少?")[0]
    assert html_text.startswith("<i>↪ 理解为：铜梁计划总投资多少?</i>")


def test_not_grounded_answer_looks_different_and_shows_related_passages_unnumbered():
    not_found = Answer("2024年重庆GDP是多少?", "文章中没有提到。", False, "extractive", (), (passage(1), passage(2)))
    html_text = render.render_answer(not_found, "zh")[0]
    assert html_text.startswith("ℹ️ <i>文章中没有提到。</i>")
    assert "相关段落" in html_text and "来源" not in html_text
    assert "[1]" not in html_text
    english = render.render_answer(Answer("GDP?", "", False, "extractive"), "en")[0]
    assert "do not answer" in english


@pytest.mark.parametrize("quote_len", [200, 3000, 9000])
def test_long_answers_split_under_the_limit_at_block_boundaries(quote_len: int):
    long_text = "\n\n".join(f"第{i}段:铜梁签约项目进展顺利 & 投资增长<快>。" * 8 for i in range(40))
    quotes = [("铜梁储能产业链延伸&发展。" * (quote_len // 12))[:quote_len] for _ in range(4)]
    messages = render.render_answer(answer(long_text, quotes), "zh")
    assert len(messages) > 1
    for m in messages:
        assert 0 < tg_len(m) <= MESSAGE_LIMIT
        visible(m)  # every message is well formed on its own: no cut inside a tag or an entity
    # Nothing lost: every paragraph and every quote sentence is still there, in order.
    joined = "".join(visible(m) for m in messages)
    for i in range(40):
        assert f"第{i}段" in joined
    assert joined.index("第0段") < joined.index("第39段") < joined.index("来源")


def test_a_single_huge_block_is_rewrapped_not_cut_inside_tags():
    huge = "铜梁&储能<产业>" * 1500  # no sentence end at all: cut by characters
    messages = render.render_answer(answer("见[1]", [huge]), "zh", limit=1000, most=100)
    quote_parts = [m for m in messages if "<blockquote expandable>" in m]
    assert len(quote_parts) >= 10
    for m in messages:
        assert tg_len(m) <= 1000
        visible(m)
    assert "".join(visible(m) for m in messages).count("铜梁&储能<产业>") == 1500


def test_an_answer_of_one_huge_sentence_is_cut_to_the_message_cap_and_keeps_its_sources():
    huge = "铜梁储能产业链" * 5000 + "。"  # 35,001 characters, one sentence: nine messages uncut
    assert len(render.render_answer(answer(huge + "[1]", ["铜梁签约27个项目。"]), "zh", most=100)) >= 9
    for most in (1, 2, 3):
        messages = render.render_answer(answer(huge + "[1]", ["铜梁签约27个项目。"]), "zh", most=most)
        assert 1 <= len(messages) <= most
        for m in messages:
            assert tg_len(m) <= MESSAGE_LIMIT
            visible(m)  # tags balanced
        shown = "".join(visible(m) for m in messages)
        assert len(shown) < len(huge) and "…\n" in shown  # cut, and marked as cut
        assert "来源" in shown and "铜梁签约27个项目" in shown  # the sources after it stay


def test_many_long_paragraphs_are_cut_off_at_the_cap_with_a_note():
    text = "\n\n".join(f"第{n}段。" + "铜梁储能产业链不断延伸。" * 20 for n in range(300))
    messages = render.render_answer(answer(text, ["铜梁签约27个项目。"]), "zh", most=2)
    assert len(messages) == 2 and all(tg_len(m) <= MESSAGE_LIMIT for m in messages)
    assert visible(messages[-1]).endswith("全文请看来源文章。）")


def test_limit_counts_utf16_units():
    emoji = "📈" * 3000  # 2 UTF-16 units each: 6000 units
    messages = render.render_answer(answer(emoji, []), "zh")
    assert len(messages) == 2 and all(tg_len(m) <= 4096 for m in messages)


def test_passage_view_quotes_the_cited_passage_between_its_neighbours():
    before, cited, after = passage(1, "前一段。"), passage(2, "被引用的<一段>。"), passage(3, "后一段。")
    html_text = render.render_passage_view([before, cited, after], cited.id, "zh")[0]
    assert html_text.index("前一段") < html_text.index("<blockquote>被引用的&lt;一段&gt;。</blockquote>")
    assert html_text.index("</blockquote>") < html_text.index("后一段")
    assert render.render_passage_view([], "gone", "en")[0].startswith("That passage")


def test_brief_says_which_articles_are_new():
    brief = answer("要点[1]", ["签约27个"])
    first = render.render_brief(brief, "铜梁", "zh", None, scheduled=True)[0]
    fresh = render.render_brief(brief, "铜梁", "zh", ["新文章<一>"], scheduled=True)[0]
    none = render.render_brief(brief, "铜梁", "zh", [], scheduled=True)[0]
    on_demand = render.render_brief(brief, "铜梁", "zh")[0]
    assert "第一份简报" in first and "• 《新文章&lt;一&gt;》" in fresh and "没有新文章" in none
    assert "简报：铜梁" in on_demand and "新文章" not in on_demand


def test_sources_list_headlines_and_counts():
    infos = [SourceInfo("002.txt", (TITLE, "另一篇"), 12, "2023-10-13")]
    html_text = render.render_sources(infos, "zh")[0]
    assert "已收录 1 个版面" in html_text and "12 段" in html_text and f"• 《{TITLE}》" in html_text


def test_keyboard_has_one_button_per_citation_and_feedback():
    a = answer("x[1][2]", ["a", "b"])
    rows = answer_keyboard(a, answer_key(a), "zh").inline_keyboard
    data = [b.callback_data for row in rows for b in row]
    assert data[:2] == [ShowPassage(passage(1).id), ShowPassage(passage(2).id)]
    assert data[2:] == [Vote(answer_key(a), 1), Vote(answer_key(a), -1)]


def test_line_breaks_in_the_answer_are_kept_as_written():
    text = "据重庆日报报道：\n「签约27个」[1]\n\n「总投资206亿元」[2]"
    html_text = render.render_answer(answer(text, ["签约27个", "总投资206亿元"]), "zh")[0]
    assert html_text.startswith("据重庆日报报道：\n「签约27个」[1]\n\n「总投资206亿元」[2]\n\n📰 <b>来源</b>\n")


def test_the_command_line_prints_each_quote_once_too(index_settings, monkeypatch, capsys):
    from bot.cli import main

    monkeypatch.setenv("CQNEWS_DATA_DIR", str(index_settings.data_dir))
    monkeypatch.setenv("CQNEWS_SEEDS_DIR", str(index_settings.seeds_dir))
    assert main(["ask", "铜梁签约了多少项目?"]) == 0
    out = capsys.readouterr().out
    assert "27" in out and "[1] 《铜梁签约27个项目 计划总投资206亿元》" in out
    assert out.count("集中签约27个招商引资项目") == 1


def test_an_alert_is_cut_to_telegrams_limit_with_an_ellipsis():
    assert alert_text("短") == "短"
    cut = alert_text("段" * 500)
    assert len(cut) == 200 and cut.endswith("段…")  # Telegram's answerCallbackQuery text: 0-200 characters
    assert alert_text("段" * 200) == "段" * 200
