"""Chinese tokens: one jieba tokenizer, knowing the gazetteer's names, that every stage uses."""

from __future__ import annotations

import logging
import re
from functools import lru_cache

import jieba

from retrieval.lexicon.gazetteer import dictionary_words
from retrieval.text.normalise import normalise

_WORD = re.compile(r"[\w\u4e00-\u9fff]", re.UNICODE)

# Words too common in this corpus (and in questions about it) to say anything.
STOPWORDS = frozenset(
    """的 了 和 与 及 在 是 有 为 将 等 对 也 就 都 而 并 其 之 以 于 把 被 让 由 从 向 到 这 那 这些 那些
    我们 他们 一个 一些 什么 多少 哪些 哪个 哪里 如何 怎么 怎样 是否 为什么 吗 呢 吧 啊 了吗 请问 请 告诉
    今年 目前 已经 进行 通过 相关 方面 重庆 我市 全市 重庆市
    the a an of to in on for and or is are was were be been by with at as from what which who whom how
    many much when where why did does do has have had it its this that these those about into than
    there their they tell me please""".split()
)


@lru_cache(maxsize=1)
def tokenizer() -> jieba.Tokenizer:
    """A private jieba instance that keeps place and project names whole."""
    jieba.setLogLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    tok.initialize()
    for word in dictionary_words():
        tok.add_word(word, freq=2_000_000)
    return tok


def tokens(text: str) -> list[str]:
    """Search tokens: jieba words (plus their sub-words), lower-cased, stopwords dropped."""
    out = []
    for tok in tokenizer().cut_for_search(normalise(text).lower()):
        tok = tok.strip()
        if tok and tok not in STOPWORDS and _WORD.search(tok):
            out.append(tok)
    return out


def joins_a_word(left: str, right: str) -> bool:
    """True when jieba reads a word across the join of `left` and `right` (a line broken mid-word)."""
    head, tail = left[-4:], right[:4]
    if not head or not tail:
        return False
    pos = 0
    for word in tokenizer().lcut(head + tail, HMM=False):
        end = pos + len(word)
        if pos < len(head) < end and len(word) > 1:
            return True
        pos = end
    return False


@lru_cache(maxsize=1)
def _tagger():
    import jieba.posseg

    return jieba.posseg.POSTokenizer(tokenizer())


@lru_cache(maxsize=4096)
def tagged(text: str) -> tuple[tuple[str, str], ...]:
    """(word, part-of-speech flag) pairs of a Chinese text."""
    return tuple((pair.word, pair.flag) for pair in _tagger().cut(text))
