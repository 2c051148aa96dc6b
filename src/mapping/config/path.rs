//! JSON path strings (`$.users.mappings[2].source`) for error locations.

/// `parent.key`, or `parent["odd key"]` when the key is not a plain
/// identifier (so the path stays unambiguous for any key text).
pub(crate) fn key(parent: &str, key: &str) -> String {
    let plain = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
        && !key.starts_with(|c: char| c.is_ascii_digit());
    if plain {
        format!("{parent}.{key}")
    } else {
        // A JSON string literal is an unambiguous, escaped rendering.
        format!("{parent}[{}]", serde_json::Value::from(key))
    }
}

/// `parent[index]`.
pub(crate) fn index(parent: &str, index: usize) -> String {
    format!("{parent}[{index}]")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_keys_use_dots_and_others_brackets() {
        assert_eq!(key("$", "users"), "$.users");
        assert_eq!(key("$", "$schema"), "$.$schema");
        assert_eq!(key("$.a", "with space"), "$.a[\"with space\"]");
        assert_eq!(key("$", "quo\"te"), "$[\"quo\\\"te\"]");
        assert_eq!(key("$", ""), "$[\"\"]");
        assert_eq!(key("$", "1st"), "$[\"1st\"]");
        assert_eq!(index("$.users", 3), "$.users[3]");
    }
}
