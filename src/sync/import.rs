//! Reading the target: every user and group over SCIM (paged), merged
//! into the contract's target snapshot (§3), and lookups by the matching
//! attribute.
//!
//! Paging follows RFC 7644 §3.4.2.4 and survives what real servers do: a
//! page shorter than asked (the server's `maxResults`), a missing
//! `totalResults`, a server that ignores `startIndex` and sends page one
//! again, and one that never stops. Errors are the connection test's
//! explanations ([`crate::connection`]), located at the request path.

use crate::connection::expect_scim_json;
use crate::error::Error;
use crate::http::{Request, Transport};
use crate::scim::filter::eq_query;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeSet;

/// What `GET /Users` and `GET /Groups` returned, all pages merged
/// (contract §3).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TargetSnapshot {
    #[serde(default)]
    pub users: Vec<Value>,
    #[serde(default)]
    pub groups: Vec<Value>,
}

impl TargetSnapshot {
    /// Reads a snapshot file. Syntax errors carry `line L, column C`; a
    /// wrong shape carries the JSON path (`$.users[3]`).
    pub fn from_json(text: &str) -> Result<TargetSnapshot, Error> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let value: Value = crate::json::from_str(text).map_err(|e| {
            Error::new(
                "snapshot.syntax",
                format!("line {}, column {}", e.line(), e.column()),
                format!("invalid JSON: {e}"),
            )
        })?;
        TargetSnapshot::from_owned(value)
    }

    /// Checks the shape: an object whose optional `users` and `groups` are
    /// arrays of objects (SCIM resources).
    pub fn from_value(value: &Value) -> Result<TargetSnapshot, Error> {
        TargetSnapshot::from_owned(value.clone())
    }

    /// [`from_value`](Self::from_value) taking the resources out of `value`
    /// instead of copying them (100,000 target users from the JS API).
    pub fn from_owned(mut value: Value) -> Result<TargetSnapshot, Error> {
        let Some(map) = value.as_object_mut() else {
            return Err(Error::new(
                "snapshot.shape",
                "$",
                "a target snapshot is an object: {\"users\": [...], \"groups\": [...]}",
            ));
        };
        let mut take = |key: &str| -> Result<Vec<Value>, Error> {
            match map.get_mut(key) {
                None | Some(Value::Null) => Ok(Vec::new()),
                Some(Value::Array(items)) => {
                    if let Some(index) = items.iter().position(|item| !item.is_object()) {
                        return Err(Error::new(
                            "snapshot.shape",
                            format!("$.{key}[{index}]"),
                            "each resource must be a JSON object",
                        ));
                    }
                    Ok(std::mem::take(items))
                }
                Some(_) => Err(Error::new(
                    "snapshot.shape",
                    format!("$.{key}"),
                    format!("`{key}` must be an array of SCIM resources"),
                )),
            }
        };
        Ok(TargetSnapshot {
            users: take("users")?,
            groups: take("groups")?,
        })
    }
}

/// Limits of one import.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ImportOptions {
    /// `count` asked per page; the server may send fewer.
    pub page_size: u32,
    /// Stop with an error after this many pages (a server that never
    /// says it is done).
    pub max_pages: u32,
}

impl Default for ImportOptions {
    fn default() -> Self {
        ImportOptions {
            page_size: 100,
            max_pages: 10_000,
        }
    }
}

/// Imports every user and group: the target snapshot.
pub async fn import_snapshot<T: Transport>(
    transport: &T,
    options: &ImportOptions,
) -> Result<TargetSnapshot, Error> {
    let users = import_collection(transport, "/Users", options).await?;
    let groups = import_collection(transport, "/Groups", options).await?;
    Ok(TargetSnapshot { users, groups })
}

/// Every resource of one collection (`/Users`, `/Groups`), page by page.
pub async fn import_collection<T: Transport>(
    transport: &T,
    collection: &str,
    options: &ImportOptions,
) -> Result<Vec<Value>, Error> {
    let page_size = options.page_size.max(1);
    let mut resources: Vec<Value> = Vec::new();
    let mut seen_ids: BTreeSet<String> = BTreeSet::new();
    // 1-based index of the next resource to ask for.
    let mut start: u64 = 1;
    let mut pages: u32 = 0;
    loop {
        if pages >= options.max_pages.max(1) {
            return Err(Error::new(
                "import.tooManyPages",
                collection,
                format!(
                    "Stopped after {pages} pages of {collection} ({} resources) without reaching the end: the server keeps sending pages. Check its paging (startIndex/count/totalResults).",
                    resources.len()
                ),
            ));
        }
        pages += 1;
        let path = format!("{collection}?startIndex={start}&count={page_size}");
        let answer = transport.send(Request::get(path.clone())).await;
        let body = expect_scim_json(&path, answer)?;
        let page = list_page(&path, &body)?;
        if page.resources.is_empty() {
            break;
        }
        let received = page.resources.len() as u64;
        let mut new_ones = 0usize;
        for resource in page.resources {
            match resource.get("id").and_then(Value::as_str) {
                Some(id) if !seen_ids.insert(id.to_string()) => {}
                _ => {
                    new_ones += 1;
                    resources.push(resource);
                }
            }
        }
        if new_ones == 0 {
            // The same objects again: the server ignores startIndex.
            let complete = page
                .total_results
                .is_none_or(|total| resources.len() as u64 >= total);
            if complete {
                break;
            }
            return Err(Error::new(
                "import.pagingIgnored",
                path,
                format!(
                    "The server sent the same {collection} again for startIndex={start}: it ignores paging, so only {} of {} could be read. Ask the app's support about startIndex, or raise its page size.",
                    resources.len(),
                    page.total_results.unwrap_or_default()
                ),
            ));
        }
        start = start.saturating_add(received);
        if page
            .total_results
            .is_some_and(|total| start > total || resources.len() as u64 >= total)
        {
            break;
        }
    }
    Ok(resources)
}

/// The objects of `collection` whose `attribute` equals `value`
/// (`GET /Users?filter=userName%20eq%20%22…%22`), e.g. to check whether a
/// user exists before creating it.
pub async fn find_by<T: Transport>(
    transport: &T,
    collection: &str,
    attribute: &str,
    value: &str,
) -> Result<Vec<Value>, Error> {
    let path = lookup_path(collection, attribute, value);
    let answer = transport.send(Request::get(path.clone())).await;
    let body = expect_scim_json(&path, answer)?;
    Ok(list_page(&path, &body)?.resources)
}

/// `GET` path finding objects by one attribute, the value quoted and
/// percent-encoded: `/Users?filter=userName%20eq%20%22a%40x.com%22`.
pub fn lookup_path(collection: &str, attribute: &str, value: &str) -> String {
    format!("{collection}?filter={}", eq_query(attribute, value))
}

/// One ListResponse page.
struct Page {
    resources: Vec<Value>,
    total_results: Option<u64>,
}

fn list_page(path: &str, body: &Value) -> Result<Page, Error> {
    let resources = match body.get("Resources") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) => items.iter().filter(|r| r.is_object()).cloned().collect(),
        Some(_) => {
            return Err(Error::new(
                "import.notList",
                path,
                "The answer's `Resources` is not a list: not a SCIM ListResponse.",
            ))
        }
    };
    let total_results = body.get("totalResults").and_then(Value::as_u64);
    Ok(Page {
        resources,
        total_results,
    })
}
