//! When to try a request again and how long to wait first: the server's
//! `Retry-After` when it gives one, else exponential backoff with jitter
//! so that many clients (or many operations) do not retry in lockstep.

use crate::datetime::days_from_civil;
use std::cell::Cell;

/// Statuses worth retrying: throttling (429), request timeout (408) and
/// server errors, except those that say the server never will (501, 505).
pub fn is_retryable_status(status: u16) -> bool {
    matches!(status, 408 | 429) || (500..=599).contains(&status) && !matches!(status, 501 | 505)
}

/// Milliseconds to wait according to a `Retry-After` header: delta
/// seconds (`120`) or an HTTP date (`Wed, 21 Oct 2015 07:28:00 GMT`)
/// relative to `now_millis`. A date in the past means "now" (0). `None`
/// when the header is not understood.
pub fn retry_after_millis(header: &str, now_millis: f64) -> Option<u64> {
    let text = header.trim();
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        // Absurdly long digit strings saturate rather than fail.
        let seconds = text.parse::<u64>().unwrap_or(u64::MAX);
        return Some(seconds.saturating_mul(1000));
    }
    let at = parse_http_date(text)?;
    let wait = at as f64 - now_millis;
    Some(if wait > 0.0 { wait.ceil() as u64 } else { 0 })
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// Parses the three HTTP date forms RFC 9110 §5.6.7 requires recipients to
/// accept — IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`), RFC 850
/// (`Sunday, 06-Nov-94 08:49:37 GMT`) and asctime (`Sun Nov  6 08:49:37
/// 1994`) — into Unix milliseconds.
pub fn parse_http_date(text: &str) -> Option<i64> {
    let mut month = None;
    let mut numbers: Vec<&str> = Vec::new();
    let mut clock = None;
    for token in text
        .split(|c: char| c.is_whitespace() || c == ',' || c == '-')
        .filter(|t| !t.is_empty())
    {
        if token.contains(':') {
            clock = Some(parse_clock(token)?);
        } else if token.bytes().all(|b| b.is_ascii_digit()) {
            numbers.push(token);
        } else if let Some(index) = MONTHS.iter().position(|m| m.eq_ignore_ascii_case(token)) {
            month = Some(index as u32 + 1);
        } else if !token.bytes().all(|b| b.is_ascii_alphabetic()) {
            return None; // weekday names and `GMT` are the only words allowed
        }
    }
    let (month, (hour, minute, second)) = (month?, clock?);
    let [day, year] = numbers.as_slice() else {
        return None;
    };
    if day.len() > 2 || !(year.len() == 2 || year.len() == 4) {
        return None;
    }
    let day: u32 = day.parse().ok()?;
    let mut year: i64 = year.parse().ok()?;
    if year < 100 {
        // RFC 850's two-digit years: pick the century that is not far future.
        year += if year < 70 { 2000 } else { 1900 };
    }
    if day == 0 || day > crate::datetime::days_in_month(year, month) {
        return None;
    }
    let seconds = days_from_civil(year, month, day) * 86_400 + (hour * 60 + minute) * 60 + second;
    Some(seconds * 1000)
}

/// `hh:mm:ss` into its three numbers, range-checked.
fn parse_clock(token: &str) -> Option<(i64, i64, i64)> {
    let mut parts = token.split(':');
    let mut next = |max: i64| -> Option<i64> {
        let part = parts.next()?;
        if part.len() != 2 || !part.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let value: i64 = part.parse().ok()?;
        (value <= max).then_some(value)
    };
    let clock = (next(23)?, next(59)?, next(60)?);
    parts.next().is_none().then_some(clock)
}

/// Exponential backoff with "equal jitter": attempt `n` waits between half
/// of and the full `base · 2^(n-1)`, capped. The jitter comes from a small
/// seeded generator, so a run's waits are reproducible.
#[derive(Debug)]
pub struct Backoff {
    base_ms: u64,
    max_ms: u64,
    state: Cell<u64>,
}

impl Backoff {
    pub fn new(base_ms: u64, max_ms: u64, seed: u64) -> Self {
        Backoff {
            base_ms,
            max_ms,
            state: Cell::new(seed),
        }
    }

