"""Rendering: a template that many pages render with the same values (an article's card) is
rendered once per values, when its output can depend on nothing else."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import jinja2
from jinja2 import meta, nodes
from jinja2.runtime import Context
from jinja2.utils import missing

from newsgen.plan.views import Shared

RenderFunction = Callable[[Context], Iterator[str]]
TRIED_AFTER = 8
"""Renders of a template after which it is checked for being a fragment: a build that renders
a template a few times does not pay to parse it."""
KEPT = 8192
"""Outputs kept per template, the oldest dropped first (a card is about a kilobyte)."""
PLAIN = (str, int, float, bool, type(None))
"""Values keyed by type and value; a `Shared` view is keyed by identity (it never changes)."""
_OTHER_CHANNELS = (
    nodes.Extends,
    nodes.Include,
    nodes.Block,
    nodes.Macro,
    nodes.Assign,
    nodes.AssignBlock,
)
"""Nodes through which a template's output or effect depends on more than the names it reads:
its blocks (which a template extending it replaces), the templates it renders with its context,
and the names it exports to a template importing it."""
_CHANGING_GLOBALS = frozenset({"lipsum"})
"""Jinja's globals whose result differs from call to call."""


class Remembered:
    """A template's render function that keeps its output by the values of the names the
    template reads, once it proves a fragment (`fragment_inputs`): the output is the same."""

    def __init__(
        self,
        environment: jinja2.Environment,
        render: RenderFunction,
        source: Callable[[], str | None],
    ) -> None:
        """`source`: the template's source, as it was compiled."""
        self._environment = environment
        self._render = render
        self._source = source
        self._renders = 0
        self._inputs: tuple[str, ...] | None = None
        self._kept: dict[tuple[object, ...], tuple[str, tuple[object, ...]]] = {}

    def __call__(self, context: Context) -> Iterator[str]:
        if self._inputs is None:
            self._renders += 1
            if self._renders == TRIED_AFTER:
                self._inputs = fragment_inputs(self._environment, self._source())
            return self._render(context)
        key = self._inputs and _key(context, self._inputs)
        if not key:
            return self._render(context)
        found = self._kept.get(key)
        if found is None:
            text = self._environment.concat(self._render(context))
            found = self._kept[key] = (text, _held(context, self._inputs))
            if len(self._kept) > KEPT:  # pop: a preview may render in another thread
                self._kept.pop(next(iter(self._kept)), None)
        return _once(found[0])


def _once(text: str) -> Iterator[str]:
    """A render function's generator of one kept output (an including template closes it)."""
    yield text


def fragment_inputs(environment: jinja2.Environment, source: str | None) -> tuple[str, ...]:
    """The names a template of `source` reads, when its output depends on their values alone
    and it exports nothing; else () (it is never remembered)."""
    if source is None:
        return ()
    try:
        tree = environment.parse(source)
        names = meta.find_undeclared_variables(tree)
    except jinja2.TemplateError:
        return ()
    imports = tree.find_all((nodes.Import, nodes.FromImport))
    if any(tree.find_all(_OTHER_CHANNELS)) or names & _CHANGING_GLOBALS:
        return ()
    if any(
        isinstance(node, nodes.Import | nodes.FromImport) and node.with_context for node in imports
    ):
        return ()
    return tuple(sorted(names))


def _key(context: Context, inputs: tuple[str, ...]) -> tuple[object, ...]:
    """The values of `inputs` in `context` as a key; () when one is neither plain nor known
    never to change (a shared view, the environment's own global)."""
    key: list[object] = []
    for name in inputs:
        value = context.resolve_or_missing(name)
        if type(value) in PLAIN:
            key.append((type(value), value))
        elif (
            isinstance(value, Shared)
            or value is missing
            or value is context.environment.globals.get(name, missing)
        ):
            key.append(id(value))
        else:
            return ()
    return tuple(key)


def _held(context: Context, inputs: tuple[str, ...]) -> tuple[object, ...]:
    """The values keyed by identity, held while their output is kept: no other object can take
    their id meanwhile."""
    return tuple(context.resolve_or_missing(name) for name in inputs)
