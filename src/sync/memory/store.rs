//! The resources of the in-memory SCIM server and what each endpoint does
//! to them (RFC 7644 §3): create with uniqueness, read, list with filter
//! and paging, PATCH, PUT, DELETE.

use crate::http::{Method, Request, Response};
use crate::scim::filter::{self, Filter};
use crate::scim::patch;
use crate::scim::path::find_key;
use crate::scim::schema::{SchemaSet, GROUP_SCHEMA, USER_SCHEMA};
use crate::sync::log::format_timestamp;
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

const LIST_SCHEMA: &str = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
const ERROR_SCHEMA: &str = "urn:ietf:params:scim:api:messages:2.0:Error";
const SPC_SCHEMA: &str = "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig";
/// Page size when the client gives no `count`, and the most it may ask for.
const DEFAULT_PAGE: usize = 100;
const MAX_PAGE: usize = 1_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    User,
    Group,
}

impl Kind {
    fn from_segment(segment: &str) -> Option<Kind> {
        if segment.eq_ignore_ascii_case("Users") {
            Some(Kind::User)
        } else if segment.eq_ignore_ascii_case("Groups") {
            Some(Kind::Group)
        } else {
            None
        }
    }

    fn name(self) -> &'static str {
        match self {
            Kind::User => "User",
            Kind::Group => "Group",
        }
    }

    fn collection(self) -> &'static str {
        match self {
            Kind::User => "/Users",
            Kind::Group => "/Groups",
        }
    }

    /// The attribute that must be unique (case-insensitively) per type.
    fn unique_attribute(self) -> &'static str {
        match self {
            Kind::User => "userName",
            Kind::Group => "displayName",
        }
    }

    fn schema(self) -> &'static str {
        match self {
            Kind::User => USER_SCHEMA,
            Kind::Group => GROUP_SCHEMA,
        }
    }
}

/// One resource type's objects, by id, with the uniqueness index.
#[derive(Debug, Default)]
struct Collection {
    by_id: BTreeMap<String, Value>,
    /// Lowercased unique attribute value → id.
    unique: BTreeMap<String, String>,
}

impl Collection {
    fn owner_of(&self, key: &str) -> Option<&String> {
        self.unique.get(key)
    }

    fn put(&mut self, id: String, key: Option<String>, resource: Value) {
        self.unindex(&id);
        if let Some(key) = key {
            self.unique.entry(key).or_insert_with(|| id.clone());
        }
        self.by_id.insert(id, resource);
    }

    fn unindex(&mut self, id: &str) {
        self.unique.retain(|_, owner| owner != id);
    }
}

#[derive(Debug)]
pub(super) struct Store {
    users: Collection,
    groups: Collection,
    next_id: u64,
    /// Write counter, used as the `meta.version` ETag.
    writes: u64,
    schemas: SchemaSet,
    pub now: f64,
}

impl Store {
    pub fn new() -> Self {
        Store {
            users: Collection::default(),
            groups: Collection::default(),
            next_id: 0,
            writes: 0,
            schemas: SchemaSet::rfc7643(),
            now: 0.0,
        }
    }

    fn collection(&self, kind: Kind) -> &Collection {
        match kind {
            Kind::User => &self.users,
            Kind::Group => &self.groups,
        }
    }

    fn collection_mut(&mut self, kind: Kind) -> &mut Collection {
        match kind {
            Kind::User => &mut self.users,
            Kind::Group => &mut self.groups,
        }
    }

    /// Adds an existing resource as it is (a snapshot of a real target):
    /// keeps its id and meta, gives it an id if it has none. Non-objects
    /// are ignored.
    pub fn insert_snapshot(&mut self, kind: Kind, resource: Value) {
        let Value::Object(mut map) = resource else {
            return;
        };
        let id = match map.get("id").and_then(Value::as_str) {
            Some(id) if !id.is_empty() => id.to_string(),
            _ => {
                let id = self.new_id();
                map.insert("id".into(), Value::String(id.clone()));
                id
            }
        };
        let key = unique_key(&map, kind);
        self.collection_mut(kind).put(id, key, Value::Object(map));
    }

