"""Parsing pages into articles and repaired, labelled paragraphs."""

from __future__ import annotations

import json

import pytest

from retrieval.corpus.articles import collect_files, parse_page, read_passages
from retrieval.lexicon.gazetteer import districts_in, resolve_district
from retrieval.lexicon.translation import expand_english

from .conftest import QUESTIONS, SEEDS


@pytest.fixture(scope="module")
def passages():
    return [p for f in sorted(SEEDS.glob("*.txt")) for p in read_passages(f)]


def test_broken_paragraph_is_rejoined_across_columns(passages):
    # "我市还将建立完善股权投资基金支持体" / "系,健全完善…" are one sentence split over two lines.
    joined = [p for p in passages if "股权投资基金支持体系,健全完善" in p.text]
    assert len(joined) == 1
    assert not any(p.text.endswith("支持体") for p in passages)


def test_paragraph_broken_around_a_photo_keeps_caption_apart(passages):
    text = next(p.text for p in passages if p.text.startswith("“大城市带动大农村,就是要"))
    assert "在推进巩固拓展脱贫攻坚成果同乡村振兴有效衔接" in text
    assert "海拔1260米" not in text
    caption = next(p for p in passages if "海拔1260米" in p.text)
    assert caption.kind == "caption"


def test_headlines_and_subheads_are_metadata_not_passages(passages):
    tongliang = next(p for p in passages if "铜梁集中签约27个招商引资项目" in p.text)
    assert tongliang.title == "铜梁签约27个项目 计划总投资206亿元"
    assert tongliang.source == "002_2d698e00e8e37bcc.txt"
    assert not any(p.text == "铜梁签约27个项目" for p in passages)
    sub = next(p for p in passages if p.text.startswith("渝北区则着力打造"))
    assert sub.section == "深化区县对口协同发展"
    assert "渝北区" in sub.districts and "云阳县" in sub.districts


def test_bylines_and_credits_are_dropped(passages):
    assert not any(p.text.startswith("□") for p in passages)
    assert not any("摄/视觉重庆" in p.text for p in passages)
    assert not any(p.text == "吴志杰 王彩艳 陈佳佳" for p in passages)


def test_markdown_headings_start_articles():
    page = "# 总标题\n\n导语一句。\n\n## 第一篇\n\n正文一。\n\n### 小标题\n\n正文二。\n"
    articles = parse_page(page, "x.md")
    assert [a.title for a in articles] == ["总标题", "第一篇"]
    assert articles[1].paragraphs[1].section == "小标题"


def test_front_matter_sets_title_date_publication_url():
    page = "---\ntitle: 测试稿\ndate: 2024-05-01\nsource: 重庆日报\nurl: https://example.org/a\n---\n正文第一段。\n"
    (article,) = parse_page(page, "f.md")
    # `source:` names the publication; the article's source stays the file it came from.
    assert (article.title, article.date, article.source, article.publication, article.url) == (
        "测试稿", "2024-05-01", "f.md", "重庆日报", "https://example.org/a",
    )


def test_ids_are_stable_and_content_based(passages, tmp_path):
    again = [p for f in sorted(SEEDS.glob("*.txt")) for p in read_passages(f)]
    assert [p.id for p in again] == [p.id for p in passages]
    assert len({p.id for p in passages}) == len(passages)


def test_every_gold_string_lands_in_exactly_one_passage(passages):
    for line in QUESTIONS.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        for gold in row["gold"]:
            assert sum(gold in p.text for p in passages) == 1, (row["id"], gold)


def test_collect_files_rejects_other_types(tmp_path):
    (tmp_path / "a.txt").write_text("正文。", encoding="utf-8")
    (tmp_path / "b.pdf").write_bytes(b"%PDF")
    assert [p.name for p in collect_files([tmp_path])] == ["a.txt"]
    with pytest.raises(ValueError, match="only .txt, .md and .html"):
        collect_files([tmp_path / "b.pdf"])
    with pytest.raises(ValueError, match="no such file"):
        collect_files([tmp_path / "missing.txt"])


def test_gazetteer_is_bilingual():
    assert districts_in("铜梁集中签约,渝北与云阳共建") == ("铜梁区", "渝北区", "云阳县")
    assert resolve_district("Tongliang") == resolve_district("铜梁") == "铜梁区"
    expansion = expand_english("How many projects did Tongliang sign? What about BYD's battery base?")
    assert {"铜梁", "项目", "签约", "比亚迪"} <= set(expansion.terms)
    assert expansion.districts == ("铜梁区",)


def test_banner_of_two_headlines_gives_each_story_its_own(passages):
    manufacturing = next(p for p in passages if p.text.startswith("蓝庆华说,企业是市场的主体"))
    assert manufacturing.title == "推动制造业高质量发展 重点突出“六个聚焦”"
    jobs = next(p for p in passages if "三攻坚一试点”指的是" in p.text)
    assert jobs.title == "重庆将开展“三攻坚一试点” 助力脱贫人口高质量就业"
    assert jobs.section == ""
