"""Hanyu pinyin -> Wade-Giles romanisation of acupoint names.

Many English acupressure books predate pinyin and spell point names in
Wade-Giles ("Hoku" for Hegu, "Tsu San Li" for Zusanli).  This module derives
those spellings syllable by syllable from a complete table of the ~410 standard
Mandarin syllables, so any pinyin point name can be converted, not just a
hand-picked list.

Conventions (the spellings most acupressure books use):

* Diacritics other than the umlaut are dropped: the circumflex of strict
  Wade-Giles (``ên``, ``êng``, ``chê``) and the breve of ``ssŭ``/``tzŭ`` are
  not written, so ``ren`` -> ``jen``, ``feng`` -> ``feng``, ``si`` -> ``ssu``.
* Pinyin ``e`` after g/k/h is ``o`` (``he`` -> ``ho``, ``ge`` -> ``ko``,
  ``ke`` -> ``k'o``), and the bare syllable ``e`` is ``o``; after other
  initials it stays ``e`` (``de`` -> ``te``, ``zhe`` -> ``che``).
* Pinyin ``uo`` is ``o`` except after g/k/h/sh (``duo`` -> ``to``, ``zuo`` ->
  ``tso``, ``guo`` -> ``kuo``, ``huo`` -> ``huo``, ``shuo`` -> ``shuo``).
* ``gui``/``kui`` are ``kuei``/``k'uei``; other ``ui`` stay ``ui``.
* Aspiration is written with an ASCII apostrophe (``ch'i``); search keys drop
  it.  The interjection syllables ê, m, n, ng, hm and hng are not included.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

__all__ = [
    "PINYIN_TO_WADE_GILES",
    "split_syllables",
    "strip_tones",
    "wade_giles",
    "wade_giles_keys",
]

# Grouped by initial, in the usual pinyin-chart order.
# fmt: off
_TABLE: Final[dict[str, str]] = {
    # zero initial
    "a": "a", "o": "o", "e": "o", "ai": "ai", "ei": "ei", "ao": "ao", "ou": "ou",
    "an": "an", "en": "en", "ang": "ang", "eng": "eng", "er": "erh", "yi": "i",
    "ya": "ya", "yo": "yo", "ye": "yeh", "yao": "yao", "you": "yu", "yan": "yen",
    "yin": "yin", "yang": "yang", "ying": "ying", "yong": "yung", "wu": "wu",
    "wa": "wa", "wo": "wo", "wai": "wai", "wei": "wei", "wan": "wan", "wen": "wen",
    "wang": "wang", "weng": "weng", "yu": "yü", "yue": "yüeh", "yuan": "yüan",
    "yun": "yün",
    # b
    "ba": "pa", "bo": "po", "bai": "pai", "bei": "pei", "bao": "pao", "ban": "pan",
    "ben": "pen", "bang": "pang", "beng": "peng", "bi": "pi", "biao": "piao",
    "bie": "pieh", "bian": "pien", "bin": "pin", "bing": "ping", "bu": "pu",
    # p
    "pa": "p'a", "po": "p'o", "pai": "p'ai", "pei": "p'ei", "pao": "p'ao",
    "pou": "p'ou", "pan": "p'an", "pen": "p'en", "pang": "p'ang", "peng": "p'eng",
    "pi": "p'i", "piao": "p'iao", "pie": "p'ieh", "pian": "p'ien", "pin": "p'in",
    "ping": "p'ing", "pu": "p'u",
    # m
    "ma": "ma", "mo": "mo", "me": "me", "mai": "mai", "mei": "mei", "mao": "mao",
    "mou": "mou", "man": "man", "men": "men", "mang": "mang", "meng": "meng",
    "mi": "mi", "miao": "miao", "mie": "mieh", "miu": "miu", "mian": "mien",
    "min": "min", "ming": "ming", "mu": "mu",
    # f
    "fa": "fa", "fo": "fo", "fei": "fei", "fou": "fou", "fan": "fan", "fen": "fen",
    "fang": "fang", "feng": "feng", "fu": "fu",
    # d
    "da": "ta", "de": "te", "dai": "tai", "dei": "tei", "dao": "tao", "dou": "tou",
    "dan": "tan", "den": "ten", "dang": "tang", "deng": "teng", "dong": "tung",
    "di": "ti", "dia": "tia", "diao": "tiao", "die": "tieh", "diu": "tiu",
    "dian": "tien", "ding": "ting", "du": "tu", "duo": "to", "dui": "tui",
    "duan": "tuan", "dun": "tun",
    # t
    "ta": "t'a", "te": "t'e", "tai": "t'ai", "tao": "t'ao", "tou": "t'ou",
    "tan": "t'an", "tang": "t'ang", "teng": "t'eng", "tong": "t'ung", "ti": "t'i",
    "tiao": "t'iao", "tie": "t'ieh", "tian": "t'ien", "ting": "t'ing", "tu": "t'u",
    "tuo": "t'o", "tui": "t'ui", "tuan": "t'uan", "tun": "t'un",
    # n
    "na": "na", "ne": "ne", "nai": "nai", "nei": "nei", "nao": "nao", "nou": "nou",
    "nan": "nan", "nen": "nen", "nang": "nang", "neng": "neng", "nong": "nung",
    "ni": "ni", "niao": "niao", "nie": "nieh", "niu": "niu", "nian": "nien",
    "nin": "nin", "niang": "niang", "ning": "ning", "nu": "nu", "nuo": "no",
    "nuan": "nuan", "nü": "nü", "nüe": "nüeh",
    # l
    "la": "la", "lo": "lo", "le": "le", "lai": "lai", "lei": "lei", "lao": "lao",
    "lou": "lou", "lan": "lan", "lang": "lang", "leng": "leng", "long": "lung",
    "li": "li", "lia": "lia", "liao": "liao", "lie": "lieh", "liu": "liu",
    "lian": "lien", "lin": "lin", "liang": "liang", "ling": "ling", "lu": "lu",
    "luo": "lo", "luan": "luan", "lun": "lun", "lü": "lü", "lüe": "lüeh",
    # g
    "ga": "ka", "ge": "ko", "gai": "kai", "gei": "kei", "gao": "kao", "gou": "kou",
    "gan": "kan", "gen": "ken", "gang": "kang", "geng": "keng", "gong": "kung",
    "gu": "ku", "gua": "kua", "guo": "kuo", "guai": "kuai", "gui": "kuei",
    "guan": "kuan", "gun": "kun", "guang": "kuang",
    # k
    "ka": "k'a", "ke": "k'o", "kai": "k'ai", "kei": "k'ei", "kao": "k'ao",
    "kou": "k'ou", "kan": "k'an", "ken": "k'en", "kang": "k'ang", "keng": "k'eng",
    "kong": "k'ung", "ku": "k'u", "kua": "k'ua", "kuo": "k'uo", "kuai": "k'uai",
    "kui": "k'uei", "kuan": "k'uan", "kun": "k'un", "kuang": "k'uang",
    # h
    "ha": "ha", "he": "ho", "hai": "hai", "hei": "hei", "hao": "hao", "hou": "hou",
    "han": "han", "hen": "hen", "hang": "hang", "heng": "heng", "hong": "hung",
    "hu": "hu", "hua": "hua", "huo": "huo", "huai": "huai", "hui": "hui",
    "huan": "huan", "hun": "hun", "huang": "huang",
    # j
    "ji": "chi", "jia": "chia", "jiao": "chiao", "jie": "chieh", "jiu": "chiu",
    "jian": "chien", "jin": "chin", "jiang": "chiang", "jing": "ching",
    "jiong": "chiung", "ju": "chü", "jue": "chüeh", "juan": "chüan", "jun": "chün",
    # q
    "qi": "ch'i", "qia": "ch'ia", "qiao": "ch'iao", "qie": "ch'ieh", "qiu": "ch'iu",
    "qian": "ch'ien", "qin": "ch'in", "qiang": "ch'iang", "qing": "ch'ing",
    "qiong": "ch'iung", "qu": "ch'ü", "que": "ch'üeh", "quan": "ch'üan",
    "qun": "ch'ün",
    # x
    "xi": "hsi", "xia": "hsia", "xiao": "hsiao", "xie": "hsieh", "xiu": "hsiu",
    "xian": "hsien", "xin": "hsin", "xiang": "hsiang", "xing": "hsing",
    "xiong": "hsiung", "xu": "hsü", "xue": "hsüeh", "xuan": "hsüan", "xun": "hsün",
    # zh
    "zha": "cha", "zhe": "che", "zhai": "chai", "zhei": "chei", "zhao": "chao",
    "zhou": "chou", "zhan": "chan", "zhen": "chen", "zhang": "chang", "zheng": "cheng",
    "zhong": "chung", "zhi": "chih", "zhu": "chu", "zhua": "chua", "zhuo": "cho",
    "zhuai": "chuai", "zhui": "chui", "zhuan": "chuan", "zhun": "chun",
    "zhuang": "chuang",
    # ch
    "cha": "ch'a", "che": "ch'e", "chai": "ch'ai", "chao": "ch'ao", "chou": "ch'ou",
    "chan": "ch'an", "chen": "ch'en", "chang": "ch'ang", "cheng": "ch'eng",
    "chong": "ch'ung", "chi": "ch'ih", "chu": "ch'u", "chua": "ch'ua", "chuo": "ch'o",
    "chuai": "ch'uai", "chui": "ch'ui", "chuan": "ch'uan", "chun": "ch'un",
    "chuang": "ch'uang",
    # sh
    "sha": "sha", "she": "she", "shai": "shai", "shei": "shei", "shao": "shao",
    "shou": "shou", "shan": "shan", "shen": "shen", "shang": "shang", "sheng": "sheng",
    "shi": "shih", "shu": "shu", "shua": "shua", "shuo": "shuo", "shuai": "shuai",
    "shui": "shui", "shuan": "shuan", "shun": "shun", "shuang": "shuang",
    # r
    "re": "je", "rao": "jao", "rou": "jou", "ran": "jan", "ren": "jen", "rang": "jang",
    "reng": "jeng", "rong": "jung", "ri": "jih", "ru": "ju", "ruo": "jo", "rui": "jui",
    "ruan": "juan", "run": "jun",
    # z
    "za": "tsa", "ze": "tse", "zai": "tsai", "zei": "tsei", "zao": "tsao",
    "zou": "tsou", "zan": "tsan", "zen": "tsen", "zang": "tsang", "zeng": "tseng",
    "zong": "tsung", "zi": "tzu", "zu": "tsu", "zuo": "tso", "zui": "tsui",
    "zuan": "tsuan", "zun": "tsun",
    # c
    "ca": "ts'a", "ce": "ts'e", "cai": "ts'ai", "cao": "ts'ao", "cou": "ts'ou",
    "can": "ts'an", "cen": "ts'en", "cang": "ts'ang", "ceng": "ts'eng",
    "cong": "ts'ung", "ci": "tz'u", "cu": "ts'u", "cuo": "ts'o", "cui": "ts'ui",
    "cuan": "ts'uan", "cun": "ts'un",
    # s
    "sa": "sa", "se": "se", "sai": "sai", "sao": "sao", "sou": "sou", "san": "san",
    "sen": "sen", "sang": "sang", "seng": "seng", "song": "sung", "si": "ssu",
    "su": "su", "suo": "so", "sui": "sui", "suan": "suan", "sun": "sun",
}
# fmt: on

PINYIN_TO_WADE_GILES: Final[Mapping[str, str]] = MappingProxyType(_TABLE)
"""Read-only view of the pinyin syllable -> Wade-Giles syllable table."""

_MAX_SYLLABLE_LEN: Final[int] = max(len(s) for s in _TABLE)

# Combining tone marks: grave, acute, macron, caron.  The diaeresis (U+0308)
# of ü is kept.
_TONE_MARKS: Final[frozenset[str]] = frozenset("\u0300\u0301\u0304\u030c")

_BOUNDARY_RE: Final[re.Pattern[str]] = re.compile(r"[\s\-'\u2018\u2019\u02bc]+")

# After j/q/x/y pinyin writes ü as plain u; accept the explicit form too.
_REDUNDANT_UMLAUT_RE: Final[re.Pattern[str]] = re.compile(r"([jqxy])ü")

_VOWELS: Final[frozenset[str]] = frozenset("aeo")

# Cost of a segmentation: (syllable count, vowel-initial syllable count,
# negated syllable lengths from left to right).  Lower is better; the last
# component makes ties deterministic by preferring longer leading syllables.
_Cost = tuple[int, int, tuple[int, ...]]


def strip_tones(text: str) -> str:
    """Lower-case pinyin, drop tone marks and write "v" and "u:" as ü."""
    decomposed = unicodedata.normalize("NFD", text.lower())
    kept = "".join(ch for ch in decomposed if ch not in _TONE_MARKS)
    plain = unicodedata.normalize("NFC", kept)
    return plain.replace("u:", "ü").replace("v", "ü")


def _split_chunk(chunk: str) -> tuple[str, ...] | None:
    """Best segmentation of one boundary-free chunk, or None."""
    n = len(chunk)
    # best[i] is the best (cost, syllables) for chunk[i:]; filled right to left.
    best: list[tuple[_Cost, tuple[str, ...]] | None] = [None] * (n + 1)
    best[n] = ((0, 0, ()), ())
    for i in range(n - 1, -1, -1):
        candidate: tuple[_Cost, tuple[str, ...]] | None = None
        for j in range(i + 1, min(n, i + _MAX_SYLLABLE_LEN) + 1):
            syllable = chunk[i:j]
            rest = best[j]
            if rest is None or syllable not in _TABLE:
                continue
            (count, vowels, lengths), tail = rest
            cost: _Cost = (
                count + 1,
                vowels + (syllable[0] in _VOWELS),
                (i - j, *lengths),
            )
            if candidate is None or cost < candidate[0]:
                candidate = (cost, (syllable, *tail))
        best[i] = candidate
    head = best[0]
    return None if head is None else head[1]


def split_syllables(pinyin: str) -> tuple[str, ...] | None:
    """Split toneless pinyin into table syllables, or None if impossible."""
    text = _REDUNDANT_UMLAUT_RE.sub(r"\1u", strip_tones(pinyin))
    syllables: list[str] = []
    for chunk in _BOUNDARY_RE.split(text):
        if not chunk:
            continue
        part = _split_chunk(chunk)
        if part is None:
            return None
        syllables.extend(part)
    return tuple(syllables) if syllables else None


@functools.lru_cache(maxsize=4096)  # a pure function of its text, asked twice per name
def wade_giles(pinyin: str) -> tuple[str, ...]:
    """Wade-Giles syllables for a pinyin word or phrase; () if unsplittable."""
    syllables = split_syllables(pinyin)
    if syllables is None:
        return ()
    return tuple(_TABLE[s] for s in syllables)


def wade_giles_keys(pinyin: str) -> frozenset[str]:
    """Joined, apostrophe-free Wade-Giles search keys (with and without ü)."""
    syllables = wade_giles(pinyin)
    if not syllables:
        return frozenset()
    joined = "".join(syllables).replace("'", "")
    return frozenset({joined, joined.replace("ü", "u")})