    pub fn resources(&self, kind: Kind) -> Vec<Value> {
        self.collection(kind).by_id.values().cloned().collect()
    }

    /// Answers one request as a SCIM service provider would.
    pub fn handle(&mut self, request: &Request) -> Response {
        let (route, query) = request
            .path
            .split_once('?')
            .unwrap_or((request.path.as_str(), ""));
        let segments: Vec<&str> = route.split('/').filter(|s| !s.is_empty()).collect();
        let body = request.body.as_ref();
        match (segments.as_slice(), request.method) {
            ([name], Method::Get) if name.eq_ignore_ascii_case("ServiceProviderConfig") => {
                respond(200, service_provider_config())
            }
            ([collection], method) => match (Kind::from_segment(collection), method) {
                (None, _) => error(404, None, &format!("No endpoint {route}.")),
                (Some(kind), Method::Get) => self.list(kind, query),
                (Some(kind), Method::Post) => self.create(kind, body),
                (Some(_), method) => not_allowed(method, route),
            },
            ([collection, id], method) => {
                let Some(kind) = Kind::from_segment(collection) else {
                    return error(404, None, &format!("No endpoint {route}."));
                };
                let Some(id) = percent_decode(id, false) else {
                    return error(
                        400,
                        Some("invalidSyntax"),
                        "The id is not valid percent-encoded UTF-8.",
                    );
                };
                match method {
                    Method::Get => self.get(kind, &id),
                    Method::Put => self.replace(kind, &id, body),
                    Method::Patch => self.patch(kind, &id, body),
                    Method::Delete => self.delete(kind, &id),
                    Method::Post => not_allowed(method, route),
                }
            }
            _ => error(404, None, &format!("No endpoint {route}.")),
        }
    }

    fn get(&self, kind: Kind, id: &str) -> Response {
        match self.collection(kind).by_id.get(id) {
            Some(resource) => respond(200, resource.clone()),
            None => missing(kind, id),
        }
    }

