//! Sentence splitting: full stops that are not abbreviations, initials or decimals; blank lines;
//! list items; and single line breaks that the writer meant (a short line) as opposed to those a
//! hard wrap made. One pass over the text, with bounded look-around at each candidate.

use crate::model::Sentence;
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

/// The word lists' hasher, after wyhash: a word of up to 16 bytes is read as two (possibly
/// overlapping) words and mixed with one wide multiply. Words are looked up several times per
/// token, SipHash's DoS resistance buys nothing for fixed, compiled-in keys, and a
/// byte-at-a-time hash (FNV) spends a multiply on every byte.
#[derive(Default, Clone, Copy)]
pub(crate) struct WordHasher(u64);

pub(crate) const MIX: u64 = 0xa076_1d64_78bd_642f;
pub(crate) const MIX2: u64 = 0xe703_7ed1_a0b4_28db;

/// The high and low halves of the 128-bit product, folded.
pub(crate) fn fold(a: u64, b: u64) -> u64 {
    let p = u128::from(a) * u128::from(b);
    (p as u64) ^ ((p >> 64) as u64)
}

pub(crate) fn read8(b: &[u8], i: usize) -> u64 {
    b.get(i..i + 8)
        .and_then(|s| s.try_into().ok())
        .map_or(0, u64::from_le_bytes)
}

pub(crate) fn read4(b: &[u8], i: usize) -> u64 {
    b.get(i..i + 4)
        .and_then(|s| s.try_into().ok())
        .map_or(0, |w| u64::from(u32::from_le_bytes(w)))
}

impl std::hash::Hasher for WordHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let n = bytes.len();
        // The length goes into the seed: "ab" and "abc" read the same three bytes.
        let mut seed = self.0 ^ MIX ^ (n as u64).wrapping_mul(MIX2);
        let (a, b) = if n <= 16 {
            if n >= 8 {
                (read8(bytes, 0), read8(bytes, n - 8))
            } else if n >= 4 {
                (read4(bytes, 0), read4(bytes, n - 4))
            } else if n > 0 {
                let (x, y, z) = (bytes[0], bytes[n / 2], bytes[n - 1]);
                ((u64::from(x) << 16) | (u64::from(y) << 8) | u64::from(z), 0)
            } else {
                (0, 0)
            }
        } else {
            let mut i = 0;
            while i + 16 < n {
                seed = fold(read8(bytes, i) ^ MIX2, read8(bytes, i + 8) ^ seed);
                i += 16;
            }
            (read8(bytes, n - 16), read8(bytes, n - 8))
        };
        self.0 = fold(a ^ MIX2, b ^ seed);
    }
    fn write_u8(&mut self, b: u8) {
        // `str` hashes end with a 0xff byte; a cheap step keeps it without another multiply.
        self.0 = self.0.rotate_left(8) ^ u64::from(b);
    }
}

pub(crate) type FastMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<WordHasher>>;
pub(crate) type FastSet<K> = HashSet<K, std::hash::BuildHasherDefault<WordHasher>>;

/// Lines of a word-list data file: `#` comments and blank lines dropped, fields trimmed.
pub(crate) fn data_lines(data: &'static str) -> impl Iterator<Item = &'static str> {
    data.lines()
        .map(|l| l.split('#').next().unwrap_or("").trim_end())
        .filter(|l| !l.trim().is_empty())
}

/// How an abbreviation's full stop behaves (see `data/lexicon/abbreviations.txt`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AbbrevClass {
    Title,
    Month,
    Number,
    Other,
}

pub(crate) fn abbreviations() -> &'static FastMap<&'static str, AbbrevClass> {
    static MAP: OnceLock<FastMap<&'static str, AbbrevClass>> = OnceLock::new();
    MAP.get_or_init(|| {
        data_lines(include_str!("../../../data/lexicon/abbreviations.txt"))
            .filter_map(|l| {
                let mut f = l.split('\t');
                let form = f.next()?.trim();
                let class = match f.next()?.trim() {
                    "title" => AbbrevClass::Title,
                    "month" => AbbrevClass::Month,
                    "number" => AbbrevClass::Number,
                    _ => AbbrevClass::Other,
                };
                Some((form, class))
            })
            .collect()
    })
}