    /// The wait after failed attempt number `attempt` (1 = the first try).
    pub fn delay_ms(&self, attempt: u32) -> u64 {
        let factor = 1u64
            .checked_shl(attempt.saturating_sub(1))
            .unwrap_or(u64::MAX);
        let ceiling = self.base_ms.saturating_mul(factor).min(self.max_ms);
        let half = ceiling / 2;
        let jitter = self.next_random() % (ceiling - half).saturating_add(1);
        half.saturating_add(jitter).min(ceiling)
    }

    fn next_random(&self) -> u64 {
        let mut state = self.state.get();
        let value = splitmix64(&mut state);
        self.state.set(state);
        value
    }
}

/// splitmix64: a tiny, well-distributed generator that gives the same
/// sequence on every platform (jitter here, fault injection in tests).
pub(crate) fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_all_three_http_date_forms() {
        let expected = Some(784_111_777_000);
        assert_eq!(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"), expected);
        assert_eq!(parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT"), expected);
        assert_eq!(parse_http_date("Sun Nov  6 08:49:37 1994"), expected);
        assert_eq!(
            parse_http_date("Wed, 21 Oct 2015 07:28:00 GMT"),
            Some(1_445_412_480_000)
        );
    }

    #[test]
    fn rejects_what_is_not_an_http_date() {
        for text in [
            "",
            "soon",
            "Wed, 32 Oct 2015 07:28:00 GMT",
            "Wed, 21 Foo 2015 07:28:00 GMT",
            "Wed, 21 Oct 2015 25:28:00 GMT",
            "Wed, 21 Oct 2015 07:28 GMT",
            "Wed, 21 Oct 2015 07:28:00:00 GMT",
            "Wed, 21 Oct 99999 07:28:00 GMT",
            "Wed, 21 Oct 2015 07:28:00 GMT+2",
        ] {
            assert_eq!(parse_http_date(text), None, "{text}");
        }
    }

    #[test]
    fn retry_after_is_seconds_or_a_date_relative_to_now() {
        assert_eq!(retry_after_millis("2", 0.0), Some(2_000));
        assert_eq!(retry_after_millis(" 0 ", 0.0), Some(0));
        assert_eq!(
            retry_after_millis("99999999999999999999999", 0.0),
            Some(u64::MAX)
        );
        let now = 1_445_412_480_000.0 - 3_500.0;
        assert_eq!(
            retry_after_millis("Wed, 21 Oct 2015 07:28:00 GMT", now),
            Some(3_500)
        );
        assert_eq!(
            retry_after_millis("Wed, 21 Oct 2015 07:28:00 GMT", now + 10_000.0),
            Some(0)
        );
        assert_eq!(retry_after_millis("-5", 0.0), None);
        assert_eq!(retry_after_millis("later", 0.0), None);
    }

    #[test]
    fn backoff_grows_within_equal_jitter_bounds_and_is_capped() {
        let backoff = Backoff::new(100, 1_000, 7);
        for attempt in 1..=70 {
            let ceiling = (100u64 << (attempt - 1).min(20)).min(1_000);
            let delay = backoff.delay_ms(attempt);
            assert!(
                delay >= ceiling / 2 && delay <= ceiling,
                "attempt {attempt}: {delay}"
            );
        }
    }

    #[test]
    fn backoff_is_reproducible_from_its_seed() {
        let waits = |seed| {
            let backoff = Backoff::new(500, 60_000, seed);
            (1..10).map(|a| backoff.delay_ms(a)).collect::<Vec<_>>()
        };
        assert_eq!(waits(1), waits(1));
        assert_ne!(waits(1), waits(2));
    }

    #[test]
    fn retries_throttling_and_transient_server_errors_only() {
        for status in [408, 429, 500, 502, 503, 504] {
            assert!(is_retryable_status(status), "{status}");
        }
        for status in [200, 400, 401, 403, 404, 409, 501, 505] {
            assert!(!is_retryable_status(status), "{status}");
        }
    }
}