    fn list(&self, kind: Kind, query: &str) -> Response {
        let mut filter: Option<Filter> = None;
        let mut start_index = 1usize;
        let mut count = DEFAULT_PAGE;
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            let (name, raw) = pair.split_once('=').unwrap_or((pair, ""));
            let Some(value) = percent_decode(raw, true) else {
                return error(
                    400,
                    Some("invalidSyntax"),
                    &format!("`{name}` is not valid percent-encoded UTF-8."),
                );
            };
            if name.eq_ignore_ascii_case("filter") {
                match filter::parse(&value) {
                    Ok(parsed) => filter = Some(parsed),
                    Err(e) => {
                        return error(
                            400,
                            Some("invalidFilter"),
                            &format!("{} ({})", e.message, e.path),
                        )
                    }
                }
            } else if name.eq_ignore_ascii_case("startIndex") || name.eq_ignore_ascii_case("count")
            {
                // RFC 7644 §3.4.2.4: startIndex below 1 means 1, a negative count 0.
                let Ok(number) = value.trim().parse::<i64>() else {
                    return error(
                        400,
                        Some("invalidValue"),
                        &format!("`{name}` must be an integer."),
                    );
                };
                let number = usize::try_from(number.max(0)).unwrap_or(usize::MAX);
                if name.eq_ignore_ascii_case("count") {
                    count = number.min(MAX_PAGE);
                } else {
                    start_index = number.max(1);
                }
            }
        }
        let schema = self.schemas.resource(kind.name());
        let matched: Vec<&Value> = self
            .collection(kind)
            .by_id
            .values()
            .filter(|r| {
                filter
                    .as_ref()
                    .is_none_or(|f| f.matches(r, schema.as_ref()))
            })
            .collect();
        let page: Vec<Value> = matched
            .iter()
            .skip(start_index - 1)
            .take(count)
            .map(|r| (*r).clone())
            .collect();
        respond(
            200,
            json!({
                "schemas": [LIST_SCHEMA],
                "totalResults": matched.len(),
                "startIndex": start_index,
                "itemsPerPage": page.len(),
                "Resources": page,
            }),
        )
    }

    fn create(&mut self, kind: Kind, body: Option<&Value>) -> Response {
        let Some(Value::Object(fields)) = body else {
            return error(
                400,
                Some("invalidSyntax"),
                "The body must be a JSON object.",
            );
        };
        let now = format_timestamp(self.now);
        self.store(kind, None, fields.clone(), &now)
    }

    fn replace(&mut self, kind: Kind, id: &str, body: Option<&Value>) -> Response {
        let Some(current) = self.collection(kind).by_id.get(id) else {
            return missing(kind, id);
        };
        let Some(Value::Object(fields)) = body else {
            return error(
                400,
                Some("invalidSyntax"),
                "The body must be a JSON object.",
            );
        };
        let created = created_of(current).unwrap_or_else(|| format_timestamp(self.now));
        self.store(kind, Some(id), fields.clone(), &created)
    }

    fn patch(&mut self, kind: Kind, id: &str, body: Option<&Value>) -> Response {
        let Some(current) = self.collection(kind).by_id.get(id) else {
            return missing(kind, id);
        };
        let Some(body) = body else {
            return error(400, Some("invalidSyntax"), "A PATCH needs a PatchOp body.");
        };
        let schema = self.schemas.resource(kind.name());
        let patched = match patch::apply(current, body, schema.as_ref()) {
            Ok(Value::Object(fields)) => fields,
            Ok(_) => {
                return error(
                    400,
                    Some("invalidValue"),
                    "The PATCH did not leave an object.",
                )
            }
            Err(e) => return error(400, Some(&e.code), &format!("{} ({})", e.message, e.path)),
        };
        let created = created_of(current).unwrap_or_else(|| format_timestamp(self.now));
        self.store(kind, Some(id), patched, &created)
    }

    /// Validates and saves a resource's client-writable fields, with
    /// server-set `id` and `meta`, and answers with it: under `existing`
    /// (200), or under a new id (201) only once the resource is valid.
    fn store(
        &mut self,
        kind: Kind,
        existing: Option<&str>,
        mut fields: Map<String, Value>,
        created: &str,
    ) -> Response {
        for read_only in ["id", "meta"] {
            if let Some(key) = find_key(&fields, read_only) {
                fields.remove(&key);
            }
        }
        let attribute = kind.unique_attribute();
        let Some(key) = unique_key(&fields, kind) else {
            return error(
                400,
                Some("invalidValue"),
                &format!("`{attribute}` is required and must be a non-empty string."),
            );
        };
        if let Some(owner) = self.collection(kind).owner_of(&key) {
            if Some(owner.as_str()) != existing {
                return error(
                    409,
                    Some("uniqueness"),
                    &format!("A {} with this {attribute} already exists.", kind.name()),
                );
            }
        }
        let (id, status) = match existing {
            Some(id) => (id.to_string(), 200),
            None => (self.new_id(), 201),
        };
        self.writes += 1;
        let mut resource = Map::new();
        let schemas = find_key(&fields, "schemas")
            .and_then(|k| fields.remove(&k))
            .unwrap_or_else(|| json!([kind.schema()]));
        resource.insert("schemas".into(), schemas);
        resource.insert("id".into(), Value::String(id.clone()));
        resource.extend(fields);
        resource.insert(
            "meta".into(),
            json!({
                "resourceType": kind.name(),
                "created": created,
                "lastModified": format_timestamp(self.now),
                "location": format!("{}/{id}", kind.collection()),
                "version": format!("W/\"{}\"", self.writes),
            }),
        );
        let resource = Value::Object(resource);
        self.collection_mut(kind)
            .put(id, Some(key), resource.clone());
        respond(status, resource)
    }

    fn delete(&mut self, kind: Kind, id: &str) -> Response {
        let collection = self.collection_mut(kind);
        if collection.by_id.remove(id).is_none() {
            return missing(kind, id);
        }
        collection.unindex(id);
        if kind == Kind::User {
            self.drop_memberships(id);
        }
        Response {
            status: 204,
            content_type: None,
            retry_after: None,
            body: String::new(),
        }
    }

    /// A deleted user leaves every group, as real servers do.
    fn drop_memberships(&mut self, user_id: &str) {
        for group in self.groups.by_id.values_mut() {
            if let Some(Value::Array(members)) = group.get_mut("members") {
                members.retain(|m| m.get("value").and_then(Value::as_str) != Some(user_id));
            }
        }
    }

    /// Sequential ids shaped like UUIDs, never reusing one in use.
    fn new_id(&mut self) -> String {
        loop {
            self.next_id = self.next_id.wrapping_add(1);
            let id = format!("00000000-0000-4000-8000-{:012x}", self.next_id);
            if !self.users.by_id.contains_key(&id) && !self.groups.by_id.contains_key(&id) {
                return id;
            }
        }
    }
}