/// Capitalized function words that open sentences ("The", "But", "In").
pub(crate) fn sentence_starters() -> &'static FastSet<&'static str> {
    static SET: OnceLock<FastSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| {
        data_lines(include_str!("../../../data/lexicon/sentence_starters.txt"))
            .map(str::trim)
            .collect()
    })
}

/// Forms of speech verbs ("said", "asked"), from the quote annotator's list: a question or
/// exclamation in quotes followed by "Kasparov said" has not ended the sentence.
fn speech_verbs() -> &'static FastSet<&'static str> {
    static SET: OnceLock<FastSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| {
        data_lines(include_str!("../../../data/lexicon/attribution_verbs.tsv"))
            .filter_map(|l| l.split('\t').next())
            .map(str::trim)
            .filter(|w| !w.contains(' '))
            .collect()
    })
}

/// Whether a speech verb comes within the next four words ("Kasparov said", "the minister
/// asked"), before any punctuation.
fn speech_verb_follows(after: &str) -> bool {
    for (i, w) in after.split_whitespace().take(4).enumerate() {
        let letters = w.trim_end_matches([',', '.', '!', '?']);
        if !letters.chars().all(char::is_alphabetic) || letters.is_empty() {
            return false;
        }
        if i > 0 && speech_verbs().contains(letters) {
            return true;
        }
        if letters.len() != w.len() {
            return false;
        }
    }
    false
}

/// Splits `text` into sentences (headlines and list items count as sentences), each span
/// trimmed of surrounding whitespace and never empty.
pub fn split(text: &str) -> Vec<Sentence> {
    let cuts = cut_points(text);
    let mut out = Vec::with_capacity(cuts.len() + 1);
    let mut start = 0;
    for cut in cuts.into_iter().chain(std::iter::once(text.len())) {
        if cut < start {
            continue;
        }
        push_trimmed(text, start, cut, &mut out);
        start = cut;
    }
    // A stray mark left alone ("(northeast Kazakhstan). .") belongs to the sentence before it
    // on the same line.
    let mut merged: Vec<Sentence> = Vec::with_capacity(out.len());
    for s in out {
        let bare = !text
            .get(s.start..s.end)
            .unwrap_or("")
            .chars()
            .any(char::is_alphanumeric);
        if let Some(prev) = merged.last_mut() {
            let gap = text.get(prev.end..s.start).unwrap_or("\n");
            if bare && !gap.contains('\n') {
                prev.end = s.end;
                continue;
            }
        }
        merged.push(s);
    }
    merged
}

/// `s.trim_start()`, ASCII whitespace skipped byte by byte: the splitter trims several times
/// per line and per stop, mostly a space or nothing, and `trim_start` decodes every char.
fn trim_start(s: &str) -> &str {
    // Most strings trimmed start with a letter or mark: returned before counting.
    if s.as_bytes()
        .first()
        .is_none_or(|&b| b.is_ascii() && !is_ascii_space(b))
    {
        return s;
    }
    let ascii = s.bytes().take_while(|&b| is_ascii_space(b)).count();
    let rest = s.get(ascii..).unwrap_or("");
    if rest.as_bytes().first().is_some_and(|b| !b.is_ascii()) {
        rest.trim_start()
    } else {
        rest
    }
}

/// The ASCII bytes `trim_start` and `trim_end` take for white space.
fn is_ascii_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t'..=b'\r')
}

/// `s.trim_end()` the same way.
fn trim_end(s: &str) -> &str {
    if s.as_bytes()
        .last()
        .is_none_or(|&b| b.is_ascii() && !is_ascii_space(b))
    {
        return s;
    }
    let ascii = s.bytes().rev().take_while(|&b| is_ascii_space(b)).count();
    let rest = s.get(..s.len() - ascii).unwrap_or("");
    if rest.as_bytes().last().is_some_and(|b| !b.is_ascii()) {
        rest.trim_end()
    } else {
        rest
    }
}

