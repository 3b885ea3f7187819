//! Unit tests of `typed`: parsing, locating keys and reporting wrong types.

use super::*;

fn source(text: &str, format: Format) -> Source<'_> {
    Source {
        file: Path::new("x.md"),
        text,
        first_line: 2,
        format,
        within: "front matter",
    }
}

#[test]
fn locates_values_in_toml_and_yaml() {
    let toml = "title = \"A\"\ndate = \"last tuesday\"\n[cta]\nphone = \"12\"\n";
    let loc = source(toml, Format::Toml).locate(&["cta".into(), "phone".into()]);
    let pos = loc.position.unwrap();
    assert_eq!((pos.line, pos.column, pos.width), (5, 9, 4));
    let yaml = "title: A\ncta:\n  phone: \"12\"\n";
    let loc = source(yaml, Format::Yaml).locate(&["cta".into(), "phone".into()]);
    let pos = loc.position.unwrap();
    assert_eq!((pos.line, pos.column), (4, 10));
}

#[test]
fn locates_keys_in_dotted_toml_tables() {
    let toml = "title = \"a\"\n[authors.ann]\nname = \"Ann\"\n[authors.bob]\nname = \"Bob\"\nurl = \"x\"\n";
    let at = |path: &[&str]| {
        let path: Vec<String> = path.iter().map(|s| s.to_string()).collect();
        let pos = source(toml, Format::Toml).locate(&path).position.unwrap();
        (pos.line, pos.column)
    };
    assert_eq!(at(&["authors", "bob", "url"]), (7, 7));
    assert_eq!(at(&["authors", "ann", "name"]), (4, 8));
    assert_eq!(at(&["authors", "bob"]), (5, 1), "the table's header");
}

#[test]
fn locates_keys_only_at_their_own_level() {
    let yaml = "extra:\n  date: whenever\ndate: last tuesday\n";
    let pos = source(yaml, Format::Yaml)
        .locate(&["date".into()])
        .position
        .unwrap();
    assert_eq!((pos.line, pos.column), (4, 7));
    let toml = "[extra]\ndate = 1\n";
    let loc = source(toml, Format::Toml).locate(&["date".into()]);
    assert_eq!(loc.position.unwrap().line, 2, "falls back to the start");
    let toml = "title = \"a\"\n[extra]\ntitle = \"b\"\n[cta]\nphone = \"1\"\n";
    let pos = source(toml, Format::Toml)
        .locate(&["cta".into(), "phone".into()])
        .position
        .unwrap();
    assert_eq!(pos.line, 6);
    let pos = source(toml, Format::Toml)
        .locate(&["title".into()])
        .position
        .unwrap();
    assert_eq!(pos.line, 2);
}

#[test]
fn locates_list_items() {
    let toml = "title = \"A\"\ntherapies = [\"massage\", \"acupuncure\"]\n";
    let loc = source(toml, Format::Toml).locate_item(&["therapies".into()], "acupuncure");
    let pos = loc.position.unwrap();
    assert_eq!((pos.line, pos.column, pos.width), (3, 25, 12));
    let yaml = "title: A\ntherapies:\n  - massage\n  - acupuncure\nauthor: x\n";
    let loc = source(yaml, Format::Yaml).locate_item(&["therapies".into()], "acupuncure");
    let pos = loc.position.unwrap();
    assert_eq!((pos.line, pos.column), (5, 5));
}

#[test]
fn reads_field_names() {
    #[derive(serde::Deserialize)]
    #[allow(dead_code)]
    struct Probe {
        alpha: String,
        beta: Option<u8>,
    }
    assert_eq!(field_names::<Probe>(), &["alpha", "beta"]);
}

#[test]
fn explains_type_errors() {
    assert_eq!(
        explain_serde_message("invalid type: string \"massage\", expected a sequence"),
        (
            "a list like [\"a\", \"b\"]".to_string(),
            "\"massage\"".to_string()
        )
    );
    assert_eq!(
        explain_serde_message("invalid type: integer `42`, expected a string"),
        ("text in quotes".to_string(), "the number 42".to_string())
    );
}
