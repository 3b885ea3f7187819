//! Unit tests of `template_errors`: the tag-structure scanner and the suggestions.

use super::*;

#[test]
fn names_the_unclosed_if_not_the_endblock() {
    let source = "{% extends \"base.html\" %}\n{% block content %}\n  {% if page.description %}<p>x</p>\n{% endblock content %}\n";
    let problem = tag_structure_problem(source).unwrap();
    assert_eq!(
        problem.message,
        "`{% if page.description %}` is never closed: `{% endblock content %}` at line 4 comes first; add `{% endif %}` where the `if` should end"
    );
    assert_eq!(&source[problem.offset..problem.offset + 2], "{%");
    assert_eq!(problem.trigger_line, 4);
}

#[test]
fn names_a_stray_closing_tag() {
    let source = "{% if a %}x{% endif %}{% endif %}";
    let problem = tag_structure_problem(source).unwrap();
    assert_eq!(problem.offset, 22);
    assert!(problem.message.starts_with("`{% endif %}` closes nothing"));
}

#[test]
fn names_a_block_the_file_ends_in() {
    let source = "{% block card %}\n<li>{{ x }}</li>\n";
    let problem = tag_structure_problem(source).unwrap();
    assert_eq!(
        problem.message,
        "`{% block card %}` is never closed: the file ends first; add `{% endblock %}` where the `block` should end"
    );
}

#[test]
fn accepts_well_formed_templates() {
    for source in [
        "{% set x = 1 %}{% set y %}a{% endset %}{% for a in b %}{% else %}{% endfor %}",
        "{% raw %}{% if %}{% endraw %}{# {% if %} #}{{ '{%' }}",
        "{%- if a -%}x{%- elif b %}y{% else %}z{% endif -%}",
        "{% <card(title=\"x\") %}body{% </card> %}{% <icon() /> %}",
        "{% component cta(title) %}x{% endcomponent %}",
    ] {
        assert_eq!(tag_structure_problem(source), None, "{source}");
    }
}

#[test]
fn suggests_filters_functions_and_fields() {
    assert_eq!(
        explain("Unknown filter `upcase`"),
        "unknown filter `upcase`; did you mean `upper`?"
    );
    assert_eq!(
        explain("Unknown function `get_url`"),
        "unknown function `get_url`; did you mean `url_for`?"
    );
    assert_eq!(
        explain_undefined(
            "Field `titel` is not defined. Available fields: date, title, url",
            "page.titel"
        )
        .as_deref(),
        Some("`page.titel` is not defined; did you mean `page.title`?")
    );
    assert_eq!(
        expression_before("<h1>{{ page.titel }}</h1>", 13),
        "page.titel"
    );
}