fn push_trimmed(text: &str, start: usize, end: usize, out: &mut Vec<Sentence>) {
    let Some(seg) = text.get(start..end) else {
        return;
    };
    let started = trim_start(seg);
    let lead = seg.len() - started.len();
    let trimmed = trim_end(started);
    if !trimmed.is_empty() {
        let s = start + lead;
        out.push(Sentence {
            start: s,
            end: s + trimmed.len(),
        });
    }
}

/// One line of the text: byte range of its content (without the line break), its width in
/// chars (trailing whitespace excluded) and whether it holds only whitespace. The width is
/// measured only for a line of a block of two or more lines, the only lines whose width is
/// read (a line is compared with its block's widest when a line of the block follows it);
/// it is 0 for the others, most lines of most texts, which hold a paragraph each.
struct Line {
    start: usize,
    end: usize,
    width: usize,
    blank: bool,
}

fn lines_of(text: &str) -> Vec<Line> {
    // Counted first: grown by doubling, a large text's line vector was copied into fresh
    // memory several times.
    let mut out = Vec::with_capacity(memchr::memchr_iter(b'\n', text.as_bytes()).count() + 1);
    let mut start = 0;
    let bytes = text.as_bytes();
    loop {
        let end = memchr::memchr(b'\n', &bytes[start..]).map_or(text.len(), |i| start + i);
        let content = text.get(start..end).unwrap_or("");
        out.push(Line {
            start,
            end,
            width: 0,
            blank: trim_start(trim_end(content)).is_empty(),
        });
        if end >= text.len() {
            break;
        }
        start = end + 1;
    }
    out
}

