//! The only shape HTTP takes inside the core: plain request/response values
//! and a small [`Transport`] trait. The browser implements it with fetch
//! (`crate::web`), tests with an in-memory fake, so everything that decides
//! *what* to send or *what an answer means* is tested without a network.

use serde::Serialize;
use std::future::Future;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Method {
    Get,
    Post,
    Put,
    Patch,
    Delete,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }
}

/// A SCIM request relative to the base URL (`/Users?filter=…`). The token is
/// not part of it: only the transport holds the token, so a request can be
/// logged, previewed or exported without leaking it.
#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    pub method: Method,
    pub path: String,
    pub body: Option<serde_json::Value>,
}

impl Request {
    pub fn get(path: impl Into<String>) -> Self {
        Request {
            method: Method::Get,
            path: path.into(),
            body: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    pub status: u16,
    pub content_type: Option<String>,
    /// The `Retry-After` header, when present (seconds or an HTTP date).
    pub retry_after: Option<String>,
    pub body: String,
}

/// Why no HTTP response arrived.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TransportError {
    /// DNS, refused connection, CORS refusal, TLS…: the browser does not say which.
    Network(String),
    Timeout {
        seconds: u32,
    },
    /// A dry run refused to send a request that would change the target.
    DryRunBlocked,
    Cancelled,
}

/// Sends one request. Implementations add the base URL and the token.
pub trait Transport {
    fn send(&self, request: Request) -> impl Future<Output = Result<Response, TransportError>>;
}

/// Time for code that waits: the sync executor's backoff, `Retry-After`
/// and pause. The browser implements it with `Date.now` and `setTimeout`,
/// tests and simulations with a virtual clock that jumps instead of waiting,
/// so the core itself never reads the clock.
pub trait Timer {
    /// Milliseconds since the Unix epoch.
    fn now_millis(&self) -> f64;
    /// Resolves after `millis` milliseconds.
    fn sleep(&self, millis: u64) -> impl Future<Output = ()>;
}

/// Joins a base URL (`https://x/scim/v2/` or `/scim`) and a SCIM path (`/Users`).
pub fn join_url(base: &str, path: &str) -> String {
    format!(
        "{}/{}",
        base.trim().trim_end_matches('/'),
        path.trim_start_matches('/')
    )
}

/// A shell-safe `curl` command for a request, for admins who want to try one
/// by hand. The token is never in it: it reads `$SCIM_TOKEN` from the shell.
pub fn curl_command(base_url: &str, request: &Request) -> String {
    let quote = |text: &str| format!("'{}'", text.replace('\'', "'\\''"));
    let mut command = format!(
        "curl -X {} {} \\\n  -H \"Authorization: Bearer $SCIM_TOKEN\" \\\n  -H 'Accept: application/scim+json'",
        request.method.as_str(),
        quote(&join_url(base_url, &request.path))
    );
    if let Some(body) = &request.body {
        let json = serde_json::to_string_pretty(body).unwrap_or_default();
        command.push_str(&format!(
            " \\\n  -H 'Content-Type: application/scim+json' \\\n  --data-binary {}",
            quote(&json)
        ));
    }
    command
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn curl_commands_quote_hostile_values_and_never_hold_the_token() {
        let request = Request {
            method: Method::Post,
            path: "/Users".into(),
            body: Some(
                serde_json::json!({"userName": "o'brien@example.com", "title": "$(rm -rf /)"}),
            ),
        };
        let command = curl_command("https://x/scim/v2/", &request);
        assert!(
            command.starts_with("curl -X POST 'https://x/scim/v2/Users'"),
            "{command}"
        );
        assert!(command.contains(r#"-H "Authorization: Bearer $SCIM_TOKEN""#));
        assert!(command.contains(r#"o'\''brien@example.com"#), "{command}");
        // Everything after --data-binary is one single-quoted word.
        let data = command.split("--data-binary ").nth(1).unwrap();
        assert!(data.starts_with('\'') && data.ends_with('\''));
        assert_eq!(
            curl_command("/scim", &Request::get("/Users?count=1"))
                .lines()
                .count(),
            3
        );
    }

    #[test]
    fn joins_urls_with_exactly_one_slash() {
        assert_eq!(
            join_url("https://a/scim/v2/", "/Users"),
            "https://a/scim/v2/Users"
        );
        assert_eq!(join_url("/scim", "Users?count=1"), "/scim/Users?count=1");
        assert_eq!(
            join_url(" https://a/x ", "/ServiceProviderConfig"),
            "https://a/x/ServiceProviderConfig"
        );
    }
}
