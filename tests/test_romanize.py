"""Tests for acupress._romanize (pinyin -> Wade-Giles)."""

from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from acupress._resolve.romanize import (
    PINYIN_TO_WADE_GILES,
    split_syllables,
    strip_tones,
    wade_giles,
    wade_giles_keys,
)

SYLLABLES = sorted(PINYIN_TO_WADE_GILES)


def _normalise(text: str) -> str:
    """Normalise user text the way the resolver does."""
    for sep in (" ", "-", "'", "\u2019"):
        text = text.replace(sep, "")
    return text.lower()


def _all_segmentations(text: str) -> list[tuple[str, ...]]:
    """Every way to split text into table syllables (brute force)."""
    if not text:
        return [()]
    found: list[tuple[str, ...]] = []
    for end in range(1, min(len(text), 6) + 1):
        head = text[:end]
        if head in PINYIN_TO_WADE_GILES:
            found.extend((head, *rest) for rest in _all_segmentations(text[end:]))
    return found


# --- table ------------------------------------------------------------------


def test_table_size_and_shape() -> None:
    assert 400 <= len(PINYIN_TO_WADE_GILES) <= 420
    for pinyin, wg in PINYIN_TO_WADE_GILES.items():
        assert pinyin
        assert pinyin == pinyin.lower()
        assert set(pinyin) <= set("abcdefghijklmnopqrstuwxyzü")
        assert wg
        assert set(wg) <= set("abcdefghijklmnopqrstuwyzü'")


@pytest.mark.parametrize("syllable", SYLLABLES)
def test_every_syllable_round_trips(syllable: str) -> None:
    assert split_syllables(syllable) == (syllable,)
    assert wade_giles(syllable) == (PINYIN_TO_WADE_GILES[syllable],)


# --- strip_tones --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("zú sān lǐ", "zu san li"),
        ("Hégǔ", "hegu"),
        ("āáǎà ēéěè īíǐì ōóǒò ūúǔù ǖǘǚǜ ü", "aaaa eeee iiii oooo uuuu üüüü ü"),
        ("ǕǗǙǛ", "üüüü"),
        ("lv", "lü"),
        ("nu:e", "nüe"),
        ("Lü4", "lü4"),
        ("u\u0304", "u"),  # decomposed macron
        ("u\u0308\u030c", "ü"),  # decomposed ü with caron
    ],
)
def test_strip_tones(text: str, expected: str) -> None:
    assert strip_tones(text) == expected


# --- split_syllables ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("zusanli", ("zu", "san", "li")),
        ("Zhongfu", ("zhong", "fu")),
        ("Shangyingxiang", ("shang", "ying", "xiang")),
        ("xian", ("xian",)),
        ("Xi'an", ("xi", "an")),
        ("Xi\u2019an", ("xi", "an")),
        ("Tianjing", ("tian", "jing")),
        ("fangan", ("fan", "gan")),
        ("fang'an", ("fang", "an")),
        ("Zu San Li", ("zu", "san", "li")),
        ("zu-san-li", ("zu", "san", "li")),
        ("zú sān lǐ", ("zu", "san", "li")),
        ("Sanyinjiao", ("san", "yin", "jiao")),
        ("Huantiao", ("huan", "tiao")),
        ("Neiguan", ("nei", "guan")),
        ("lüe", ("lüe",)),
        ("lve", ("lüe",)),
        ("qü", ("qu",)),
        ("er", ("er",)),
    ],
)
def test_split_syllables(text: str, expected: tuple[str, ...]) -> None:
    assert split_syllables(text) == expected


UNSPLITTABLE = ["", "   ", "-'-", "abc", "hello!", "zusanlix", "ST36"]


@pytest.mark.parametrize("text", UNSPLITTABLE)
def test_split_syllables_none(text: str) -> None:
    assert split_syllables(text) is None


# --- wade_giles ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("pinyin", "expected"),
    [
        ("zú sān lǐ", ("tsu", "san", "li")),
        ("Zusanli", ("tsu", "san", "li")),
        ("hegu", ("ho", "ku")),
        ("zhongzhu", ("chung", "chu")),
        ("qihai", ("ch'i", "hai")),
        ("xuehai", ("hsüeh", "hai")),
        ("renzhong", ("jen", "chung")),
        ("cuanzhu", ("ts'uan", "chu")),
        ("si", ("ssu",)),
        ("zi", ("tzu",)),
        ("ci", ("tz'u",)),
        ("shi", ("shih",)),
        ("zhi", ("chih",)),
        ("chi", ("ch'ih",)),
        ("ri", ("jih",)),
        ("e", ("o",)),
        ("he", ("ho",)),
        ("ge", ("ko",)),
        ("ke", ("k'o",)),
        ("de", ("te",)),
        ("zhe", ("che",)),
        ("er", ("erh",)),
        ("you", ("yu",)),
        ("yu", ("yü",)),
        ("yi", ("i",)),
        ("lü", ("lü",)),
        ("nü", ("nü",)),
        ("xu", ("hsü",)),
        ("qu", ("ch'ü",)),
        ("ju", ("chü",)),
        ("yuan", ("yüan",)),
        ("yue", ("yüeh",)),
        ("xun", ("hsün",)),
        ("tong", ("t'ung",)),
        ("xiong", ("hsiung",)),
        ("tian", ("t'ien",)),
        ("yan", ("yen",)),
        ("jie", ("chieh",)),
        ("ye", ("yeh",)),
        ("guo", ("kuo",)),
        ("duo", ("to",)),
        ("zuo", ("tso",)),
        ("luo", ("lo",)),
        ("zhuo", ("cho",)),
        ("huo", ("huo",)),
        ("shuo", ("shuo",)),
        ("gui", ("kuei",)),
        ("kui", ("k'uei",)),
        ("hui", ("hui",)),
        ("dui", ("tui",)),
        ("ru", ("ju",)),
        ("bai", ("pai",)),
        ("pi", ("p'i",)),
    ],
)
def test_wade_giles_examples(pinyin: str, expected: tuple[str, ...]) -> None:
    assert wade_giles(pinyin) == expected