/// Byte offsets where one sentence ends and the next may begin, in increasing order.
fn cut_points(text: &str) -> Vec<usize> {
    let mut lines = lines_of(text);
    let ellipsis_starts = ellipses(text.as_bytes());
    // Per block of non-blank lines, the widest line: a wrapper does not leave a line short
    // enough that the next line's first word would have fit within that width. Real wrappers
    // are not perfectly greedy (and indentation varies), so a slack of ~8% is allowed.
    let mut block_width = vec![0usize; lines.len()];
    let mut block_lines = vec![0usize; lines.len()];
    let mut i = 0;
    while i < lines.len() {
        if lines[i].blank {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < lines.len() && !lines[j].blank {
            j += 1;
        }
        let mut w = 0;
        if j - i >= 2 {
            for line in &mut lines[i..j] {
                line.width = trim_end(text.get(line.start..line.end).unwrap_or(""))
                    .chars()
                    .count();
                w = w.max(line.width);
            }
        }
        for k in i..j {
            block_width[k] = w;
            block_lines[k] = j - i;
        }
        i = j;
    }

    // News prose ends a sentence every ~140 bytes; reserved, not touched, beyond that.
    let mut cuts = Vec::with_capacity(lines.len() + text.len() / 64);
    let mut prev_cut_line = true; // the previous line ended a sentence (or there is none)
    for (li, line) in lines.iter().enumerate() {
        if line.blank {
            cuts.push(line.start);
            prev_cut_line = true;
            continue;
        }
        if is_list_item(text, line) {
            cuts.push(line.start);
        }
        scan_terminators(text, line, &ellipsis_starts, &mut cuts);
        let Some(next) = lines.get(li + 1) else {
            break;
        };
        if next.blank {
            continue; // the blank line cuts
        }
        let content = text.get(line.start..line.end).unwrap_or("");
        let next_content = text.get(next.start..next.end).unwrap_or("");
        let first_word = next_content
            .split_whitespace()
            .next()
            .map_or(0, |w| w.chars().count());
        let width = block_width[li];
        let slack = (width / 12).max(4);
        let deliberate = line.width + 1 + first_word + slack <= width;
        let ends_clause = trim_end(content).ends_with([',', ';', '-', '–', '(', '/']);
        // A Title Case line standing alone, unless it is one of many lines of a wrapped block.
        let headline = prev_cut_line
            && (block_lines[li] <= 3 || line.width * 4 <= width * 3)
            && looks_like_headline(content);
        let cut_here = (deliberate && !ends_clause) || headline || is_all_caps_line(content);
        if cut_here {
            cuts.push(line.end);
        }
        prev_cut_line =
            cut_here || trim_end(content).ends_with(['.', '!', '?', '"', '”', ')', ':']);
    }
    cuts.sort_unstable();
    cuts.dedup();
    cuts
}

/// A bullet ("•", "-", "*") or a list number ("1.", "2)", "(3)", "a)") opening the line.
fn is_list_item(text: &str, line: &Line) -> bool {
    let content = trim_start(text.get(line.start..line.end).unwrap_or(""));
    let mut chars = content.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    let followed_by_space = |rest: &str| rest.starts_with(|c: char| c.is_whitespace());
    if matches!(
        first,
        '•' | '·'
            | '▪'
            | '‣'
            | '◦'
            | '●'
            | '○'
            | '■'
            | '□'
            | '►'
            | '–'
            | '—'
            | '-'
            | '*'
    ) {
        return followed_by_space(chars.as_str());
    }
    list_marker_len(content).is_some()
}

/// Length in bytes of a numbered-list marker at the start of `s` ("12.", "3)", "(4)", "b)").
pub(crate) fn list_marker_len(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    let mut i = 0;
    let paren = b.first() == Some(&b'(');
    if paren {
        i += 1;
    }
    let digits = b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
    if (1..=3).contains(&digits) {
        i += digits;
    } else if digits == 0 && b.get(i).is_some_and(|c| c.is_ascii_lowercase()) {
        i += 1;
        // "a." is too often an ordinary word; only "a)" and "(a)" mark items.
        if !paren && b.get(i) != Some(&b')') {
            return None;
        }
    } else {
        return None;
    }
    match b.get(i) {
        Some(b')') => i += 1,
        Some(b'.') if !paren => i += 1,
        _ => return None,
    }
    match b.get(i) {
        None | Some(b' ') | Some(b'\t') => Some(i),
        _ => None,
    }
}

/// Title Case without final punctuation: "Kazakh Military to Join UN Peacekeeping Forces".
fn looks_like_headline(line: &str) -> bool {
    let t = line.trim();
    if t.ends_with(['.', ',', ';', ':', '-', '–']) {
        return false;
    }
    let mut words = 0;
    let mut caps = 0;
    for w in t.split_whitespace().take(30) {
        let Some(c) = w.chars().find(|c| c.is_alphanumeric()) else {
            continue;
        };
        if is_small_word(w) {
            continue;
        }
        words += 1;
        if c.is_uppercase() || c.is_numeric() {
            caps += 1;
        }
    }
    (2..=16).contains(&words) && caps * 4 > words * 3
}

fn is_small_word(w: &str) -> bool {
    matches!(
        w,
        "a" | "an"
            | "the"
            | "of"
            | "to"
            | "in"
            | "on"
            | "at"
            | "for"
            | "and"
            | "or"
            | "by"
            | "with"
            | "from"
            | "as"
            | "is"
            | "vs"
    )
}

fn is_all_caps_line(line: &str) -> bool {
    let mut letters = 0;
    for c in line.chars() {
        if c.is_lowercase() {
            return false;
        }
        if c.is_alphabetic() {
            letters += 1;
        }
    }
    letters >= 4
}

fn is_terminator(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…')
}

fn is_closer(c: char) -> bool {
    matches!(c, '"' | '”' | '’' | '\'' | '»' | ')' | ']' | '}')
}

fn is_opener(c: char) -> bool {
    matches!(c, '"' | '“' | '‘' | '\'' | '«' | '(' | '[' | '„')
}

/// Finds sentence-ending punctuation in one line and records the cut after it (and after any
/// closing quotes or brackets that follow it).
fn scan_terminators(text: &str, line: &Line, ellipses: &[usize], cuts: &mut Vec<usize>) {
    let Some(content) = text.get(line.start..line.end) else {
        return;
    };
    // A list marker's full stop ("1. it's pure...") ends nothing.
    let trimmed = trim_start(content);
    let lead = content.len() - trimmed.len();
    let skip_to = list_marker_len(trimmed).map_or(0, |n| lead + n);
    let char_at = |j: usize| content.get(j..).and_then(|r| r.chars().next());
    let first = ellipses.partition_point(|&e| e < line.start);
    let last = ellipses.partition_point(|&e| e < line.end);
    let in_line = ellipses.get(first..last).unwrap_or_default();
    let mut candidates = Terminators::new(content.as_bytes(), in_line, line.start);
    let mut from = skip_to;
    while let Some(i) = candidates.next_from(from) {
        let Some(c) = char_at(i) else {
            break;
        };
        let run_start = line.start + i;
        let mut end = i + c.len_utf8();
        let mut run_len = 1;
        while let Some(d) = char_at(end).filter(|&d| is_terminator(d)) {
            run_len += 1;
            end += d.len_utf8();
        }
        while let Some(d) = char_at(end).filter(|&d| is_closer(d)) {
            end += d.len_utf8();
        }
        from = end;
        let cut = line.start + end;
        // Only a stop followed by whitespace (or the end) can end a sentence: "14.5", "EurasiaNet.org".
        let after = text.get(cut..).unwrap_or("");
        if !(after.is_empty() || after.starts_with(char::is_whitespace)) {
            continue;
        }
        let closed_quote = text
            .get(run_start..cut)
            .is_some_and(|r| r.contains(['"', '”', '\'', '’', '»']));
        if c != '.'
            && closed_quote
            && speech_verb_follows(after.get(..after.len().min(80)).unwrap_or(""))
        {
            continue; // "Why now?” Kasparov said.
        }
        if ends_sentence(text, run_start, c == '.' && run_len == 1, after) {
            cuts.push(cut);
        }
    }
}

/// Positions of sentence-ending marks in a line, found by searching rather than by decoding
/// every char: the ASCII marks with `memchr3`, kept until the scan passes them, so no byte is
/// searched twice; the ellipses ("…") from the list [`ellipses`] made once for the text.
struct Terminators<'a> {
    bytes: &'a [u8],
    /// The next ASCII mark not yet passed (`None`: there is no more).
    ascii: Option<usize>,
    /// The ellipses of the line not yet passed, as offsets in the text.
    ellipses: &'a [usize],
    /// The line's offset in the text.
    base: usize,
}