/// The lowercased unique attribute, when present as a non-empty string.
fn unique_key(fields: &Map<String, Value>, kind: Kind) -> Option<String> {
    let key = find_key(fields, kind.unique_attribute())?;
    let value = fields.get(&key)?.as_str()?.trim();
    (!value.is_empty()).then(|| value.to_lowercase())
}

fn created_of(resource: &Value) -> Option<String> {
    resource
        .pointer("/meta/created")
        .and_then(Value::as_str)
        .map(str::to_string)
}

fn respond(status: u16, body: Value) -> Response {
    Response {
        status,
        content_type: Some("application/scim+json".into()),
        retry_after: None,
        body: body.to_string(),
    }
}

/// A SCIM error response (RFC 7644 §3.12).
pub(super) fn error(status: u16, scim_type: Option<&str>, detail: &str) -> Response {
    let mut body =
        json!({"schemas": [ERROR_SCHEMA], "status": status.to_string(), "detail": detail});
    if let (Some(scim_type), Value::Object(map)) = (scim_type, &mut body) {
        map.insert("scimType".into(), Value::String(scim_type.into()));
    }
    respond(status, body)
}

fn missing(kind: Kind, id: &str) -> Response {
    error(404, None, &format!("{} {id} not found.", kind.name()))
}

fn not_allowed(method: Method, route: &str) -> Response {
    error(
        405,
        None,
        &format!("{} is not allowed on {route}.", method.as_str()),
    )
}

fn service_provider_config() -> Value {
    json!({
        "schemas": [SPC_SCHEMA],
        "patch": {"supported": true},
        "bulk": {"supported": false, "maxOperations": 0, "maxPayloadSize": 0},
        "filter": {"supported": true, "maxResults": MAX_PAGE},
        "changePassword": {"supported": false},
        "sort": {"supported": false},
        "etag": {"supported": false},
        "authenticationSchemes": [{"type": "oauthbearertoken", "name": "OAuth Bearer Token", "description": "In-memory simulation"}],
    })
}

/// Decodes `%XX` escapes (and `+` as a space in query values). `None` for
/// a broken escape or bytes that are not UTF-8.
fn percent_decode(text: &str, plus_is_space: bool) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while let Some(&byte) = bytes.get(index) {
        match byte {
            b'%' => {
                let digits = bytes.get(index + 1..index + 3)?;
                if !digits.iter().all(u8::is_ascii_hexdigit) {
                    return None;
                }
                let hex = std::str::from_utf8(digits).ok()?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                index += 3;
            }
            b'+' if plus_is_space => {
                out.push(b' ');
                index += 1;
            }
            _ => {
                out.push(byte);
                index += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::percent_decode;

    #[test]
    fn decodes_percent_escapes() {
        assert_eq!(
            percent_decode("userName%20eq%20%22a%2Bb%40x.com%22", true).as_deref(),
            Some("userName eq \"a+b@x.com\"")
        );
        assert_eq!(percent_decode("a+b", true).as_deref(), Some("a b"));
        assert_eq!(percent_decode("a+b", false).as_deref(), Some("a+b"));
        assert_eq!(percent_decode("%E2%82%AC", false).as_deref(), Some("€"));
        for broken in ["%", "%4", "%zz", "%+1", "%FF"] {
            assert_eq!(percent_decode(broken, false), None, "{broken}");
        }
    }
}
