//! `--format table`: aligned plain-text tables for people.
//!
//! The one place that decides widths, truncation and escaping, so every
//! command renders alike. Cell text comes from configurations and
//! directories an admin did not write: control characters, newlines and
//! bidirectional overrides are shown as escapes, never sent to the terminal
//! raw, where they could reorder, hide or overwrite what the table says.

use std::io::IsTerminal;

/// Between two columns.
const GAP: &str = "  ";
/// What a cell shows for a missing or null value.
pub const NONE: &str = "-";

/// What a command prints: the contract's JSON or a table for people.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    Table,
}

impl Format {
    /// `--format`'s value; anything else is a usage error (exit 2).
    pub fn parse(text: &str) -> Result<Format, crate::args::CliError> {
        match text {
            "json" => Ok(Format::Json),
            "table" => Ok(Format::Table),
            other => Err(crate::args::CliError::usage(format!(
                "unknown --format `{}`: use `json` (the default) or `table`",
                neutralise(other)
            ))),
        }
    }
}

/// A table: a header row, then rows of cells, each column at most `max` chars.
pub struct Table {
    titles: Vec<&'static str>,
    limits: Vec<usize>,
    rows: Vec<Vec<String>>,
}

impl Table {
    /// `columns` are `(title, widest cell in terminal columns)`; wider
    /// cells end in `…`.
    pub fn new(columns: &[(&'static str, usize)]) -> Table {
        Table {
            titles: columns.iter().map(|(title, _)| *title).collect(),
            limits: columns.iter().map(|(_, max)| (*max).max(1)).collect(),
            rows: Vec::new(),
        }
    }

    /// Adds a row; cells are escaped and truncated here. Missing cells are
    /// empty, extra cells are dropped.
    pub fn push<S: AsRef<str>>(&mut self, cells: &[S]) {
        let row = self
            .limits
            .iter()
            .enumerate()
            .map(|(i, max)| {
                let text = cells.get(i).map(AsRef::as_ref).unwrap_or("");
                truncate(&neutralise(text), *max)
            })
            .collect();
        self.rows.push(row);
    }

    /// The header, a rule, then the rows; columns as wide as their widest
    /// cell (in terminal columns), no trailing spaces, no final newline. `colour` makes
    /// the header bold (only for a terminal).
    pub fn render(&self, colour: bool) -> String {
        let widths: Vec<usize> = self
            .titles
            .iter()
            .enumerate()
            .map(|(i, title)| {
                self.rows
                    .iter()
                    .filter_map(|row| row.get(i))
                    .map(|cell| width(cell))
                    .chain([width(title)])
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let header = line(&self.titles, &widths);
        let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
        let mut lines = vec![
            if colour {
                format!("\x1b[1m{header}\x1b[0m")
            } else {
                header
            },
            line(&rule, &widths),
        ];
        lines.extend(self.rows.iter().map(|row| line(row, &widths)));
        lines.join("\n")
    }
}

/// One line: every cell padded to its column's width, the last one not.
fn line<S: AsRef<str>>(cells: &[S], widths: &[usize]) -> String {
    let mut out = String::new();
    for (i, (cell, width)) in cells.iter().zip(widths).enumerate() {
        let cell = cell.as_ref();
        if i > 0 {
            out.push_str(GAP);
        }
        out.push_str(cell);
        let pad = width.saturating_sub(self::width(cell));
        out.extend(std::iter::repeat_n(' ', pad));
    }
    out.truncate(out.trim_end().len());
    out
}

/// Whether tables may use colour: stdout is a terminal and `NO_COLOR` is
/// unset or empty (<https://no-color.org>).
pub fn colour() -> bool {
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// The text with every character that could move the cursor, hide text or
/// reorder it shown as an escape: `\n`, `\r`, `\t`, and `\u{…}` for other
/// control, bidirectional and invisible formatting characters.
pub fn neutralise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if is_hostile(c) => out.push_str(&format!("\\u{{{:04x}}}", u32::from(c))),
            c => out.push(c),
        }
    }
    out
}

/// Text for stderr: each line [`neutralise`]d, the line breaks kept. Error
/// messages quote expressions, filters and directory values, which must not
/// be able to move the cursor or recolour the admin's terminal.
pub fn neutralise_lines(text: &str) -> String {
    text.split('\n')
        .map(neutralise)
        .collect::<Vec<_>>()
        .join("\n")
}

/// Pretty JSON as `--format table` shows it: the same document, with the
/// characters serde_json leaves raw (DEL, C1 controls, bidi overrides) as
/// `\uXXXX` escapes. Still valid JSON: outside strings only ASCII
/// punctuation, spaces and newlines occur, and newlines are never escaped.
pub fn terminal_safe_json(pretty: &str) -> String {
    let mut out = String::with_capacity(pretty.len());
    for c in pretty.chars() {
        if c != '\n' && is_hostile(c) {
            // Every hostile character is in the Basic Multilingual Plane.
            out.push_str(&format!("\\u{:04x}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out
}

/// Control characters (C0, DEL, C1) and the invisible formatting characters
/// that change how the text around them is displayed.
fn is_hostile(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{00ad}'                  // soft hyphen
            | '\u{061c}'                // Arabic letter mark
            | '\u{200b}'..='\u{200f}'   // zero-width space/joiners, LRM, RLM
            | '\u{2028}'..='\u{202e}'   // line/paragraph separators, bidi embeddings and overrides
            | '\u{2060}'..='\u{2064}'   // word joiner, invisible operators
            | '\u{2066}'..='\u{2069}'   // bidi isolates
            | '\u{feff}' // zero-width no-break space (BOM)
        )
}

/// At most `max` terminal columns; a cut text ends in `…`.
pub fn truncate(text: &str, max: usize) -> String {
    if width(text) <= max {
        return text.to_string();
    }
    let room = max.saturating_sub(1);
    let mut used = 0;
    let mut cut = String::new();
    for c in text.chars() {
        used += char_width(c);
        if used > room {
            break;
        }
        cut.push(c);
    }
    cut.push('…');
    cut
}

/// How many terminal columns `text` takes: East Asian wide characters and
/// emoji take two, combining marks none (what terminals do; a CJK name
/// counted as one column per char would push the next column out of line).
pub fn width(text: &str) -> usize {
    text.chars().map(char_width).sum()
}

fn char_width(c: char) -> usize {
    match c {
        // Combining marks: drawn over the previous character.
        '\u{0300}'..='\u{036f}'
        | '\u{1ab0}'..='\u{1aff}'
        | '\u{1dc0}'..='\u{1dff}'
        | '\u{20d0}'..='\u{20ff}'
        | '\u{fe00}'..='\u{fe0f}'
        | '\u{fe20}'..='\u{fe2f}' => 0,
        // East Asian Wide and Fullwidth (Unicode's EastAsianWidth W/F blocks), emoji.
        '\u{1100}'..='\u{115f}'
        | '\u{2e80}'..='\u{303e}'
        | '\u{3041}'..='\u{33ff}'
        | '\u{3400}'..='\u{4dbf}'
        | '\u{4e00}'..='\u{9fff}'
        | '\u{a000}'..='\u{a4cf}'
        | '\u{ac00}'..='\u{d7a3}'
        | '\u{f900}'..='\u{faff}'
        | '\u{fe30}'..='\u{fe4f}'
        | '\u{ff00}'..='\u{ff60}'
        | '\u{ffe0}'..='\u{ffe6}'
        | '\u{1f300}'..='\u{1f64f}'
        | '\u{1f900}'..='\u{1f9ff}'
        | '\u{20000}'..='\u{2fffd}'
        | '\u{30000}'..='\u{3fffd}' => 2,
        _ => 1,
    }
}

/// A command's result as the JSON array the contract prints (empty if it
/// is not one), so tables read the same fields a script would.
pub fn json_array(items: &impl serde::Serialize) -> Vec<serde_json::Value> {
    match serde_json::to_value(items) {
        Ok(serde_json::Value::Array(items)) => items,
        _ => Vec::new(),
    }
}

/// `1 error`, `2 errors`.
pub fn count(n: usize, singular: &str, plural: &str) -> String {
    format!("{n} {}", if n == 1 { singular } else { plural })
}

/// A JSON value as cell text: strings without quotes, null as [`NONE`].
pub fn text_of(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Null => NONE.to_string(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_as_wide_as_their_widest_cell_in_chars() {
        let mut table = Table::new(&[("NAME", 20), ("CITY", 20)]);
        table.push(&["Zoë Müller", "Tōkyō"]);
        table.push(&["Al", "Oslo"]);
        let text = table.render(false);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "NAME        CITY");
        assert_eq!(lines[1], "----------  -----");
        assert_eq!(lines[2], "Zoë Müller  Tōkyō");
        assert_eq!(lines[3], "Al          Oslo");
    }

    #[test]
    fn wide_and_combining_characters_keep_columns_in_line() {
        let mut table = Table::new(&[("NAME", 20), ("CITY", 20)]);
        table.push(&["山田太郎", "東京"]);
        table.push(&["Zoe\u{0308}", "Oslo"]);
        let text = table.render(false);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "NAME      CITY");
        assert_eq!(lines[2], "山田太郎  東京");
        assert_eq!(lines[3], "Zoe\u{0308}       Oslo");
        // Cut by columns: 5 columns hold two wide characters and the ellipsis.
        assert_eq!(truncate("山田太郎", 5), "山田…");
        assert_eq!(truncate("山田", 4), "山田");
        assert_eq!(width("😀a"), 3);
    }

    #[test]
    fn long_cells_end_in_an_ellipsis_at_the_column_limit() {
        let mut table = Table::new(&[("A", 5), ("B", 3)]);
        table.push(&["abcdefgh", "ééééé"]);
        let text = table.render(false);
        assert_eq!(text.lines().nth(2), Some("abcd…  éé…"));
    }

    #[test]
    fn hostile_characters_become_visible_escapes() {
        let cell = neutralise("a\nb\r\t\u{1b}[2J\u{202e}evil\u{7f}\u{9b}\u{200b}");
        assert_eq!(
            cell,
            "a\\nb\\r\\t\\u{001b}[2J\\u{202e}evil\\u{007f}\\u{009b}\\u{200b}"
        );
        assert!(!cell.chars().any(is_hostile));
    }

    #[test]
    fn terminal_safe_json_stays_the_same_json() {
        let value = serde_json::json!({"name": "x\u{202e}y\u{9b}z\n", "n": [1, 2]});
        let pretty = serde_json::to_string_pretty(&value).unwrap();
        let safe = terminal_safe_json(&pretty);
        assert!(!safe.chars().any(|c| c != '\n' && is_hostile(c)));
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&safe).unwrap(),
            value
        );
    }

    #[test]
    fn colour_only_bolds_the_header() {
        let mut table = Table::new(&[("A", 5)]);
        table.push(&["x"]);
        let text = table.render(true);
        assert!(text.starts_with("\x1b[1mA\x1b[0m\n"));
        assert_eq!(text.matches('\x1b').count(), 2);
    }

    #[test]
    fn unknown_formats_are_usage_errors() {
        assert_eq!(Format::parse("table").ok(), Some(Format::Table));
        let err = Format::parse("xml").err().unwrap();
        assert_eq!(err.exit, crate::args::EXIT_USAGE);
        assert!(err.message.contains("`xml`") && err.message.contains("table"));
    }
}