impl<'a> Terminators<'a> {
    /// `ellipses` are those of the line, as offsets in the text, which starts the line at `base`.
    fn new(bytes: &'a [u8], ellipses: &'a [usize], base: usize) -> Self {
        Terminators {
            bytes,
            ascii: memchr::memchr3(b'.', b'!', b'?', bytes),
            ellipses,
            base,
        }
    }

    /// The first terminator at or after `from`.
    fn next_from(&mut self, from: usize) -> Option<usize> {
        let rest = self.bytes.get(from..)?;
        if self.ascii.is_some_and(|a| a < from) {
            self.ascii = memchr::memchr3(b'.', b'!', b'?', rest).map(|o| from + o);
        }
        while let Some((&e, later)) = self.ellipses.split_first() {
            if e.saturating_sub(self.base) >= from {
                break;
            }
            self.ellipses = later;
        }
        let ellipsis = self.ellipses.first().map(|&e| e.saturating_sub(self.base));
        match (self.ascii, ellipsis) {
            (Some(a), Some(e)) => Some(a.min(e)),
            (a, e) => a.or(e),
        }
    }
}

/// Where each "…" of `bytes` starts, in order, found by its last byte: its lead byte also
/// starts the curly quotes and dashes of most lines, while the last (0xA6) ends few other
/// chars ("æ", "¦"). One search over the whole text: searching each line, most of them
/// without an ellipsis, cost a call per line.
fn ellipses(bytes: &[u8]) -> Vec<usize> {
    memchr::memchr_iter(0xA6, bytes)
        .filter_map(|at| at.checked_sub(2))
        .filter(|&start| bytes.get(start..start + 3) == Some("…".as_bytes()))
        .collect()
}

