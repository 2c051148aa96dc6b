//! "Test connection": what the SCIM server says it supports, or one clear
//! sentence about what is wrong and what to check.
//!
//! Pure: it talks through [`Transport`], so every failure mode (401, a web
//! page instead of SCIM, a dead server…) is tested natively with a fake.

use crate::error::Error;
use crate::http::{Request, Response, Transport, TransportError};
use crate::mapping::config::DiscoveredTarget;
use crate::scim::schema::SchemaSet;
use serde::Serialize;
use serde_json::Value;

const SPC_PATH: &str = "/ServiceProviderConfig";
const USERS_PATH: &str = "/Users?count=1";
const SCHEMAS_PATH: &str = "/Schemas";
const RESOURCE_TYPES_PATH: &str = "/ResourceTypes";

/// What the server announced in `/ServiceProviderConfig`, plus a user
/// count and the schemas it declares.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ConnectionReport {
    pub patch: bool,
    /// `Some(max operations)` when bulk is supported.
    pub bulk: Option<u64>,
    pub filter: bool,
    pub max_results: Option<u64>,
    pub sort: bool,
    pub etag: bool,
    pub change_password: bool,
    /// Names (or types) of the announced authentication schemes.
    pub auth_schemes: Vec<String>,
    pub documentation_uri: Option<String>,
    /// `totalResults` of `GET /Users?count=1`.
    pub total_users: Option<u64>,
    /// `/Schemas` + `/ResourceTypes` with the PATCH support, ready to be
    /// chosen as the target's schemas; or why they could not be read (many
    /// servers do not implement discovery: the connection still works).
    pub discovery: Result<DiscoveredTarget, Error>,
}

impl ConnectionReport {
    /// The discovered schemas, when the server described itself.
    pub fn discovered(&self) -> Option<&DiscoveredTarget> {
        self.discovery.as_ref().ok()
    }
}

/// Runs the two requests of a connection test.
pub async fn test_connection<T: Transport>(transport: &T) -> Result<ConnectionReport, Error> {
    let spc = transport.send(Request::get(SPC_PATH)).await;
    let spc = expect_scim_json(SPC_PATH, spc)?;
    if !declares_schema(&spc, "ServiceProviderConfig") {
        return Err(Error::new(
            "connection.notScim",
            SPC_PATH,
            "The server answered with JSON, but not with a SCIM ServiceProviderConfig. Check that the base URL is the SCIM root (the part before /Users).",
        ));
    }
    let mut report = read_service_provider_config(&spc);
    let users = transport.send(Request::get(USERS_PATH)).await;
    let users = expect_scim_json(USERS_PATH, users)?;
    report.total_users = users.get("totalResults").and_then(Value::as_u64);
    report.discovery = discover_schemas(transport)
        .await
        .map(|schemas| DiscoveredTarget {
            schemas,
            patch_supported: Some(report.patch),
        });
    Ok(report)
}

/// Reads `/Schemas` and `/ResourceTypes` (RFC 7644 §4) into a schema set
/// that has at least a User resource type.
pub async fn discover_schemas<T: Transport>(transport: &T) -> Result<SchemaSet, Error> {
    let schemas = transport.send(Request::get(SCHEMAS_PATH)).await;
    let schemas = expect_scim_json(SCHEMAS_PATH, schemas)?;
    let types = transport.send(Request::get(RESOURCE_TYPES_PATH)).await;
    let types = expect_scim_json(RESOURCE_TYPES_PATH, types)?;
    let set = SchemaSet::from_discovery(&schemas, &types).map_err(|e| {
        let inner = e.path.strip_prefix("$.resourceTypes").map_or_else(
            || e.path.replacen("$.schemas", SCHEMAS_PATH, 1),
            |rest| format!("{RESOURCE_TYPES_PATH}{rest}"),
        );
        Error::new(e.code, inner, e.message)
    })?;
    if set.resource("User").is_none() {
        return Err(Error::new(
            "connection.noUserSchema",
            RESOURCE_TYPES_PATH,
            "The server lists no User resource type, so its schemas cannot check user mappings.",
        ));
    }
    Ok(set)
}

fn supported(spc: &Value, feature: &str) -> bool {
    spc.get(feature)
        .and_then(|f| f.get("supported"))
        .and_then(Value::as_bool)
        .unwrap_or(false)
}

