"""config.yaml validation: unknown keys with suggestions, wrong types, defaults, paths."""

from pathlib import Path

import pytest

from newsroom.config import Settings, load_settings
from newsroom.errors import BuildFailed, UserError


def _errors(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "config.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(BuildFailed) as failed:
        load_settings(path)
    return [str(e) for e in failed.value.errors]


def test_project_config_is_valid():
    settings = load_settings(Path(__file__).resolve().parents[1] / "config.yaml")
    assert settings.title and settings.base_url.endswith("/")
    assert settings.per_page >= 1


def test_unknown_key_names_it_its_line_and_the_closest_key(tmp_path):
    errors = _errors(tmp_path, "title: News\nper_pgae: 5\n")
    assert errors == [f"{tmp_path / 'config.yaml'}:2: unknown key 'per_pgae'; did you mean 'per_page'?"]


def test_wrong_type_names_key_value_and_expectation(tmp_path):
    errors = _errors(tmp_path, "per_page: ten\nrelative_urls: 'yes'\n")
    assert "config.yaml:1: 'per_page' is 'ten', expected a whole number of at least 1" in errors[0]
    assert "config.yaml:2: 'relative_urls' is 'yes', expected true or false" in errors[1]


def test_every_error_is_reported_at_once(tmp_path):
    errors = _errors(tmp_path, "base_url: example.org\nlanguage: 3\ncolour: red\nmarkdown_engine: rst\n")
    assert len(errors) == 4
    assert "an absolute http(s) URL" in errors[0]


def test_bad_yaml_and_non_mapping_are_user_errors(tmp_path):
    path = tmp_path / "config.yaml"
    path.write_text("title: [unclosed\n", encoding="utf-8")
    with pytest.raises(UserError, match="invalid YAML"):
        load_settings(path)
    path.write_text("- a\n- b\n", encoding="utf-8")
    with pytest.raises(UserError, match="mapping"):
        load_settings(path)


def test_base_url_with_a_path_gets_a_trailing_slash_and_folders_resolve(tmp_path):
    path = tmp_path / "config.yaml"
    path.write_text("base_url: https://example.org/news\noutput_dir: out\n", encoding="utf-8")
    settings = load_settings(path)
    assert settings.base_url == "https://example.org/news/"
    assert settings.path("output_dir") == (tmp_path / "out").resolve()


def test_empty_config_gives_defaults(tmp_path):
    path = tmp_path / "config.yaml"
    path.write_text("", encoding="utf-8")
    assert load_settings(path) == Settings()