/// The text after a stop from its next word on: whitespace and opening quotes skipped.
fn from_next_word(after: &str) -> &str {
    let rest = trim_start(after);
    trim_start(rest.trim_start_matches(is_opener))
}

/// The word that opens `rest`, at most 32 bytes of it. Read only when a sentence starter is
/// looked for, after a few stops: most stops are settled by the word's first char.
fn word_at(rest: &str) -> &str {
    let end = rest
        .char_indices()
        .find(|&(i, c)| i >= 32 || !(c.is_alphanumeric() || c == '.' || c == '\''))
        .map_or(rest.len(), |(i, _)| i);
    rest.get(..end).unwrap_or("")
}

/// Where the word that ends `before` starts: up to 24 chars back over letters, digits and
/// stops. ASCII bytes are read as they are; a byte past ASCII hands the whole search to the
/// char-by-char definition.
fn word_start_before(before: &str) -> usize {
    let bytes = before.as_bytes();
    let mut start = bytes.len();
    for &b in bytes.iter().rev().take(24) {
        if !b.is_ascii() {
            return word_start_before_chars(before);
        }
        if !(b.is_ascii_alphanumeric() || b == b'.') {
            break;
        }
        start -= 1;
    }
    start
}

fn word_start_before_chars(before: &str) -> usize {
    before
        .char_indices()
        .rev()
        .take(24)
        .take_while(|&(_, c)| c.is_alphanumeric() || c == '.')
        .last()
        .map_or(before.len(), |(i, _)| i)
}

