"""Reusing rendered blocks: which templates' blocks may outlive a layout edit, and rendering around them."""

import marshal

import jinja2
import pytest

from newsroom.blocks import extract, locate, render_capturing, render_reusing, reuse_keys
from newsroom.errors import UserError
from newsroom.render import template_errors

LAYOUT = "<title>{% block title %}Site{% endblock %}</title><main>{% block content %}{% endblock %}</main>"
PAGE = ("{% extends 'base.html' %}{% block title %}{{ who }}{% endblock %}"
        "{% block content %}{{ what }}{% endblock %}")


def environment(**templates: str) -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.DictLoader({"base.html": LAYOUT, "page.html": PAGE, **templates}),
                              autoescape=True, extensions=["jinja2.ext.do"])


def key(env: jinja2.Environment, name: str = "page.html") -> str | None:
    return reuse_keys(env, [name], "settings")[name]


def test_a_page_that_only_fills_the_layouts_blocks_may_reuse_them():
    assert key(environment()) is not None


def test_the_key_follows_the_page_template_and_what_it_includes_not_the_layout():
    page = "{% extends 'base.html' %}{% block content %}{% include 'part.html' %}{% endblock %}"
    first = key(environment(**{"page.html": page, "part.html": "a"}))
    assert key(environment(**{"page.html": page, "part.html": "a", "base.html": LAYOUT + "!"})) == first
    assert key(environment(**{"page.html": page, "part.html": "b"})) != first
    assert key(environment(**{"page.html": page + " ", "part.html": "a"})) != first
    assert reuse_keys(environment(**{"page.html": page, "part.html": "a"}), ["page.html"], "other") != {
        "page.html": first}


@pytest.mark.parametrize(("why", "templates"), [
    ("no layout", {"page.html": "{{ what }}"}),
    ("a layout chosen as the page renders",
     {"page.html": "{% extends layout %}{% block title %}x{% endblock %}"}),
    ("a block that shows its layout's",
     {"page.html": "{% extends 'base.html' %}{% block title %}{{ super() }}!{% endblock %}"}),
    ("a block that calls the layout's blocks", {"page.html": "{% extends 'base.html' %}{% block content %}"
                                                             "{{ self.title() }}{% endblock %}"}),
    ("a scoped block", {"page.html": "{% extends 'base.html' %}{% block content scoped %}x{% endblock %}"}),
    ("a name the layout sets", {"base.html": "{% set who = 'layout' %}" + LAYOUT}),
    ("a name the layout imports", {"base.html": "{% from 'm.html' import who %}" + LAYOUT, "m.html": ""}),
    ("a name the layout sets, read by an include",
     {"base.html": "{% set what = 1 %}" + LAYOUT,
      "page.html": "{% extends 'base.html' %}{% block content %}{% include 'part.html' %}{% endblock %}",
      "part.html": "{{ what }}"}),
    ("a layout that changes what pages read", {"base.html": "{% do what.append(1) %}" + LAYOUT}),
    ("a block that changes what others read",
     {"page.html": "{% extends 'base.html' %}{% block title %}{% do what.clear() %}{% endblock %}"}),
    ("a method reached through a filter",
     {"page.html": "{% extends 'base.html' %}{% block title %}{{ (what|attr('pop'))() }}{% endblock %}"}),
    ("an object the block did not make",
     {"page.html": "{% extends 'base.html' %}{% block title %}{% set mine = what %}{% do mine.append(1) %}"
                   "{% endblock %}"}),
    ("an object the block made, then bound to another",
     {"page.html": "{% extends 'base.html' %}{% block title %}{% set mine = [] %}{% for mine in what %}"
                   "{% do mine.append(1) %}{% endfor %}{% endblock %}"}),
])
def test_blocks_that_may_depend_on_the_layout_are_not_reused(why, templates):
    assert key(environment(**templates)) is None, why


def test_a_block_may_change_what_it_made_itself():
    page = ("{% extends 'base.html' %}{% block content %}{% set seen, ns = {}, namespace(n=0) %}"
            "{% for w in what %}{% do seen.update({w: 1}) %}{% set ns.n = ns.n + 1 %}{% endfor %}"
            "{{ seen | length }}{{ ns.n }}{% endblock %}")
    assert key(environment(**{"page.html": page})) is not None
    assert key(environment(**{"page.html": page, "base.html": "{{ page.url.startswith('a') }}" + LAYOUT}))


def test_a_page_renders_the_same_around_its_captured_blocks_with_a_new_layout():
    env = environment()
    text, outputs = render_capturing(env.get_template("page.html"), {"who": "<Kim>", "what": "talks"})
    assert text == env.get_template("page.html").render(who="<Kim>", what="talks")
    assert outputs == {"title": "&lt;Kim&gt;", "content": "talks"}
    located = locate(text, outputs)
    assert marshal.loads(located)["content"] == (text.index("talks"), text.index("talks") + 5)
    assert extract(text, located) == outputs
    changed = environment(**{"base.html": LAYOUT + "<h1>{{ self.title() }}</h1>"})
    again = render_reusing(changed.get_template("page.html"), {"who": "ignored", "what": "ignored"}, outputs)
    assert again == "<title>&lt;Kim&gt;</title><main>talks</main><h1>&lt;Kim&gt;</h1>"


def test_a_block_the_page_shows_only_changed_is_kept_as_text():
    outputs = {"title": " Kim ", "content": "é", "head": ""}
    page = "<title>Kim</title>é"
    assert marshal.loads(locate(page, outputs)) == {"title": " Kim ", "content": (18, 19), "head": ""}
    assert extract(page, locate(page, outputs)) == outputs


def test_a_layout_that_calls_a_block_not_rendered_before_gives_no_page():
    env = environment(**{"base.html": "<main>{% block content %}{% endblock %}</main>"})
    _, outputs = render_capturing(env.get_template("page.html"), {"who": "Kim", "what": "talks"})
    assert outputs == {"content": "talks"}
    assert render_reusing(environment().get_template("page.html"), {}, outputs) is None


def test_a_block_that_renders_differently_when_called_again_is_not_kept():
    layout = "{% block title %}{% endblock %}{{ self.title() }}"
    page = "{% extends 'base.html' %}{% block title %}{{ counter.append(1) or counter|length }}{% endblock %}"
    env = environment(**{"base.html": layout, "page.html": page})
    text, outputs = render_capturing(env.get_template("page.html"), {"counter": []})
    assert text == "12" and outputs is None


def test_a_mistake_in_a_captured_block_names_its_template_and_line(tmp_path):
    (tmp_path / "base.html").write_text(LAYOUT, encoding="utf-8")
    (tmp_path / "page.html").write_text("{% extends 'base.html' %}\n{% block content %}\n{{ what.missing() }}"
                                        "{% endblock %}", encoding="utf-8")
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(tmp_path), undefined=jinja2.StrictUndefined)
    with pytest.raises(UserError) as error, template_errors(env, "page.html"):
        render_capturing(env.get_template("page.html"), {"who": "Kim", "what": {}})
    assert str(error.value).startswith(f"{tmp_path / 'page.html'}:3: template error:")
