//! The provisioning log: one entry per HTTP request sent, exportable as
//! JSON and CSV for audits. It holds paths and statuses, never a token
//! (the core never sees one).

use super::operation::Action;
use crate::datetime::civil_from_days;
use crate::http::Method;
use serde::Serialize;

/// What became of one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum LogOutcome {
    /// A 2xx answer (or a 404 to a DELETE: the object is already gone).
    Ok,
    /// Failed transiently; the same request is sent again.
    Retry,
    Failed,
    /// A conflict (409) or a vanished object (404) the executor repaired
    /// with the requests that follow it.
    Recovered,
    /// Not sent: a dry run blocks every request that changes the target.
    DryRun,
    /// Ended by a cancel (or a stopped run) instead of being retried.
    Cancelled,
}

impl LogOutcome {
    pub fn as_str(self) -> &'static str {
        match self {
            LogOutcome::Ok => "ok",
            LogOutcome::Retry => "retry",
            LogOutcome::Failed => "failed",
            LogOutcome::Recovered => "recovered",
            LogOutcome::DryRun => "dryRun",
            LogOutcome::Cancelled => "cancelled",
        }
    }
}

/// One HTTP request of a run.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LogEntry {
    /// When the request was sent, ISO 8601 UTC with milliseconds.
    pub time: String,
    /// Index of the operation in the plan.
    pub operation: usize,
    pub resource_type: String,
    pub source_id: Option<String>,
    pub target_id: Option<String>,
    pub action: Action,
    pub method: Method,
    pub path: String,
    /// `None` when no HTTP answer arrived (network error, timeout, dry run).
    pub status: Option<u16>,
    /// 1 for the first try of this request, 2 for its first retry…
    pub attempt: u32,
    pub duration_ms: u64,
    pub outcome: LogOutcome,
    /// For `retry`: how long the executor waits before the next attempt.
    pub retry_in_ms: Option<u64>,
    /// What went wrong, in words (SCIM `detail`, network error…).
    pub error: Option<String>,
}

const CSV_HEADER: [&str; 14] = [
    "time",
    "operation",
    "resourceType",
    "sourceId",
    "targetId",
    "action",
    "method",
    "path",
    "status",
    "attempt",
    "durationMs",
    "outcome",
    "retryInMs",
    "error",
];

/// The log as CSV (RFC 4180: CRLF line ends, fields quoted when they hold
/// a comma, quote or line break). Cells starting with `=`, `+`, `-`, `@`
/// (or a tab / carriage return) get a leading `'`, so a spreadsheet never
/// runs a formula smuggled in through a user's attribute.
pub fn to_csv(entries: &[LogEntry]) -> String {
    let mut out = String::new();
    write_row(&mut out, CSV_HEADER.iter().map(|h| h.to_string()));
    let text = |value: &Option<String>| value.clone().unwrap_or_default();
    let number = |value: Option<u64>| value.map(|n| n.to_string()).unwrap_or_default();
    for entry in entries {
        write_row(
            &mut out,
            [
                entry.time.clone(),
                entry.operation.to_string(),
                entry.resource_type.clone(),
                text(&entry.source_id),
                text(&entry.target_id),
                entry.action.as_str().to_string(),
                entry.method.as_str().to_string(),
                entry.path.clone(),
                number(entry.status.map(u64::from)),
                entry.attempt.to_string(),
                entry.duration_ms.to_string(),
                entry.outcome.as_str().to_string(),
                number(entry.retry_in_ms),
                text(&entry.error),
            ],
        );
    }
    out
}

fn write_row(out: &mut String, cells: impl IntoIterator<Item = String>) {
    for (index, cell) in cells.into_iter().enumerate() {
        if index > 0 {
            out.push(',');
        }
        out.push_str(&csv_cell(&cell));
    }
    out.push_str("\r\n");
}

/// One CSV field: formula-neutralised, then quoted if needed.
fn csv_cell(value: &str) -> String {
    let mut cell = String::with_capacity(value.len() + 3);
    if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        cell.push('\'');
    }
    cell.push_str(value);
    if cell.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", cell.replace('"', "\"\""))
    } else {
        cell
    }
}

/// Unix milliseconds as `2026-01-31T09:05:07.042Z`.
pub fn format_timestamp(millis: f64) -> String {
    // `as` saturates: a NaN or absurd clock gives a wrong date, not a panic.
    let millis = millis.round() as i64;
    let days = millis.div_euclid(86_400_000);
    let in_day = millis.rem_euclid(86_400_000);
    let (year, month, day) = civil_from_days(days);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:03}Z",
        in_day / 3_600_000,
        in_day / 60_000 % 60,
        in_day / 1000 % 60,
        in_day % 1000
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_timestamps_as_iso8601() {
        assert_eq!(format_timestamp(0.0), "1970-01-01T00:00:00.000Z");
        assert_eq!(
            format_timestamp(1_445_412_480_042.0),
            "2015-10-21T07:28:00.042Z"
        );
        assert_eq!(format_timestamp(-1.0), "1969-12-31T23:59:59.999Z");
        let parsed = crate::datetime::parse_iso8601(&format_timestamp(1_700_000_123_456.0));
        assert_eq!(parsed, Some(1_700_000_123_456));
    }

    #[test]
    fn quotes_and_neutralises_cells() {
        assert_eq!(csv_cell("plain"), "plain");
        assert_eq!(csv_cell("a,b"), "\"a,b\"");
        assert_eq!(csv_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_cell("two\nlines"), "\"two\nlines\"");
        assert_eq!(csv_cell("=1+1"), "'=1+1");
        assert_eq!(csv_cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_cell("-2"), "'-2");
        assert_eq!(csv_cell("+x"), "'+x");
        assert_eq!(
            csv_cell("=HYPERLINK(\"http://evil\",\"x\")"),
            "\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\""
        );
    }
}
