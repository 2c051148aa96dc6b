//! The `/Schemas` and `/ResourceTypes` JSON shapes (RFC 7643 §6, §7).
//!
//! Deserialization is lenient where real servers differ from the RFC
//! (enum values in any case, missing optional characteristics take the
//! RFC 7643 §2.2 defaults), so any SCIM 2.0 app's discovery loads.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Declares a string-valued enum whose JSON form is its camelCase name,
/// read case-insensitively.
macro_rules! scim_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $text:literal),+ $(,)? } default $default:ident) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name {
            $(
                #[doc = concat!("`", $text, "`")]
                $variant,
            )+
        }

        impl $name {
            /// The RFC spelling.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            /// Case-insensitive parse of the RFC spelling.
            pub fn parse(text: &str) -> Option<Self> {
                $(if text.eq_ignore_ascii_case($text) { return Some($name::$variant); })+
                None
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = String::deserialize(deserializer)?;
                $name::parse(&text).ok_or_else(|| {
                    serde::de::Error::custom(format!(
                        "unknown {} `{}` (expected one of: {})",
                        stringify!($name), text, [$($text),+].join(", ")
                    ))
                })
            }
        }

        impl Default for $name {
            /// The RFC 7643 §2.2 default.
            fn default() -> Self {
                $name::$default
            }
        }
    };
}

scim_enum!(
    /// An attribute's data type (RFC 7643 §2.3).
    AttrType {
        String => "string",
        Boolean => "boolean",
        Decimal => "decimal",
        Integer => "integer",
        DateTime => "dateTime",
        Binary => "binary",
        Reference => "reference",
        Complex => "complex",
    } default String
);

scim_enum!(
    /// Whether and when an attribute may be written (RFC 7643 §7).
    Mutability {
        ReadOnly => "readOnly",
        ReadWrite => "readWrite",
        Immutable => "immutable",
        WriteOnly => "writeOnly",
    } default ReadWrite
);

scim_enum!(
    /// When an attribute appears in responses (RFC 7643 §7).
    Returned {
        Always => "always",
        Never => "never",
        Default => "default",
        Request => "request",
    } default Default
);

scim_enum!(
    /// How unique a value must be (RFC 7643 §7).
    Uniqueness {
        None => "none",
        Server => "server",
        Global => "global",
    } default None
);

/// One attribute definition, exactly the `/Schemas` JSON shape.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AttributeDef {
    pub name: String,
    #[serde(rename = "type", default, deserialize_with = "null_as_default")]
    pub attr_type: AttrType,
    #[serde(default, deserialize_with = "null_as_default")]
    pub multi_valued: bool,
    #[serde(
        default,
        skip_serializing_if = "String::is_empty",
        deserialize_with = "null_as_default"
    )]
    pub description: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub required: bool,
    #[serde(default, deserialize_with = "null_as_default")]
    pub case_exact: bool,
    #[serde(default, deserialize_with = "null_as_default")]
    pub mutability: Mutability,
    #[serde(default, deserialize_with = "null_as_default")]
    pub returned: Returned,
    #[serde(default, deserialize_with = "null_as_default")]
    pub uniqueness: Uniqueness,
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "lenient_strings"
    )]
    pub canonical_values: Vec<String>,
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "lenient_strings"
    )]
    pub reference_types: Vec<String>,
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "null_as_default"
    )]
    pub sub_attributes: Vec<AttributeDef>,
}

/// Some servers send `null` or non-string entries for string lists.
fn lenient_strings<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<String>, D::Error> {
    let value = Option::<Vec<serde_json::Value>>::deserialize(deserializer)?;
    Ok(value
        .unwrap_or_default()
        .into_iter()
        .filter_map(|item| match item {
            serde_json::Value::String(text) => Some(text),
            serde_json::Value::Null => None,
            other => Some(other.to_string()),
        })
        .collect())
}

impl AttributeDef {
    /// A plain single-valued, read-write attribute of a type.
    pub fn simple(name: &str, attr_type: AttrType) -> AttributeDef {
        AttributeDef {
            name: name.to_string(),
            attr_type,
            multi_valued: false,
            description: String::new(),
            required: false,
            case_exact: false,
            mutability: Mutability::default(),
            returned: Returned::default(),
            uniqueness: Uniqueness::default(),
            canonical_values: Vec::new(),
            reference_types: Vec::new(),
            sub_attributes: Vec::new(),
        }
    }

    /// The sub-attribute with this name, case-insensitive.
    pub fn sub_attribute(&self, name: &str) -> Option<&AttributeDef> {
        self.sub_attributes
            .iter()
            .find(|s| s.name.eq_ignore_ascii_case(name))
    }

    /// True when clients may not change the value (`readOnly`, or
    /// `immutable` once set).
    pub fn is_read_only(&self) -> bool {
        self.mutability == Mutability::ReadOnly
    }
}

/// One schema from `/Schemas`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Schema {
    pub id: String,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub name: String,
    #[serde(
        default,
        skip_serializing_if = "String::is_empty",
        deserialize_with = "null_as_empty"
    )]
    pub description: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub attributes: Vec<AttributeDef>,
}

impl Schema {
    /// The top-level attribute with this name, case-insensitive.
    pub fn attribute(&self, name: &str) -> Option<&AttributeDef> {
        self.attributes
            .iter()
            .find(|a| a.name.eq_ignore_ascii_case(name))
    }
}

/// One resource type from `/ResourceTypes`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ResourceTypeDef {
    #[serde(default, deserialize_with = "null_as_empty")]
    pub id: String,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub name: String,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub endpoint: String,
    #[serde(
        default,
        skip_serializing_if = "String::is_empty",
        deserialize_with = "null_as_empty"
    )]
    pub description: String,
    pub schema: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub schema_extensions: Vec<SchemaExtension>,
}

/// A schema extension a resource type allows (or requires).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SchemaExtension {
    pub schema: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub required: bool,
}

fn null_as_empty<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    Ok(Option::<String>::deserialize(deserializer)?.unwrap_or_default())
}

fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}