BOOK_SPELLINGS = [
    ("Hegu", "Hoku"),
    ("Zusanli", "Tsu San Li"),
    ("Neiguan", "Nei Kuan"),
    ("Taichong", "T'ai Ch'ung"),
    ("Yongquan", "Yung Ch'üan"),
    ("Shenmen", "Shen Men"),
    ("Fengchi", "Feng Ch'ih"),
    ("Baihui", "Pai Hui"),
    ("Sanyinjiao", "San Yin Chiao"),
    ("Quchi", "Ch'ü Ch'ih"),
    ("Jianjing", "Chien Ching"),
    ("Weizhong", "Wei Chung"),
    ("Huantiao", "Huan T'iao"),
    ("Yintang", "Yin T'ang"),
    ("Shenshu", "Shen Shu"),
    ("Zhishi", "Chih Shih"),
    ("Qihai", "Ch'i Hai"),
    ("Tianshu", "T'ien Shu"),
    ("Renzhong", "Jen Chung"),
    ("Xuehai", "Hsüeh Hai"),
]


@pytest.mark.parametrize(("pinyin", "book"), BOOK_SPELLINGS)
def test_book_spellings(pinyin: str, book: str) -> None:
    syllables = wade_giles(pinyin)
    if " " in book:
        assert " ".join(syllables) == book.lower()
    assert "".join(syllables) == book.lower().replace(" ", "")
    assert _normalise(book) in wade_giles_keys(pinyin)


@pytest.mark.parametrize("pinyin", ["", "xyz!!", "ST36", "12345", "zusanli?", "Ω"])
def test_wade_giles_garbage(pinyin: str) -> None:
    assert wade_giles(pinyin) == ()
    assert wade_giles_keys(pinyin) == frozenset()


# --- wade_giles_keys ----------------------------------------------------------


@pytest.mark.parametrize(
    ("pinyin", "expected"),
    [
        ("hegu", {"hoku"}),
        ("zusanli", {"tsusanli"}),
        ("xuehai", {"hsüehhai", "hsuehhai"}),
        ("quchi", {"chüchih", "chuchih"}),
        ("taichong", {"taichung"}),
    ],
)
def test_wade_giles_keys(pinyin: str, expected: set[str]) -> None:
    assert wade_giles_keys(pinyin) == frozenset(expected)


@pytest.mark.parametrize("user_text", ["Ho Ku", "Ho-ku", "Hoku", "HO KU", "ho-Ku"])
def test_keys_match_user_spellings(user_text: str) -> None:
    assert _normalise(user_text) in wade_giles_keys("Hegu")


def test_keys_match_tsu_san_li() -> None:
    assert _normalise("Tsu San Li") in wade_giles_keys("zú sān lǐ")


# --- properties ---------------------------------------------------------------

syllable_lists = st.lists(st.sampled_from(SYLLABLES), min_size=1, max_size=4)


@given(syllable_lists)
def test_split_reproduces_concatenation(parts: list[str]) -> None:
    text = "".join(parts)
    result = split_syllables(text)
    assert result is not None
    assert "".join(result) == text
    assert all(s in PINYIN_TO_WADE_GILES for s in result)
    assert len(result) <= len(parts)
    if len(_all_segmentations(text)) == 1:
        assert result == tuple(parts)


@given(syllable_lists)
def test_hard_boundaries_are_respected(parts: list[str]) -> None:
    assert split_syllables("'".join(parts)) == tuple(parts)
    assert split_syllables(" ".join(parts).title()) == tuple(parts)


@given(syllable_lists)
def test_split_is_optimal(parts: list[str]) -> None:
    text = "".join(parts)
    result = split_syllables(text)
    assert result is not None
    assert len(result) == min(len(seg) for seg in _all_segmentations(text))


@given(st.text())
def test_wade_giles_never_raises(text: str) -> None:
    result = wade_giles(text)
    assert isinstance(result, tuple)
    values = set(PINYIN_TO_WADE_GILES.values())
    assert all(s in values for s in result)
    keys = wade_giles_keys(text)
    assert bool(keys) == bool(result)