fn ends_sentence(text: &str, stop_at: usize, single_stop: bool, after: &str) -> bool {
    let rest = from_next_word(after);
    let Some(first) = rest.chars().next() else {
        return true; // end of text
    };
    if first.is_lowercase() {
        return false;
    }
    if !single_stop {
        return true;
    }
    // The word before the stop: letters and inner stops, back to whitespace or an opener.
    let before = text.get(..stop_at).unwrap_or("");
    let wstart = word_start_before(before);
    let prev = before.get(wstart..).unwrap_or("");
    if prev.is_empty() || !prev.starts_with(char::is_alphabetic) {
        return true; // "in 1991. Since": numbers end sentences
    }
    let next_is_digit = first.is_ascii_digit();
    // Looked up only for the classes that ask (most stops follow no abbreviation).
    let starter = || {
        word_at(rest)
            .split('\'')
            .next()
            .is_some_and(|w| sentence_starters().contains(w))
    };
    let single_initial = prev.chars().count() == 1 && prev.starts_with(char::is_uppercase);
    let class = if prev.contains('.') || single_initial {
        Some(AbbrevClass::Other)
    } else {
        abbreviations().get(prev).copied()
    };
    match class {
        None => true,
        Some(AbbrevClass::Title) => false,
        Some(AbbrevClass::Month) => !next_is_digit && starter(),
        Some(AbbrevClass::Number) => !next_is_digit,
        Some(AbbrevClass::Other) => starter(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The byte-level trims give what `str::trim_start` and `str::trim_end` give.
    #[test]
    fn trims_match_the_standard_ones() {
        for t in [
            "",
            " ",
            "  a b  ",
            "\t\n\x0b\x0c\r x \r\n",
            "\u{a0} x\u{2003}",
            " \u{3000} \u{a0}x \u{a0} \u{2009}",
            "é ",
            " ü",
            "\u{1c}x\u{1f}",
            "x",
            "x y",
            "\u{85}x\u{85}",
            "é",
        ] {
            assert_eq!(trim_start(t), t.trim_start(), "{t:?}");
            assert_eq!(trim_end(t), t.trim_end(), "{t:?}");
        }
    }

    /// The byte-level search for the word before a stop gives what the char-level one gives.
    #[test]
    fn word_before_a_stop_matches_the_char_definition() {
        for t in [
            "",
            "a",
            "Gen",
            " U.S",
            "in 1991",
            "x Déjà",
            "naïve café",
            "Ltd\u{301}",
            "«Ä» æ¦ …",
            "abcdefghijklmnopqrstuvwxyz0123456789",
            "é abcdefghijklmnopqrstuvwxyz",
            "abcdefghijklmnopqrstuvwxyzé",
            "(e.g",
            "Қазақстан",
        ] {
            assert_eq!(word_start_before(t), word_start_before_chars(t), "{t:?}");
        }
    }

    /// Ellipses and ASCII stops found by their separate searches come out in text order.
    #[test]
    fn terminators_interleave_in_order() {
        let line = "a… b. c?… d…! e æ… ¦ ’…’ …";
        let ells = ellipses(line.as_bytes());
        let mut t = Terminators::new(line.as_bytes(), &ells, 0);
        let mut from = 0;
        let mut found = Vec::new();
        while let Some(i) = t.next_from(from) {
            found.push(i);
            from = i + 1;
        }
        let want: Vec<usize> = line
            .char_indices()
            .filter(|&(_, c)| is_terminator(c))
            .map(|(i, _)| i)
            .collect();
        assert_eq!(found, want);
    }

    /// Short and long keys, shared prefixes and suffixes, and the 16/17-byte boundary of the
    /// hasher's two paths all hash apart.
    #[test]
    fn word_hasher_tells_words_apart() {
        use std::hash::BuildHasher;
        let build = std::hash::BuildHasherDefault::<WordHasher>::default();
        let words = [
            "",
            "a",
            "b",
            "ab",
            "ba",
            "a\0",
            "abc",
            "abcd",
            "abcde",
            "president",
            "presidents",
            "abcdefghijklmnop",
            "abcdefghijklmnopq",
            "abcdefghijklmnopr",
            "xbcdefghijklmnopq",
        ];
        let hashes: FastSet<u64> = words.iter().map(|w| build.hash_one(w)).collect();
        assert_eq!(hashes.len(), words.len());
    }

    fn texts(t: &str) -> Vec<&str> {
        split(t).iter().map(|s| &t[s.start..s.end]).collect()
    }

    #[test]
    fn abbreviations_and_decimals_do_not_split() {
        let t = "The talks ended on Dec. 20 in Almaty. Gen. Petrov told U.S. officials that \
                 output rose 14.5 percent. Item No. 5 was struck from the agenda.";
        assert_eq!(
            texts(t),
            vec![
                "The talks ended on Dec. 20 in Almaty.",
                "Gen. Petrov told U.S. officials that output rose 14.5 percent.",
                "Item No. 5 was struck from the agenda."
            ]
        );
    }

    #[test]
    fn initials_and_acronyms_at_the_end() {
        let t = "A lecture by J. Edgar Morton drew crowds. Aid came from the U.S. The \
                 ministry denied it. Their firm, Atlas Ltd. Shipping, declined comment.";
        assert_eq!(
            texts(t),
            vec![
                "A lecture by J. Edgar Morton drew crowds.",
                "Aid came from the U.S.",
                "The ministry denied it.",
                "Their firm, Atlas Ltd. Shipping, declined comment."
            ]
        );
    }

    #[test]
    fn month_abbreviation_ends_a_sentence_before_a_starter() {
        assert_eq!(
            texts("The vote is due in Nov. The senate may delay it."),
            vec!["The vote is due in Nov.", "The senate may delay it."]
        );
    }

    #[test]
    fn closing_quotes_stay_with_their_sentence() {
        let t = "“We will not retreat. The border is closed,” the general said. \"Why now?\" \
                 she asked. He left.";
        assert_eq!(
            texts(t),
            vec![
                "“We will not retreat.",
                "The border is closed,” the general said.",
                "\"Why now?\" she asked.",
                "He left."
            ]
        );
    }

    #[test]
    fn dateline_stays_with_its_sentence() {
        let t = "BISHKEK – Protesters gathered outside the parliament on Monday. Police watched.";
        assert_eq!(
            texts(t),
            vec![
                "BISHKEK – Protesters gathered outside the parliament on Monday.",
                "Police watched."
            ]
        );
    }

    #[test]
    fn hard_wrapped_paragraphs_join_and_blank_lines_split() {
        let t = "    Officials in Dushanbe said on Tuesday that the new border post\n    \
                 would open before the end of the year, despite delays in\n    \
                 funding from donors\n\n    A second post is planned";
        assert_eq!(
            texts(t),
            vec![
                "Officials in Dushanbe said on Tuesday that the new border post\n    \
                 would open before the end of the year, despite delays in\n    \
                 funding from donors",
                "A second post is planned"
            ]
        );
    }

    #[test]
    fn short_lines_are_deliberate_breaks() {
        let t = "Two lawmakers explained their votes at length to reporters outside:\n\
                 The bill was rushed, one said, and the cost of the mission was never published in full by the ministry.\n\
                 Border Guards Report Calm Night\n\
                 Nothing else happened.";
        assert_eq!(
            texts(t),
            vec![
                "Two lawmakers explained their votes at length to reporters outside:",
                "The bill was rushed, one said, and the cost of the mission was never published in full by the ministry.",
                "Border Guards Report Calm Night",
                "Nothing else happened."
            ]
        );
    }

    #[test]
    fn list_items_are_sentences() {
        let t = "Analysts offered three readings:\n1. it's a bargaining move by the cabinet\n\
                 2. the deal was never popular\n• a bullet point\n- another one";
        assert_eq!(
            texts(t),
            vec![
                "Analysts offered three readings:",
                "1. it's a bargaining move by the cabinet",
                "2. the deal was never popular",
                "• a bullet point",
                "- another one"
            ]
        );
    }

    #[test]
    fn headline_then_body() {
        let t = "Kazakh Senate Rejects Troop Bill\nThe upper house voted against it on Thursday. \
                 The lower house had approved it.";
        assert_eq!(
            texts(t),
            vec![
                "Kazakh Senate Rejects Troop Bill",
                "The upper house voted against it on Thursday.",
                "The lower house had approved it."
            ]
        );
    }

    #[test]
    fn double_stops_and_ellipses() {
        assert_eq!(
            texts("It was over.. Why did it start? Nobody knows… and nobody asks."),
            vec![
                "It was over..",
                "Why did it start?",
                "Nobody knows… and nobody asks."
            ]
        );
    }

    #[test]
    fn quoted_question_before_its_speaker() {
        assert_eq!(
            texts("“Who will pay for it?” Ospanov asked. Nobody answered. It ended (in May). ."),
            vec![
                "“Who will pay for it?” Ospanov asked.",
                "Nobody answered.",
                "It ended (in May). ."
            ]
        );
        assert_eq!(
            texts("“Is this fair?” The question hung in the air."),
            vec!["“Is this fair?”", "The question hung in the air."]
        );
    }

    #[test]
    fn windows_line_endings() {
        assert_eq!(
            texts("Talks resumed.\r\n\r\nNo deal yet\r\nwas reached."),
            vec!["Talks resumed.", "No deal yet\r\nwas reached."]
        );
    }

    #[test]
    fn empty_and_whitespace() {
        assert!(split("").is_empty());
        assert!(split("  \n\n \t ").is_empty());
        assert_eq!(texts("  no stop at all  "), vec!["no stop at all"]);
    }
}
