"""The fast reader for the YAML layout cassette writers use answers what libyaml answers, or declines.

The oracle is PyYAML's own C safe loader, read directly: for every text the fast reader accepts, the
data must be equal (same types: ``1`` is not ``"1"``, ``true`` is not ``"true"``).  Anything else
(``_DECLINED``) goes to libyaml, so a decline is never wrong, only slower; the toolkit's own cassettes
must not decline, or the fast path would be dead.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from toolkit.recording.cassette_file import _DECLINED, _read_layout, parse_cassette_text
from toolkit.recording.persist import dump_cassette

ROOT = Path(__file__).resolve().parent.parent
OWN_CASSETTES = sorted(
    [*ROOT.glob("cassettes/**/*.yaml"), *ROOT.glob("examples/*/cassettes/**/*.yaml")], key=str
)
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def libyaml(text: str) -> object:
    return yaml.load(text, Loader=LOADER)  # LOADER is a safe loader


def test_the_projects_own_cassettes_are_read_fast_and_as_libyaml_reads_them():
    assert len(OWN_CASSETTES) >= 5
    for path in OWN_CASSETTES:
        text = path.read_text(encoding="utf-8")
        fast = _read_layout(text)
        assert fast is not _DECLINED, f"{path} fell back to libyaml"
        assert fast == libyaml(text), path


def test_scalars_are_typed_as_yaml_types_them():
    text = (
        "a: 1\nb: '1'\nc: -7\nd: true\ne: 'true'\nf: null\ng: ~\nh: No\ni: http://x.invalid:8080/a?b=c\n"
        "j: Basic <SCRUBBED>\nk: gzip, deflate\nl:\nm: {}\nn: []\no: 'it''s'\n'p q': |-\n  x\n\n  y\n"
        "r:\n- |\n  z\n- s\n"
    )
    assert _read_layout(text) == libyaml(text) == {
        "a": 1, "b": "1", "c": -7, "d": True, "e": "true", "f": None, "g": None, "h": False,
        "i": "http://x.invalid:8080/a?b=c", "j": "Basic <SCRUBBED>", "k": "gzip, deflate", "l": None,
        "m": {}, "n": [], "o": "it's", "p q": "x\n\ny", "r": ["z\n", "s"],
    }  # fmt: skip


@pytest.mark.parametrize(
    "text",
    [
        "a: !!binary aGVsbG8=\n",  # a tag
        "a: &x 1\nb: *x\n",  # an anchor and an alias
        "a: 1 # a comment\n",
        '"a": 1\n',  # double-quoted (escapes)
        "a: >-\n  folded\n",
        "a: |+\n  kept\n\n",
        "a: |2-\n   indented\n",
        "a: 1.5\n",  # a float
        "a: 2026-12-03\n",  # a date
        "a: 0x1f\n",  # a hex int
        "a: 1_000\n",
        "a: 012\n",  # octal in YAML 1.1
        "a:\tb\n",
        "a: b\r\n",
        "a: 'folded\n  single quotes'\n",
        "a:\n\n  b: 1\n",  # a blank line between keys
        "---\na: 1\n",
        "a: {b: 1}\n",
        "a: 1\n  b: 2\n",  # not YAML at all
        "a: 1",  # no final line break
        "a: |-\n    x\n  \n    y\n",  # a line of spaces alone, shorter than the literal's indentation
    ],
)
def test_what_is_outside_the_layout_is_left_to_libyaml(text: str):
    assert _read_layout(text) is _DECLINED


@pytest.mark.parametrize(
    "text",
    [
        "a: |-\n    x\n    \n    y\n",  # a line of exactly the indentation's spaces: an empty line
        "a: |-\n    x\n      \n    y\n",  # more spaces than that: two spaces of content
        "a: |\n    x  \n    y\nb: 1\n",  # spaces at the end of a line are content
        "a: |-\n    x\n\n\n    y\n\nb: 1\n",  # empty lines inside and after
    ],
)
def test_blank_lines_and_spaces_in_a_literal_read_as_libyaml_reads_them(text: str):
    assert _read_layout(text) == libyaml(text)


def test_a_declined_cassette_is_still_read_by_libyaml():
    text = "interactions: []\nversion: !!int '1'\n"
    assert _read_layout(text) is _DECLINED
    assert parse_cassette_text(text) == {"interactions": [], "version": 1}


# Text with the characters YAML cares about: indicators, quotes, spaces at the ends, line breaks.
TRICKY = st.one_of(
    st.text(
        alphabet=st.sampled_from(list("ab Z09-:#'\"|>{}[],&*!%@`?~\n\t\\\u00e9\u2028\ufeff\x85\x07.")),
        max_size=30,
    ),
    st.text(alphabet=st.sampled_from(list("abZ09 -:#'/,.\n")), max_size=40),  # mostly in the layout
)
SCALARS = st.one_of(TRICKY, st.integers(-(10**6), 10**6), st.booleans(), st.none())
INTERACTION = st.fixed_dictionaries(
    {
        "request": st.fixed_dictionaries(
            {
                "method": st.sampled_from(["GET", "PUT"]),
                "uri": TRICKY,
                "body": st.one_of(st.none(), TRICKY),
                "headers": st.dictionaries(TRICKY, st.lists(TRICKY, max_size=2), max_size=3),
            }
        ),
        "response": st.fixed_dictionaries(
            {
                "status": st.fixed_dictionaries({"code": st.integers(100, 599), "message": TRICKY}),
                "headers": st.dictionaries(TRICKY, st.lists(SCALARS, max_size=2), max_size=3),
                "body": st.fixed_dictionaries({"string": TRICKY}),
            }
        ),
    }
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(INTERACTION, max_size=3), st.booleans())
def test_whatever_a_writer_makes_is_read_as_libyaml_reads_it(interactions: list[dict], toolkit_writer: bool):
    if toolkit_writer:
        text = dump_cassette(interactions)
    else:  # PyYAML's defaults, as vcrpy's own serializer writes
        text = yaml.dump({"interactions": interactions, "version": 1}, Dumper=yaml.SafeDumper)
    fast = _read_layout(text)
    if fast is not _DECLINED:
        assert fast == libyaml(text)


def damaged(text: str, rng: random.Random) -> str:
    """``text`` with a few random edits: characters YAML cares about put in, taken out, lines doubled."""
    alphabet = "ab 0-:#'\"|>{}[],&*!%\n\t"
    for _ in range(rng.randint(1, 3)):
        at = rng.randrange(len(text) + 1)
        kind = rng.random()
        if kind < 0.5:
            text = text[:at] + rng.choice(alphabet) + text[at:]
        elif kind < 0.85:
            text = text[:at] + text[at + 1 :]
        else:
            start = text.rfind("\n", 0, at) + 1
            end = text.find("\n", at) + 1 or len(text)
            text = text[:end] + text[start:end] + text[end:]
    return text


def test_a_damaged_cassette_is_read_as_libyaml_reads_it_or_declined():
    rng = random.Random(20261203)
    sources = [p.read_text(encoding="utf-8") for p in OWN_CASSETTES[:8]]
    small = [s for s in sources if len(s) < 40_000] or sources
    accepted = 0
    for _ in range(1500):
        text = damaged(rng.choice(small), rng)
        fast = _read_layout(text)
        if fast is _DECLINED:
            continue
        accepted += 1
        assert fast == libyaml(text), text
    assert accepted > 100  # most edits land in a body, which stays readable
