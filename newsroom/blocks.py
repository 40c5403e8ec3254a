"""Reusing a page's rendered blocks when only its layout changed.

A page template (story.html) fills the blocks of a layout it extends (base.html). After an edit to the
layout alone, a page whose inputs are unchanged gets the same block outputs as before: only the layout
is rendered again around them, about a quarter of the work of a whole page. That holds only when nothing a
block shows can depend on the layout, which `reuse_keys` checks in the templates' source:

- no block calls super() or reads `self` (the layout's blocks), and none is scoped (it reads the
  layout's loop variables);
- no name the page's templates read is set at the top level of the layout (the layout's variables are
  visible to the blocks it calls);
- no template mutates an object it did not make in the same block or macro (`{% do x.update() %}`,
  `{% set ns.a %}`): a layout that changes the order of its blocks could then change what they show.

A template that passes gets a key: its own sources and those it includes or imports, with the settings.
Its pages' blocks are reused only while that key and the page's inputs are the same.
"""

from __future__ import annotations

import marshal
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any

import jinja2
from jinja2 import nodes

from newsroom.cache import digest

Blocks = dict[str, str]  # block name -> what it rendered
# Each block's (start, end) in the page's text, or its text, by block name, packed (see locate).
Located = bytes
# Methods a template may call on anything: they read and change nothing.
PURE_METHODS = frozenset({
    "items", "keys", "values", "get", "startswith", "endswith", "lower", "upper", "title", "capitalize",
    "strip", "lstrip", "rstrip", "split", "rsplit", "join", "replace", "format", "count", "find", "index",
    "isoformat", "record_date", "source_slug", "cycle",
})
_SCOPES = (nodes.Block, nodes.Macro, nodes.CallBlock)  # where a template's own objects live


class _Uncached(Exception):
    """The layout called a block the page's last render did not: it has no output to reuse."""


def reuse_keys(env: jinja2.Environment, names: Iterable[str], common: str) -> dict[str, str | None]:
    """For each template, the key under which its pages' blocks may be reused, or None when they may not
    (see the module's docstring); `common` is a hash of the settings every page depends on."""
    sources: dict[str, str] = {}
    parsed: dict[str, nodes.Template | None] = {}

    def parse(name: str) -> nodes.Template | None:
        if name not in parsed:
            try:
                sources[name] = env.loader.get_source(env, name)[0]  # type: ignore[union-attr]
                parsed[name] = env.parse(sources[name])
            except jinja2.TemplateError:
                parsed[name] = None
        return parsed[name]

    return {name: _reuse_key(name, parse, sources, common) for name in names}


def _reuse_key(name: str, parse, sources: dict[str, str], common: str) -> str | None:
    tree = parse(name)
    extends = list(tree.find_all(nodes.Extends)) if tree else []
    if tree is None or len(extends) != 1 or not isinstance(extends[0].template, nodes.Const):
        return None  # no layout, or one chosen as the page renders
    own = _reached([name], parse, follow_extends=False)
    layout = _reached([extends[0].template.value], parse, follow_extends=True)
    if own is None or layout is None:
        return None  # a template named by an expression, or one that fails to load
    read = {n.name for template in own.values() for n in template.find_all(nodes.Name) if n.ctx == "load"}
    if {"super", "self"} & read or any(block.scoped for block in tree.find_all(nodes.Block)):
        return None
    chain = _extends_chain(extends[0].template.value, parse)
    if read & {found for layout_name in chain for found in _top_level_names(parse(layout_name))}:
        return None
    if not all(_mutates_only_its_own(template) for template in [*own.values(), *layout.values()]):
        return None
    return digest(common, sorted((template, sources[template]) for template in own))


def _reached(names: list[str], parse, follow_extends: bool) -> dict[str, nodes.Template] | None:
    """The templates `names` are and reach by include, import and extends (but the extends of the first
    of `names`, unless `follow_extends`), parsed; None when one is named by an expression or fails to
    load."""
    found: dict[str, nodes.Template] = {}
    todo = list(names)
    while todo:
        name = todo.pop()
        if name in found:
            continue
        tree = parse(name)
        if tree is None:
            return None
        found[name] = tree
        kinds: tuple[type, ...] = (nodes.Include, nodes.Import, nodes.FromImport)
        if follow_extends or len(found) > 1:
            kinds += (nodes.Extends,)
        for node in tree.find_all(kinds):
            if not isinstance(node.template, nodes.Const):
                return None
            todo.append(node.template.value)
    return found


def _extends_chain(name: str, parse) -> list[str]:
    """The layout `name` and the layouts it extends in turn."""
    chain = [name]
    while (tree := parse(chain[-1])) is not None:
        parent = next(iter(tree.find_all(nodes.Extends)), None)
        if parent is None or not isinstance(parent.template, nodes.Const) or parent.template.value in chain:
            break
        chain.append(parent.template.value)
    return chain


def _top_level_names(tree: nodes.Template | None) -> set[str]:
    """Every name a layout sets, imports or defines outside its blocks (what the blocks it calls see)."""
    found: set[str] = set()
    for node in _outside_blocks(tree.body if tree else []):
        if isinstance(node, nodes.Name) and node.ctx == "store":
            found.add(node.name)
        elif isinstance(node, nodes.NSRef):
            found.add(node.name)
        elif isinstance(node, nodes.Import):
            found.add(node.target)
        elif isinstance(node, nodes.FromImport):
            found.update(alias if isinstance(alias, str) else alias[1] for alias in node.names)
        elif isinstance(node, nodes.Macro):
            found.add(node.name)
    return found


