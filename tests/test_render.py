"""Template mistakes become user errors naming the template file and line."""

import pytest

from newsroom.errors import UserError
from newsroom.model import Page
from newsroom.render import make_environment, render_template
from newsroom.urls import Linker


def _render(tmp_path, templates: dict[str, str], name="page.html", **context):
    for file, text in templates.items():
        (tmp_path / file).write_text(text, encoding="utf-8")
    env = make_environment(tmp_path, Linker("https://example.org/news/"), "en", "UTC")
    return render_template(env, name, {"page": Page("a/", "a/index.html", name), **context})


def test_syntax_error_names_file_and_line(tmp_path):
    with pytest.raises(UserError) as error:
        _render(tmp_path, {"page.html": "<p>\n{% if x %}\nno end\n"})
    assert str(error.value).startswith(f"{tmp_path / 'page.html'}:")
    assert "template syntax error" in str(error.value)


def test_undefined_variable_names_the_line_inside_an_included_template(tmp_path):
    templates = {"page.html": "one\n{% include 'part.html' %}\n", "part.html": "a\nb\n{{ misspelled }}\n"}
    with pytest.raises(UserError) as error:
        _render(tmp_path, templates)
    expected = "template error: 'misspelled' is undefined; fix the template"
    assert str(error.value) == f"{tmp_path / 'part.html'}:3: {expected}"


def test_missing_template_is_named(tmp_path):
    with pytest.raises(UserError, match="template 'nowhere.html' not found"):
        _render(tmp_path, {"page.html": "{% extends 'nowhere.html' %}"})


def test_text_is_escaped_and_links_carry_the_base_path(tmp_path):
    html = _render(tmp_path, {"page.html": "{{ title }}|{{ url('tags/') }}|{{ day | long_date }}"},
                   title="<script>alert(1)</script>", day=__import__("datetime").date(2024, 6, 19))
    assert html == "&lt;script&gt;alert(1)&lt;/script&gt;|/news/tags/|June 19, 2024"
