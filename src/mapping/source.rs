//! The admin's source directory (contract §2): users and groups as JSON
//! records. Loading from JSON/CSV is TODO(issue 4).

use serde_json::Value;

/// Looks up a source attribute the way mappings, expressions and scoping all
/// name it: an exact top-level key first (CSV headers such as `manager.id`
/// stay flat), then a dotted path into nested objects (`manager.id` →
/// `{"manager": {"id": …}}`). Names are case-sensitive, as in Entra.
pub fn lookup<'a>(record: &'a Value, attribute: &str) -> Option<&'a Value> {
    if let Some(value) = record.get(attribute) {
        return Some(value);
    }
    let mut current = record;
    for part in attribute.split('.') {
        current = current.get(part)?;
    }
    Some(current)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn lookup_prefers_flat_keys_then_nested_paths() {
        let user = json!({"mail": "a@x.com", "manager.id": "flat", "manager": {"id": "m1"}, "org": {"unit": {"name": "R&D"}}});
        assert_eq!(lookup(&user, "mail"), Some(&json!("a@x.com")));
        assert_eq!(lookup(&user, "manager.id"), Some(&json!("flat")));
        assert_eq!(lookup(&user, "org.unit.name"), Some(&json!("R&D")));
        assert_eq!(lookup(&user, "Mail"), None);
        assert_eq!(lookup(&user, "org.missing"), None);
    }
}