def _outside_blocks(body: list[nodes.Node]) -> Iterator[nodes.Node]:
    for node in body:
        if isinstance(node, nodes.Block):
            continue
        yield node
        yield from _outside_blocks(list(node.iter_child_nodes()))


def _mutates_only_its_own(tree: nodes.Template) -> bool:
    """Tell whether every object the template changes is one it made (a literal dict or list, or a
    namespace()) in the same block or macro."""
    return all(_own_scope_only(scope) for scope in [tree, *tree.find_all(_SCOPES)])


def _own_scope_only(scope: nodes.Node) -> bool:
    # A name is the scope's own object only if every binding of it there makes a new one.
    made, bound, changed = Counter[str](), Counter[str](), set()
    for node in _in_scope(scope):
        if isinstance(node, nodes.Name) and node.ctx == "store":
            bound[node.name] += 1
        elif isinstance(node, nodes.Assign):
            made.update(_made_names(node.target, node.node))
            if isinstance(node.target, nodes.NSRef):
                changed.add(node.target.name)
        elif isinstance(node, nodes.Call) and not isinstance(node.node, nodes.Name):  # a method, not a macro
            method = node.node
            if not (isinstance(method, nodes.Getattr) and method.attr in PURE_METHODS):
                # A method of what the template made may change it; of anything else, who knows what.
                changed.add((_root(method) if isinstance(method, nodes.Getattr) else None) or "")
    return all(made[name] and made[name] == bound[name] for name in changed)


def _in_scope(scope: nodes.Node) -> Iterator[nodes.Node]:
    """The nodes of a scope, without those of the blocks and macros nested in it (scopes of their own)."""
    for node in scope.iter_child_nodes():
        if isinstance(node, _SCOPES):
            continue
        yield node
        yield from _in_scope(node)


def _made_names(target: nodes.Node, value: nodes.Node) -> list[str]:
    """The names an assignment binds to a new dict, list or namespace."""
    if isinstance(target, nodes.Tuple) and isinstance(value, nodes.Tuple):
        return [name for t, v in zip(target.items, value.items, strict=False) for name in _made_names(t, v)]
    fresh = isinstance(value, (nodes.Dict, nodes.List)) or (
        isinstance(value, nodes.Call) and isinstance(value.node, nodes.Name)
        and value.node.name in {"dict", "namespace"})
    return [target.name] if fresh and isinstance(target, nodes.Name) else []


def _root(node: nodes.Node) -> str | None:
    while isinstance(node, (nodes.Getattr, nodes.Getitem)):
        node = node.node
    return node.name if isinstance(node, nodes.Name) else None


def render_capturing(template: jinja2.Template, context: dict[str, Any]) -> tuple[str, Blocks | None]:
    """Render a page and keep what each of its template's own blocks rendered (None when a block
    rendered differently on two calls: then its output is not the block's alone)."""
    ctx = template.new_context(context)
    outputs: Blocks = {}
    steady = True

    def capture(name: str, block):
        def captured(block_context):
            nonlocal steady
            text = "".join(block(block_context))
            steady = steady and outputs.setdefault(name, text) == text
            yield text
        return captured

    for name in template.blocks:
        ctx.blocks[name][0] = capture(name, ctx.blocks[name][0])
    text = _render(template, ctx)
    return text, outputs if steady else None


def render_reusing(template: jinja2.Template, context: dict[str, Any], outputs: Blocks) -> str | None:
    """Render a page around its blocks' earlier outputs; None when the layout calls a block they lack."""
    ctx = template.new_context(context)
    for name in template.blocks:
        ctx.blocks[name][0] = _reused(outputs.get(name))
    try:
        return _render(template, ctx)
    except _Uncached:
        return None


def _reused(text: str | None):
    def block(_context):
        if text is None:
            raise _Uncached
        yield text
    return block


def _render(template: jinja2.Template, ctx) -> str:
    # As Template.render does, so that errors point at the template's file and line.
    try:
        return template.environment.concat(template.root_render_func(ctx))  # type: ignore[attr-defined]
    except _Uncached:
        raise
    except Exception:  # noqa: BLE001 - Jinja rewrites the traceback to the template's lines and re-raises
        template.environment.handle_exception()
        raise  # pragma: no cover - handle_exception always raises


def locate(page: str, outputs: Blocks) -> Located:
    """Where each block's output lies in the page's text; the output itself where the page does not
    hold it as it is (a title the layout trims): a page's blocks are kept as a few numbers, not a copy,
    packed in a few dozen bytes (at 10,000 articles, unpacked, they held 20 MB of the build's memory)."""
    found: dict[str, tuple[int, int] | str] = {}
    for name, text in outputs.items():
        start = page.find(text) if text else -1
        found[name] = (start, start + len(text)) if start >= 0 else text
    return marshal.dumps(found)


def extract(page: str, located: Located) -> Blocks:
    """The block outputs `locate` found in this page."""
    return {name: page[place[0] : place[1]] if isinstance(place, tuple) else place
            for name, place in marshal.loads(located).items()}
