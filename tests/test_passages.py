"""Long paragraphs cut into passages at sentence ends; amounts and dates said in English."""

from __future__ import annotations

from retrieval.answer.english import DATE, QUANTITY, date, quantity
from retrieval.corpus.articles import parse_page, to_passages
from retrieval.corpus.passages import MAX_PASSAGE_CHARS, split_paragraph
from retrieval.text.sentences import split_sentences

from .conftest import SEEDS


def _news(sentences: int) -> str:
    body = "".join(f"第{i}句说的是重庆第{i}个项目今年投资{i}亿元，比去年增长了不少，也带动了就业。" for i in range(sentences))
    return f"---\ndate: 2023-08-16\n---\n{body}\n"


def test_sentences_are_never_cut_inside_quotes_and_lose_nothing():
    text = "他说：“今年增长6%。明年更多！”随后离开。标题是「甲。乙」。最后一句没有句号"
    parts = split_sentences(text)
    assert parts == ["他说：“今年增长6%。明年更多！”随后离开。", "标题是「甲。乙」。", "最后一句没有句号"]
    assert "".join(parts) == text


def test_a_long_paragraph_becomes_passages_of_whole_sentences_in_order():
    (article,) = parse_page(_news(40), "doc_1.md")
    passages = to_passages([article])
    assert len(passages) > 1
    assert all(len(p.text) <= MAX_PASSAGE_CHARS for p in passages)
    assert all(p.text.endswith("。") for p in passages)
    assert [p.position for p in passages] == list(range(len(passages)))
    assert "".join(p.text for p in passages) == article.paragraphs[0].text  # verbatim, nothing dropped
    assert {p.date for p in passages} == {"2023-08-16"} and {p.publication for p in passages} == {""}


def test_a_quote_left_open_does_not_swallow_the_rest_of_the_paragraph():
    text = "他说：“今年增长6%。明年更多！随后离开。" + "这是一个普通的句子，讲的是别的事情。" * 60
    passages = split_paragraph(text)
    assert len(passages) >= 3 and "".join(passages) == text
    # Only the sentence the stray quote ran across may pass the limit.
    assert all(len(p) <= MAX_PASSAGE_CHARS for p in passages[1:])


def test_one_sentence_longer_than_the_limit_stays_whole():
    sentence = "没有句号的长句" * 80
    assert split_paragraph(sentence) == [sentence]


def test_short_seed_paragraphs_are_unchanged():
    for path in sorted(SEEDS.glob("*.txt")):
        articles = parse_page(path.read_text(encoding="utf-8"), path.name)
        paragraphs = [p.text for a in articles for p in a.paragraphs if len(p.text) <= MAX_PASSAGE_CHARS]
        texts = {p.text for p in to_passages(articles)}
        assert all(" ".join(p.split()) in texts for p in paragraphs if len(p.strip()) >= 4)


def test_amounts_counts_and_dates_in_english():
    def said(text, noun=""):
        return quantity(QUANTITY.search(text), noun)

    assert said("计划总投资206亿元") == "20.6 billion yuan"
    assert said("累计投入3000万元") == "30 million yuan"
    assert said("贸易额达2700余万元") == "over 27 million yuan"
    assert said("签约27个项目", "projects") == "27 projects"
    assert said("增长15.3%") == "15.3%"
    assert date(DATE.search("2023年10月12日,铜梁")) == "12 October 2023"
    assert date(DATE.search("8 月 29 日发布")) == "29 August"
