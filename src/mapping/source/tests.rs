use super::*;
use serde_json::json;

fn record(value: Value) -> Record {
    Record::from_object(value).unwrap_or_default()
}

#[test]
fn lookup_prefers_flat_keys_then_nested_paths() {
    let user = record(
        json!({"mail": "a@x.com", "manager.id": "flat", "manager": {"id": "m1"}, "org": {"unit": {"name": "R&D"}}}),
    );
    assert_eq!(lookup(&user, "mail"), Some(&json!("a@x.com")));
    assert_eq!(lookup(&user, "manager.id"), Some(&json!("flat")));
    assert_eq!(lookup(&user, "org.unit.name"), Some(&json!("R&D")));
    assert_eq!(lookup(&user, "Mail"), None);
    assert_eq!(lookup(&user, "org.missing"), None);
    // Empty parts name empty keys, as splitting on every `.` does.
    let odd = record(json!({"": {"a": 1}, "b": {"": 2}, "c": {"": {"": 3}}, "é": {"ß": 4}}));
    assert_eq!(lookup(&odd, ".a"), Some(&json!(1)));
    assert_eq!(lookup(&odd, "b."), Some(&json!(2)));
    assert_eq!(lookup(&odd, "c.."), Some(&json!(3)));
    assert_eq!(lookup(&odd, "é.ß"), Some(&json!(4)));
    assert_eq!(lookup(&odd, "b.x"), None);
    assert_eq!(lookup(&odd, "."), None);
}

#[test]
fn format_comes_from_the_name_then_the_content() {
    assert_eq!(Format::from_name("people.CSV"), Some(Format::Csv));
    assert_eq!(Format::from_name("json"), Some(Format::Json));
    assert_eq!(Format::from_name("-"), None);
    assert_eq!(Format::sniff("\u{feff}  {\"users\": []}"), Format::Json);
    assert_eq!(Format::sniff("id,mail\n"), Format::Csv);
}

#[test]
fn member_ids_accept_strings_and_scim_objects() {
    let group = record(
        json!({"id": "g1", "members": ["u1", {"value": "u2", "display": "B"}, 7, {"x": 1}]}),
    );
    assert_eq!(member_ids(&group).collect::<Vec<_>>(), vec!["u1", "u2"]);
    assert_eq!(member_ids(&record(json!({"id": "g2"}))).count(), 0);
}
