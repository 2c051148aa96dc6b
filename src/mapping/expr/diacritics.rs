//! NormalizeDiacritics: Microsoft's published table, hand-rolled (no
//! Unicode-normalization crate in the wasm bundle).
//!
//! Each precomposed character in the table maps to its base letters;
//! combining marks (U+0300–U+036F and friends) are then dropped, which covers
//! the table's multi-code-point entries such as `ā́`, `e̊̄` or `a̱`.

use super::functions::is_combining_mark;

/// (characters with diacritics, replacement), straight from the reference.
const TABLE: &[(&str, &str)] = &[
    ("äàâãåáąăāǟǡ", "a"),
    ("ÄÀÂÃÅÁĄĂĀǞǠ", "A"),
    ("æǣ", "ae"),
    ("ÆǢ", "AE"),
    ("çčć", "c"),
    ("ÇČĆ", "C"),
    ("ďḏ", "d"),
    ("ĎḎ", "D"),
    ("ëèéêęěėēḗḕ", "e"),
    ("ËÈÉÊĘĚĖĒḖḔ", "E"),
    ("ğḡ", "g"),
    ("ĞḠ", "G"),
    ("ïîìíıī", "i"),
    ("ÏÎÌÍİĪ", "I"),
    ("ľłḹḻ", "l"),
    ("ŁĽḸḺ", "L"),
    ("ñńňṉ", "n"),
    ("ÑŃŇṈ", "N"),
    ("öòőõôóōṓṑȫǭȭȱ", "o"),
    ("ÖÒŐÕÔÓŌṒṐȪǬȬȰ", "O"),
    ("øœ", "oe"),
    ("ØŒ", "OE"),
    ("řṟṝ", "r"),
    ("ŘṞṜ", "R"),
    ("ß", "ss"),
    ("šśșş", "s"),
    ("ŠŚȘŞ", "S"),
    ("ťțṯ", "t"),
    ("ŤȚṮ", "T"),
    ("üùûúůűūǖṻṳ", "u"),
    ("ÜÙÛÚŮŰŪǕṺṲ", "U"),
    ("ÿýȳ", "y"),
    ("ŸÝȲ", "Y"),
    ("źžżẕ", "z"),
    ("ŹŽŻẔ", "Z"),
];

/// Replaces diacritical characters with their plain equivalents.
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii() {
            out.push(c);
            continue;
        }
        if is_combining_mark(c) {
            continue;
        }
        match TABLE.iter().find(|(chars, _)| chars.contains(c)) {
            Some((_, plain)) => out.push_str(plain),
            None => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_documented_row_normalizes() {
        let rows = [
            ("ä, à, â, ã, å, á, ą, ă, ā, ā́, ā̀, ā̂, ā̃, ǟ, ā̈, ǡ, a̱, å̄", "a"),
            ("Ä, À, Â, Ã, Å, Á, Ą, Ă, Ā, Ā́, Ā̀, Ā̂, Ā̃, Ǟ, Ā̈, Ǡ, A̱, Å̄", "A"),
            ("æ, ǣ", "ae"),
            ("Æ, Ǣ", "AE"),
            ("ç, č, ć, c̄, c̱", "c"),
            ("Ç, Č, Ć, C̄, C̱", "C"),
            ("ď, d̄, ḏ", "d"),
            ("Ď, D̄, Ḏ", "D"),
            ("ë, è, é, ê, ę, ě, ė, ē, ḗ, ḕ, ē̂, ē̃, ê̄, e̱, ë̄, e̊̄", "e"),
            ("Ë, È, É, Ê, Ę, Ě, Ė, Ē, Ḗ, Ḕ, Ē̂, Ē̃, Ê̄, E̱, Ë̄, E̊̄", "E"),
            ("ğ, ḡ, g̱", "g"),
            ("Ğ, Ḡ, G̱", "G"),
            ("ï, î, ì, í, ı, ī, ī́, ī̀, ī̂, ī̃, i̱", "i"),
            ("Ï, Î, Ì, Í, İ, Ī, Ī́, Ī̀, Ī̂, Ī̃, I̱", "I"),
            ("ľ, ł, l̄, ḹ, ḻ", "l"),
            ("Ł, Ľ, L̄, Ḹ, Ḻ", "L"),
            ("ñ, ń, ň, n̄, ṉ", "n"),
            ("Ñ, Ń, Ň, N̄, Ṉ", "N"),
            ("ö, ò, ő, õ, ô, ó, ō, ṓ, ṑ, ō̂, ō̃, ȫ, ō̈, ǭ, ȭ, ȱ, o̱", "o"),
            ("Ö, Ò, Ő, Õ, Ô, Ó, Ō, Ṓ, Ṑ, Ō̂, Ō̃, Ȫ, Ō̈, Ǭ, Ȭ, Ȱ, O̱", "O"),
            ("ø, ø̄, œ̄", "oe"),
            ("Ø, Ø̄, Œ̄", "OE"),
            ("ř, r̄, ṟ, ṝ", "r"),
            ("Ř, R̄, Ṟ, Ṝ", "R"),
            ("ß", "ss"),
            ("š, ś, ș, ş, s̄, s̱", "s"),
            ("Š, Ś, Ș, Ş, S̄, S̱", "S"),
            ("ť, ț, t̄, ṯ", "t"),
            ("Ť, Ț, T̄, Ṯ", "T"),
            ("ü, ù, û, ú, ů, ű, ū, ū́, ū̀, ū̂, ū̃, u̇̄, ǖ, ṻ, ṳ̄, u̱", "u"),
            ("Ü, Ù, Û, Ú, Ů, Ű, Ū, Ū́, Ū̀, Ū̂, Ū̃, U̇̄, Ǖ, Ṻ, Ṳ̄, U̱", "U"),
            ("ÿ, ý, ȳ, ȳ́, ȳ̀, ȳ̃, y̱", "y"),
            ("Ÿ, Ý, Ȳ, Ȳ́, Ȳ̀, Ȳ̃, Y̱", "Y"),
            ("ź, ž, ż, z̄, ẕ", "z"),
            ("Ź, Ž, Ż, Z̄, Ẕ", "Z"),
        ];
        for (row, plain) in rows {
            for entry in row.split(", ") {
                assert_eq!(
                    normalize(entry),
                    plain,
                    "{entry:?} ({:?})",
                    entry.chars().collect::<Vec<_>>()
                );
            }
        }
    }

    #[test]
    fn leaves_other_text_alone() {
        assert_eq!(
            normalize("Zoë Ñúñez-O'Brien 東京"),
            "Zoe Nunez-O'Brien 東京"
        );
    }
}