fn read_service_provider_config(spc: &Value) -> ConnectionReport {
    let bulk = supported(spc, "bulk").then(|| {
        spc.pointer("/bulk/maxOperations")
            .and_then(Value::as_u64)
            .unwrap_or(0)
    });
    let auth_schemes = spc
        .get("authenticationSchemes")
        .and_then(Value::as_array)
        .map(|schemes| {
            schemes
                .iter()
                .filter_map(|s| {
                    s.get("name")
                        .or_else(|| s.get("type"))
                        .and_then(Value::as_str)
                })
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();
    ConnectionReport {
        patch: supported(spc, "patch"),
        bulk,
        filter: supported(spc, "filter"),
        max_results: spc.pointer("/filter/maxResults").and_then(Value::as_u64),
        sort: supported(spc, "sort"),
        etag: supported(spc, "etag"),
        change_password: supported(spc, "changePassword"),
        auth_schemes,
        documentation_uri: spc
            .get("documentationUri")
            .and_then(Value::as_str)
            .map(str::to_string),
        total_users: None,
        discovery: Err(Error::new(
            "connection.notDiscovered",
            SCHEMAS_PATH,
            "Not read yet.",
        )),
    }
}

fn declares_schema(body: &Value, suffix: &str) -> bool {
    body.get("schemas")
        .and_then(Value::as_array)
        .is_some_and(|s| {
            s.iter()
                .filter_map(Value::as_str)
                .any(|urn| urn.ends_with(suffix))
        })
}

/// The `detail` of a SCIM error body (RFC 7644 §3.12), shortened for one line.
pub fn scim_error_detail(body: &str) -> Option<String> {
    let value: Value = crate::json::from_str(body).ok()?;
    let detail = value.get("detail").and_then(Value::as_str)?.trim();
    if detail.is_empty() {
        return None;
    }
    let mut short: String = detail.chars().take(300).collect();
    if short.len() < detail.len() {
        short.push('…');
    }
    Some(short)
}

/// Turns one answer into SCIM JSON, or into the explanation an admin needs.
/// Shared by every read of the target (connection test, import, lookups).
pub(crate) fn expect_scim_json(
    path: &str,
    answer: Result<Response, TransportError>,
) -> Result<Value, Error> {
    let response = answer.map_err(|e| transport_error(path, e))?;
    let detail = scim_error_detail(&response.body)
        .map(|d| format!(" The server said: {d}"))
        .unwrap_or_default();
    let status = response.status;
    let problem = match status {
        200..=299 => None,
        401 => Some((
            "connection.unauthorized",
            format!("The server refused the token (HTTP 401).{detail} Check the token: paste it again, without spaces; it is sent as `Authorization: Bearer <token>`."),
        )),
        403 => Some((
            "connection.forbidden",
            format!("The token was accepted but lacks permission (HTTP 403).{detail} Give it user-provisioning (SCIM) rights — in Asana, a service account with the \"User provisioning (SCIM)\" scope."),
        )),
        404 => Some((
            "connection.notFound",
            format!("No SCIM endpoint at this URL (HTTP 404 for {path}). The base URL must be the SCIM root, the part before /Users (e.g. https://app.asana.com/api/1.0/scim)."),
        )),
        500..=599 => Some((
            "connection.serverError",
            format!("The SCIM server failed (HTTP {status}).{detail} Try again later; if it persists, contact the app's support."),
        )),
        _ => Some(("connection.unexpectedStatus", format!("Unexpected answer: HTTP {status}.{detail}"))),
    };
    if let Some((code, message)) = problem {
        return Err(Error::new(code, path, message));
    }
    let content_type = response
        .content_type
        .as_deref()
        .unwrap_or("")
        .to_ascii_lowercase();
    let parsed: Option<Value> = crate::json::from_str(&response.body).ok();
    match parsed {
        Some(value @ Value::Object(_)) => Ok(value),
        _ => {
            let what =
                if content_type.contains("html") || response.body.trim_start().starts_with('<') {
                    "a web page (HTML)".to_string()
                } else if content_type.is_empty() {
                    "something that is not JSON".to_string()
                } else {
                    format!("`{content_type}`, not JSON")
                };
            Err(Error::new(
                "connection.notScim",
                path,
                format!("The URL answered with {what}, not SCIM. Check that the base URL is the SCIM root (the part before /Users)."),
            ))
        }
    }
}

fn transport_error(path: &str, error: TransportError) -> Error {
    let (code, message) = match error {
        TransportError::Network(detail) => (
            "connection.network",
            format!("Could not reach the server ({detail}). Check the base URL and that the server is running; a SCIM API that sends no CORS headers must be reached through a same-origin reverse proxy (see the README)."),
        ),
        TransportError::Timeout { seconds } => (
            "connection.timeout",
            format!("No answer within {seconds} seconds. Check the URL and the network; the server may be down or overloaded."),
        ),
        TransportError::DryRunBlocked => ("connection.dryRun", "A dry run does not send this request.".to_string()),
        TransportError::Cancelled => ("connection.cancelled", "The request was cancelled.".to_string()),
    };
    Error::new(code, path, message)
}

#[cfg(test)]
mod tests;
