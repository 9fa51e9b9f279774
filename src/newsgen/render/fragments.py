"""Rendering: a template that many pages render with the same values (an article's card) is
rendered once per values, when its output can depend on nothing else."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator

import jinja2
from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.idtracking import VAR_LOAD_RESOLVE
from jinja2.runtime import Context
from jinja2.utils import missing

from newsgen.plan.views import Shared

RenderFunction = Callable[[Context], Iterator[str]]
TRIED_AFTER = 8
"""Renders of a template after which it is checked for being a fragment: a build that renders
a template a few times does not pay to parse it."""
KEPT = 8192
"""Outputs kept per template, the oldest dropped first (a card is about a kilobyte)."""
PLAIN = (str, int, bool, type(None))
"""Values keyed by type and value (a float by its exact bits); a `Shared` view, which never
changes, and a function the environment holds as a global are keyed by identity."""
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
_CHANGING = frozenset({"lipsum", "random", "self"})
"""Jinja's global and filter whose result differs from call to call, and the name through
which a template renders the blocks of one extending it."""


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
        self._keeping = threading.Lock()  # a preview may render in another thread

    def __call__(self, context: Context) -> Iterator[str]:
        if self._inputs is None:
            self._renders += 1
            if self._renders == TRIED_AFTER:
                self._inputs = fragment_inputs(self._environment, self._source())
            return self._render(context)
        if not self._inputs:  # no fragment
            return self._render(context)
        values = tuple(context.resolve_or_missing(name) for name in self._inputs)
        key = _key(context, self._inputs, values)
        if not key:
            return self._render(context)
        found = self._kept.get(key)
        if found is None:  # the values are held, so no other object can take their ids
            found = (self._environment.concat(self._render(context)), values)
            with self._keeping:
                self._kept[key] = found
                if len(self._kept) > KEPT:
                    del self._kept[next(iter(self._kept))]
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
    except jinja2.TemplateError:
        return ()
    imports = tree.find_all((nodes.Import, nodes.FromImport))
    used = {name.name for name in tree.find_all(nodes.Name)}
    used |= {used_filter.name for used_filter in tree.find_all(nodes.Filter)}
    if any(tree.find_all(_OTHER_CHANNELS)) or used & _CHANGING:
        return ()
    if any(
        isinstance(node, nodes.Import | nodes.FromImport) and node.with_context for node in imports
    ):
        return ()
    try:
        return tuple(sorted(_names_read(environment, tree)))
    except jinja2.TemplateError:
        return ()


def _names_read(environment: jinja2.Environment, tree: nodes.Template) -> set[str]:
    """Every name a template looks up in its context, the environment's globals included
    (which `jinja2.meta.find_undeclared_variables` leaves out, though a page may hide one)."""
    tracker = _NamesRead(environment)
    tracker.visit(tree)
    return tracker.names


class _NamesRead(CodeGenerator):
    """Jinja's compiler, writing nothing, noting each name a frame resolves in the context
    (as `jinja2.meta` does)."""

    def __init__(self, environment: jinja2.Environment) -> None:
        super().__init__(environment, "<fragment>", "<fragment>")
        self.names: set[str] = set()

    def write(self, x: str) -> None:
        """Nothing is written."""

    def enter_frame(self, frame: Frame) -> None:
        super().enter_frame(frame)
        for action, name in frame.symbols.loads.values():
            if action == VAR_LOAD_RESOLVE:
                self.names.add(name)


def _key(
    context: Context, inputs: tuple[str, ...], values: tuple[object, ...]
) -> tuple[object, ...]:
    """The `values` of `inputs` in `context` as a key; () when one is neither plain nor known
    never to change (a shared view, the environment's own global)."""
    key: list[object] = []
    for name, value in zip(inputs, values, strict=True):
        if type(value) in PLAIN:
            key.append((type(value), value))
        elif type(value) is float:
            key.append(value.hex())  # 0.0 and -0.0 are equal, and shown apart
        elif isinstance(value, Shared) or value is missing or _own_function(context, name, value):
            key.append(id(value))
        else:
            return ()
    return tuple(key)


def _own_function(context: Context, name: str, value: object) -> bool:
    """Whether `value` is the function the environment holds as global `name` (a global that
    is data could be changed in place)."""
    return callable(value) and value is context.environment.globals.get(name)
