"""Templates follow the imports: bin/check_templates passes on the repository and catches every kind of breach."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from importlib.machinery import SourceFileLoader
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "bin" / "check_templates"


def _load_checker():
    loader = SourceFileLoader("check_templates", str(SCRIPT))
    spec = importlib.util.spec_from_loader("check_templates", loader)
    module = importlib.util.module_from_spec(spec)
    sys.modules["check_templates"] = module  # dataclasses look their module up by name
    loader.exec_module(module)
    return module


checker = _load_checker()


def _tree(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def _app(name: str) -> dict[str, str]:
    return {f"{name}/__init__.py": "", f"{name}/apps.py": ""}


LAYOUT = {
    "templates/skeleton.html": "<!DOCTYPE html>{% block body %}{% endblock %}",
    "templates/base.html": '{% extends "skeleton.html" %}{% block body %}{% include "includes/box.html" %}{% endblock %}',
    "templates/includes/box.html": "{% load i18n %}<p>{% translate 'Hộp' %}</p>",
    **_app("news"),
    "news/templatetags/__init__.py": "",
    "news/templatetags/news_tags.py": (
        "from django import template\nregister = template.Library()\n\n"
        '@register.inclusion_tag("news/latest.html")\ndef latest():\n    return {}\n'
    ),
    "news/templates/news/latest.html": "<ul></ul>",
    "news/templates/news/page.html": '{% extends "base.html" %}{% load news_tags %}{% block body %}{% latest %}{% endblock %}',
    **_app("forms"),
    "forms/templates/forms/page.html": '{% extends "base.html" %}{% block body %}{% include "wagtailadmin/x.html" %}{% endblock %}',
}


def test_the_repository_keeps_its_template_layers():
    report = checker.check(ROOT)
    assert report.templates > 50 and report.references > 100
    assert report.problems == []


def test_the_script_exits_zero_on_the_repository():
    result = subprocess.run([sys.executable, str(SCRIPT)], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert "layers kept, no cycle" in result.stdout


def test_a_clean_tree_passes(tmp_path):
    assert checker.check(_tree(tmp_path, LAYOUT)).problems == []


def test_the_layout_using_an_apps_inclusion_template_is_a_breach_and_a_cycle(tmp_path):
    files = {**LAYOUT, "templates/includes/box.html": "{% load i18n news_tags %}\n{% latest %}"}
    assert checker.check(_tree(tmp_path, files)).problems == [
        "templates/includes/box.html:2: the project layer renders (inclusion tag) 'news/latest.html' of the news app; "
        "move it to templates/includes/ (apps build on the project layer, not the reverse)",
        "layer cycle: news → project → news",
    ]


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        (
            {"forms/templates/forms/page.html": '{% extends "news/page.html" %}'},
            "forms/templates/forms/page.html:1: the forms app extends 'news/page.html' of the news app",
        ),
        (
            {"forms/templates/forms/page.html": "{% load i18n %}\n{% include 'news/latest.html' with a=1 %}"},
            "forms/templates/forms/page.html:2: the forms app includes 'news/latest.html' of the news app",
        ),
        (
            {"forms/templates/forms/page.html": "{% load news_tags %}"},
            "forms/templates/forms/page.html:1: the forms app loads 'news_tags' of the news app",
        ),
        (
            {"templates/includes/box.html": '{% include "forms/page.html" %}'},
            "templates/includes/box.html:1: the project layer includes 'forms/page.html' of the forms app",
        ),
        (
            {"forms/templates/forms/page.html": "{% include name %}"},
            "forms/templates/forms/page.html:1: {% include name %} names its template at run time",
        ),
        (
            {
                "forms/templates/forms/a.html": '{% include "forms/b.html" %}',
                "forms/templates/forms/b.html": '{% include "forms/a.html" %}',
            },
            "template cycle: forms/a.html → forms/b.html → forms/a.html",
        ),
        (
            {
                "forms/templatetags/__init__.py": "",
                "forms/templatetags/form_tags.py": (
                    "from django import template\nregister = template.Library()\n\n"
                    '@register.inclusion_tag(filename="news/latest.html", name="latest_news")\ndef tag():\n    return {}\n'
                ),
            },
            "forms/templatetags/form_tags.py:4: the forms app renders (inclusion tag) 'news/latest.html' of the news app",
        ),
        (
            {"forms/templates/news/latest.html": "<ol></ol>"},
            "'news/latest.html' is defined by several apps (forms, news); one of them is hidden",
        ),
    ],
)
def test_each_breach_is_reported(tmp_path, files, expected):
    problems = checker.check(_tree(tmp_path, {**LAYOUT, **files})).problems
    assert any(expected in problem for problem in problems), problems


def test_comments_and_third_party_templates_are_not_references(tmp_path):
    files = {
        **LAYOUT,
        "templates/includes/box.html": '{# {% include "news/latest.html" %} #}{% comment %}{% include "forms/page.html" %}'
        "{% endcomment %}<p></p>",
    }
    assert checker.check(_tree(tmp_path, files)).problems == []


def test_a_breach_fails_the_script_with_the_list(tmp_path):
    _tree(tmp_path, {**LAYOUT, "forms/templates/forms/page.html": '{% extends "news/page.html" %}'})
    result = subprocess.run([sys.executable, str(SCRIPT), str(tmp_path)], capture_output=True, text=True)
    assert result.returncode == 1
    assert "1 problem(s) in the template layers" in result.stderr
    assert "forms/templates/forms/page.html:1: the forms app extends 'news/page.html' of the news app" in result.stderr
