"""A template that many pages render with the same values (an article's card) is rendered once
per values, and only when its output can depend on nothing else: every page is as Jinja makes
it without remembering."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path
from unittest import mock

import jinja2
import pytest

from newsgen.diagnostics import ContentError
from newsgen.plan.views import Shared
from newsgen.render import fragments
from newsgen.render.assets import collect_assets
from newsgen.render.templates import make_environment, render_page
from sitegen import generated_site

PAGE = '{% for item in items %}{% with lead = loop.first %}{% include "_item.html" %}{% endwith %}|{% endfor %}'
ITEMS = [Shared(title=f"Story {n}", url=f"/s{n}/") for n in range(3)]
CARDS = {
    "plain values": "{{ item.title }} {{ lead }} {{ level | default(2) }} {{ counted() }}",
    "the page": "{{ item.title }} on {{ page.url }}",
    "the loop": "{{ loop.index if loop is defined }} {{ item.title }}",
    "a set": "{% set shown = 'Set ' ~ item.title %}{{ shown }}",
    "a macro": "{% macro shown() %}{{ item.title }}{% endmacro %}{{ shown() }}",
    "a block": "{% block b %}{{ item.title }}{% endblock %}",
    "an include": '{{ item.title }} {% include "_inner.html" %}',
    "an import with context": '{{ item.title }} {% import "_macros.html" as m with context %}'
    "{{ m.where() }}",
    "an import": '{% from "_macros.html" import title %}{{ title(item) }} {{ counted() }}',
    "a namespace": "{% set ns = namespace(n=item.title) %}{{ ns.n }}",
}
OTHERS = {
    "_inner.html": "{{ item.title }} {{ page.url }}",
    "_macros.html": "{% macro where() %}{{ page.url }}{% endmacro %}"
    "{% macro title(item) %}<{{ item.title }}>{% endmacro %}",
    "extending.html": '{% extends "_item.html" %}{% block b %}Own {{ item.title }}{% endblock %}',
    "importing.html": '{% import "_item.html" as card with context %}'
    "{% if card.shown is defined %}{{ card.shown() if card.shown is callable else card.shown }}"
    "{% else %}none{% endif %}",
}
"""Templates that render the card otherwise: extending it, importing it."""


def environment(tmp_path: Path, card: str) -> jinja2.Environment:
    config = generated_site(tmp_path, 1)
    config.templates_path.mkdir(exist_ok=True)
    for name, text in {"page.html": PAGE, "_item.html": card, **OTHERS}.items():
        (config.templates_path / name).write_text(text, encoding="utf-8")
    made = make_environment(config, collect_assets(config))
    made.globals["counted"] = itertools.count().__next__  # set before any template loads
    return made


def pages(made: jinja2.Environment, count: int = 30, others: bool = True) -> Iterator[str]:
    """The page of cards, and the card extended and imported (`others`), for `count` pages."""
    for number in range(count):
        items = [ITEMS[number % 3], ITEMS[(number + 1) % 3], ITEMS[number % 2]]
        page = {"url": f"/p{number}/"}
        yield made.get_template("page.html").render(items=items, page=page)
        for other in ("extending.html", "importing.html") if others else ():
            yield made.get_template(other).render(item=items[0], lead=False, page=page)


def without_remembering(made: jinja2.Environment, others: bool = True) -> list[str]:
    with mock.patch.object(fragments, "TRIED_AFTER", 10**9):
        return list(pages(made, others=others))


@pytest.mark.parametrize("card", CARDS.values(), ids=CARDS.keys())
def test_every_page_is_as_rendered_without_remembering(tmp_path: Path, card: str) -> None:
    card = card.replace(" {{ counted() }}", "")  # it counts renders: fewer when remembered
    remembered = list(pages(environment(tmp_path / "a", card)))
    assert remembered == without_remembering(environment(tmp_path / "b", card))


@pytest.mark.parametrize("card", ["plain values", "an import"])
def test_a_card_of_plain_and_shared_values_is_rendered_once_per_values(
    tmp_path: Path, card: str
) -> None:
    """`counted()` numbers the card's renders: 90 cards of 3 stories, each first or not, are
    rendered 8 times (to tell a fragment), then at most once for each of the 6 values."""
    renders = rendered_cards(pages(environment(tmp_path / "a", CARDS[card]), others=False))
    assert 8 < renders <= 8 + 6
    unremembered = without_remembering(environment(tmp_path / "b", CARDS[card]), others=False)
    assert rendered_cards(unremembered) == 90


def rendered_cards(shown: Iterator[str] | list[str]) -> int:
    cards = [card for page in shown if "|" in page for card in page.split("|")[:-1]]
    return 1 + max(int(card.rsplit(" ", 1)[-1]) for card in cards)


@pytest.mark.parametrize(
    "card",
    [
        "{{ lipsum(1, false, 3, 5) }} {{ item.title }}",
        "{{ [1, 2, 3] | random }} {{ item.title }}",
        "{{ item.title }}: {{ self.b() }}",
        "{% extends '_inner.html' %}",
        "{% macro m() %}{% endmacro %}",
    ],
)
def test_a_template_whose_output_can_differ_is_no_fragment(tmp_path: Path, card: str) -> None:
    assert fragments.fragment_inputs(environment(tmp_path, card), card) == ()


def test_a_card_of_a_value_neither_plain_nor_shared_is_rendered_each_time(
    tmp_path: Path,
) -> None:
    made = environment(tmp_path, CARDS["plain values"])
    page = made.get_template("page.html")
    shown = [page.render(items=[{"title": "A dict"}] * 3) for _ in range(10)]
    assert rendered_cards(shown) == 30


def test_few_outputs_are_kept_and_the_pages_stay_right(tmp_path: Path) -> None:
    card = CARDS["plain values"].replace(" {{ counted() }}", "")
    with mock.patch.object(fragments, "KEPT", 2):
        remembered = list(pages(environment(tmp_path / "a", card)))
    assert remembered == without_remembering(environment(tmp_path / "b", card))


def test_a_card_failing_after_it_proved_a_fragment_names_its_line(tmp_path: Path) -> None:
    made = environment(tmp_path, "{{ item.title }}\n{{ item.byline }}")
    items = [Shared(title="T", byline="B")] * 10 + [Shared(title="No byline")]
    config = generated_site(tmp_path, 1)
    with pytest.raises(ContentError) as raised:
        render_page(made, "page.html", {"items": items}, config)
    assert raised.value.diagnostics[0].path == "templates/_item.html"
    assert raised.value.diagnostics[0].line == 2


@pytest.mark.parametrize(
    ("name", "values"),
    [
        ("og_locale", ["fr_FR", "de_DE", "en_US"]),  # a value hiding the environment's global
        ("range", [0, 1, 2]),
        ("level", [0.0, -0.0, 1.0]),  # equal floats shown apart
    ],
)
def test_each_value_a_card_reads_is_part_of_its_key(
    tmp_path: Path, name: str, values: list[object]
) -> None:
    card = f"{{{{ {name} }}}} {{{{ item.title }}}}"
    shown = []
    for made in (environment(tmp_path / "a", card), environment(tmp_path / "b", card)):
        page = made.get_template("page.html")
        with mock.patch.object(fragments, "TRIED_AFTER", 3 if not shown else 10**9):
            shown.append([page.render(items=ITEMS, **{name: values[n % 3]}) for n in range(12)])
    assert shown[0] == shown[1]
