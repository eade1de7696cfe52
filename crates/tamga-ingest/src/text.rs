//! Plain-text articles: metadata from the top lines (headline, byline, dateline) and main
//! text with scraped site chrome removed by general rules — line shape, position,
//! punctuation and a small vocabulary of web UI phrases — with hard-wrapped lines re-joined.
//!
//! The document is read as paragraphs. Everything before the first prose paragraph is the
//! header (metadata and navigation); after the last one, a trailing block of short lines,
//! calls to action and link lists is site furniture. Cross-document chrome (lines repeated
//! across one source) is left to the caller, who can key lines with [`line_key`].

use crate::date;
use crate::model::{Article, Block, BlockKind, DateSource};
use regex::Regex;
use std::collections::HashMap;
use std::sync::LazyLock;
use xxhash_rust::xxh3::xxh3_64;

/// Lines of hard-wrapped text are at most this wide; wider lines are unwrapped paragraphs.
const WRAP_MAX: usize = 100;
/// Narrower than this, a run of lines is a list of short items, not wrapped prose.
const WRAP_MIN: usize = 40;
/// How many paragraphs may precede the first prose paragraph and still count as a header.
const HEADER_MAX: usize = 40;
/// Prose words an article needs before an end marker ("Leave a Reply") may cut it.
const END_MARKER_MIN_WORDS: usize = 15;

static LIST_START: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:\d{1,3}[.)]|[-*•·▪◦‣●]|\([a-z\d]{1,3}\))\s+\S").expect("static regex")
});
static BULLET: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[-*•·▪◦‣●]\s+").expect("static regex"));
static BYLINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?i:by|written by|author:|authors:|words by)\s+(?P<names>\p{Lu}.*)$")
        .expect("static regex")
});
/// A photo caption glued to a dateline: "crowd outside the hallLONDON – ...".
static GLUED_DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:\S+\s+){0,12}?\S*\p{Ll}{3}(?P<place>\p{Lu}{3,}(?:\s\p{Lu}{2,})?,?\s+(?:–|—|-|\p{Lu}\p{Ll}{2,}\.?\s+\d))")
        .expect("static regex")
});
/// A photo credit closing a caption: "... near the square (Reuters)".
static CREDIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\(\s*(?:(?i:photo|image|file)\s*:?\s*)?\p{Lu}[\p{L}&./'’-]*(?:\s+[\p{L}&./'’-]+){0,3}\s*\)\s*$")
        .expect("static regex")
});
static COUNTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:(?:read|viewed|seen)\s+\d[\d,. ]*k?\s+times|\d[\d,. ]*k?\s+(?:views?|reads?|comments?|replies|shares?|likes?|responses?))$")
        .expect("static regex")
});
/// Lines after which a scraped page carries only comments, related links and furniture.
static END_MARKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:leave a (?:reply|comment)|post a comment|add (?:a )?comment|comments?|\d+ (?:comments?|responses?|replies)|related(?: articles| posts| stories| news| content| publications| reading)?|you (?:may|might) also (?:like|be interested in)|more (?:from|on) .{1,40}|read (?:also|more|next)|see also|visit also|further reading|share this(?: article| story| post| page)?|share on .{1,20}|tags?|filed under .{0,40}|about the author|(?:read|viewed) \d+ times)$")
        .expect("static regex")
});
/// Reply boxes, cookie notices and similar furniture found anywhere in scraped text: a line
/// that is one of [`FURNITURE_LINES`], that opens with [`FURNITURE_OPENING`] and runs on for
/// at most 80 characters, or that has a [`COOKIE_NOTICE`] within 120 characters of its
/// start and 200 of its end (see [`is_furniture_line`]). One regex saying all that, its
/// any-character classes repeated up to 200 times, cost about 22 M instructions to compile.
const FURNITURE_LINES: [&str; 2] = [
    "your email address will not be published",
    "required fields are marked",
];
static FURNITURE_OPENING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:all rights reserved|copyright|©|click here to |(?:javascript|js) (?:is )?(?:required|disabled))")
        .expect("static regex")
});
static COOKIE_NOTICE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:we use cookies|this (?:web)?site uses cookies|accept (?:all )?cookies|cookie (?:policy|settings|preferences))\b")
        .expect("static regex")
});
static FILED_IN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:posted|published|filed) (?:in|under) ").expect("static regex")
});
/// Second-person words that mark a call to action aimed at the reader.
static YOU: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(?:you|your|our|us)\b").expect("static regex"));
/// Calls to action: newsletter and social prompts.
static CALL_TO_ACTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:sign up|signup|subscribe|newsletters?|unsubscribe|follow us|join us on|like us on|download (?:our|the) app|get (?:our|the) .{0,40} (?:delivered|sent) (?:directly |straight )?to)\b")
        .expect("static regex")
});

/// Short UI labels that are never content when they stand alone on a line (a data file, so
/// a new label needs no code).
static UI_WORDS: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| data_lines(include_str!("../../../data/boilerplate/ui-labels.txt")));

/// The entries of a word-list data file: one per line, `#` comments and blank lines skipped.
fn data_lines(file: &'static str) -> Vec<&'static str> {
    file.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect()
}

/// A normalized hash of one line for spotting lines repeated across a source's documents:
/// case, punctuation and spacing are ignored and digits are folded together, so "Read 12
/// times" and "Read 3,410 times" share a key.
pub fn line_key(line: &str) -> u64 {
    let mut norm = String::with_capacity(line.len());
    let mut gap = false;
    for c in line.chars() {
        if c.is_alphanumeric() {
            if gap && !norm.is_empty() {
                norm.push(' ');
            }
            gap = false;
            if c.is_ascii_digit() {
                if !norm.ends_with('0') {
                    norm.push('0');
                }
            } else {
                norm.extend(c.to_lowercase());
            }
        } else if !matches!(c, ',' | '.') || !norm.ends_with('0') {
            gap = true;
        }
    }
    xxh3_64(norm.as_bytes())
}

/// One paragraph of the source, lines already joined.
#[derive(Debug, Clone)]
struct Para {
    text: String,
    list: bool,
}

impl Para {
    fn words(&self) -> usize {
        self.text.split_whitespace().count()
    }
}

/// Splits a plain-text article into blocks and reads what metadata its text states.
pub fn extract_text(text: &str) -> Article {
    let text = normalize(text);
    let mut paras = paragraphs(&text);
    let mut article = Article::default();

    // Furniture goes first so that a cookie notice or a menu line cannot pass for the
    // headline or the first paragraph; end markers are looked for before that, as they are
    // furniture themselves.
    cut_at_end_marker(&mut paras);
    paras.retain(|p| !is_furniture(p) && !is_caption(p));

    // A headline-shaped first paragraph is the title even when it ends in "?" or "!".
    let first_title = paras.first().is_some_and(|p| is_headline(p, 2));
    let body_from = usize::from(first_title);
    let first_prose = paras
        .iter()
        .enumerate()
        .skip(body_from)
        .find(|(_, p)| is_prose(p))
        .map(|(i, _)| i);
    let header_end = match first_prose {
        Some(i) if i <= HEADER_MAX => i,
        _ => body_from,
    };
    let header = &paras[..header_end];

    article.title = if first_title {
        paras.first().map(|p| p.text.clone())
    } else {
        pick_title(header)
    };
    article.authors = header
        .iter()
        .find_map(|p| byline_names(&p.text))
        .unwrap_or_default();
    if let Some(d) = date::find_dateline(&text) {
        article.published = Some(d);
        article.date_source = Some(DateSource::Dateline);
    }

    let title_key = article.title.as_deref().map(norm_key);
    let mut body: Vec<Para> = paras[header_end..]
        .iter()
        .filter(|p| Some(norm_key(&p.text)) != title_key)
        .cloned()
        .collect();
    trim_tail(&mut body);

    let n = body.len();
    article.blocks = body
        .into_iter()
        .enumerate()
        .filter_map(|(i, p)| {
            let kind = if p.list {
                BlockKind::ListItem
            } else if i + 1 < n && is_headline(&p, 1) && p.words() <= 15 {
                BlockKind::Heading
            } else {
                BlockKind::Paragraph
            };
            let text = if i < 3 {
                unglue_dateline(&p.text)
            } else {
                p.text
            };
            (!text.is_empty()).then(|| Block::new(kind, text))
        })
        .collect();
    article
}

/// Unifies line ends and drops invisible characters that scraped text carries.
fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push('\n');
                }
            }
            '\u{a0}' | '\t' | '\u{2007}' | '\u{202f}' => out.push(' '),
            '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{feff}' | '\u{ad}' => {}
            c if c.is_control() && c != '\n' => {}
            c => out.push(c),
        }
    }
    out
}

/// Splits text into paragraphs: blank lines always separate; inside a run of lines, wrapped
/// lines are joined and lines that stand on their own (list items, a new sentence after a
/// full line) start new paragraphs.
fn paragraphs(text: &str) -> Vec<Para> {
    let mut out = Vec::new();
    let mut chunk: Vec<&str> = Vec::new();
    for line in text.lines().chain(std::iter::once("")) {
        if line.trim().is_empty() {
            if !chunk.is_empty() {
                split_chunk(&chunk, &mut out);
                chunk.clear();
            }
        } else {
            chunk.push(line.trim_end());
        }
    }
    out
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

fn width(line: &str) -> usize {
    line.chars().count()
}

fn split_chunk(lines: &[&str], out: &mut Vec<Para>) {
    let w = lines.iter().map(|l| width(l)).max().unwrap_or(0);
    // When most lines end a sentence, they are short unwrapped paragraphs: wrapped prose
    // ends a sentence at a line end only now and then.
    let sentence_ends = lines.iter().filter(|l| ends_sentence(l)).count();
    let hard = lines.len() > 1
        && (WRAP_MIN..=WRAP_MAX).contains(&w)
        && sentence_ends * 10 <= lines.len() * 6;
    let mut cur: Vec<&str> = Vec::new();
    for (i, &line) in lines.iter().enumerate() {
        if let Some(&prev) = i.checked_sub(1).and_then(|j| lines.get(j)) {
            if starts_new(prev, line, w, hard, cur.len()) {
                push_para(&cur, out);
                cur.clear();
            }
        }
        cur.push(line);
    }
    push_para(&cur, out);
}

/// Whether `next` begins a new paragraph after `prev` inside a run of lines.
fn starts_new(prev: &str, next: &str, w: usize, hard: bool, cur_lines: usize) -> bool {
    let (p, n) = (prev.trim(), next.trim());
    if LIST_START.is_match(n) || BYLINE.is_match(n) || date::line_date(n).is_some() {
        return true;
    }
    if !has_letters(p) || !has_letters(n) {
        return true;
    }
    let continues = !ends_sentence(p) && starts_lower(n);
    if !hard {
        // Unwrapped paragraphs (or short UI lines): each line stands alone unless the next
        // one plainly continues a sentence.
        return w < WRAP_MIN || !continues;
    }
    if is_all_caps(p) != is_all_caps(n) {
        return true;
    }
    // First-line indentation changes between a paragraph's first and second line only.
    if cur_lines >= 2 && indent(prev) != indent(next) {
        return true;
    }
    // In wrapped text only a paragraph's last line falls well short of the wrap width.
    width(prev) * 10 < w * 6 && !continues
}

fn push_para(lines: &[&str], out: &mut Vec<Para>) {
    let Some(first) = lines.first() else {
        return;
    };
    let mut text = String::new();
    for line in lines {
        let line = line.trim();
        if text.ends_with('-')
            && text.chars().rev().nth(1).is_some_and(char::is_alphabetic)
            && !text.ends_with(" -")
        {
            // A word broken at a hyphen: keep the hyphen, drop the line break.
        } else if !text.is_empty() {
            text.push(' ');
        }
        text.push_str(line);
    }
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let first = first.trim();
    let list = LIST_START.is_match(first);
    let text = if BULLET.is_match(&text) {
        BULLET.replace(&text, "").into_owned()
    } else {
        text
    };
    if !text.is_empty() {
        out.push(Para { text, list });
    }
}

fn has_letters(s: &str) -> bool {
    s.chars().any(char::is_alphanumeric)
}

fn starts_lower(s: &str) -> bool {
    s.chars()
        .find(|c| c.is_alphanumeric())
        .is_some_and(char::is_lowercase)
}

fn is_all_caps(s: &str) -> bool {
    let mut letters = s.chars().filter(|c| c.is_alphabetic()).peekable();
    letters.peek().is_some() && letters.all(|c| !c.is_lowercase())
}

/// The last meaningful character, past closing quotes and brackets.
fn last_char(s: &str) -> Option<char> {
    s.trim_end()
        .trim_end_matches(['"', '\'', '”', '’', '»', ')', ']', '*'])
        .chars()
        .last()
}

fn ends_sentence(s: &str) -> bool {
    matches!(last_char(s), Some('.' | '!' | '?' | '…'))
}

/// A paragraph of running text: a full sentence of some length, or simply long.
fn is_prose(p: &Para) -> bool {
    let w = p.words();
    (w >= 8 && ends_sentence(&p.text)) || w >= 25
}

/// Headline shape: short, capitalized, no closing period, not a byline, date or UI label.
fn is_headline(p: &Para, min_words: usize) -> bool {
    let w = p.words();
    !p.list
        && (min_words..=20).contains(&w)
        && p.text.len() <= 200
        && !matches!(
            last_char(&p.text),
            Some('.' | ',' | ';' | ':' | '…' | '-' | '–' | '—')
        )
        && p.text
            .chars()
            .find(|c| c.is_alphabetic())
            .is_some_and(char::is_uppercase)
        && !is_nav(&p.text)
        && !BYLINE.is_match(&p.text)
        && date::parse_date(&p.text).is_none()
        && date::line_date(&p.text).is_none()
        && !is_furniture(p)
}

/// A navigation or breadcrumb line: "Home | News | Sport", "Home » World » Asia".
fn is_nav(s: &str) -> bool {
    let parts: Vec<&str> = s.split(['|', '»', '›', '>', '/']).collect();
    parts.len() >= 3 && parts.iter().all(|p| p.split_whitespace().count() <= 3)
}

/// Case-, punctuation- and bullet-blind comparison key: the alphanumeric words, lower-cased,
/// joined by single spaces. They are laid out by the de-duplication hashes' one byte pass (a
/// string per word and a vector of them cost more than the comparison they serve).
fn norm_key(s: &str) -> String {
    let mut buf = Vec::with_capacity(s.len() + 1);
    crate::dedup::lowercase_words(s, &mut buf, &mut Vec::new());
    // Every word is followed by a space; the key has none at its end.
    buf.pop();
    String::from_utf8(buf).unwrap_or_default()
}

/// The headline among header lines. A line the header repeats (a page title echoed above
/// the article, often once more in capitals) is the strongest sign; otherwise the first
/// headline-shaped line of three or more words. Normal case beats ALL CAPS.
fn pick_title(header: &[Para]) -> Option<String> {
    let candidates: Vec<&Para> = header.iter().filter(|p| is_headline(p, 3)).collect();
    let mut counts: HashMap<String, usize> = HashMap::new();
    for p in &candidates {
        *counts.entry(norm_key(&p.text)).or_default() += 1;
    }
    let repeated = |p: &&&Para| counts.get(&norm_key(&p.text)).is_some_and(|&n| n > 1);
    let pool: Vec<&Para> = if candidates.iter().any(|p| repeated(&p)) {
        candidates.iter().filter(|p| repeated(p)).copied().collect()
    } else {
        candidates.first().copied().into_iter().collect()
    };
    pool.iter()
        .find(|p| !is_all_caps(&p.text))
        .or_else(|| pool.first())
        .map(|p| p.text.clone())
}

/// Author names from a byline line: "By Jane Doe and John Roe (Weekly Review)".
fn byline_names(line: &str) -> Option<Vec<String>> {
    if line.split_whitespace().count() > 20 || !BYLINE.is_match(line) {
        return None;
    }
    let out = crate::byline::names(line);
    (!out.is_empty()).then_some(out)
}

/// UI labels, counters, reply boxes, cookie notices and symbol-only lines.
fn is_furniture(p: &Para) -> bool {
    if !has_letters(&p.text) {
        return true;
    }
    let key = norm_key(&p.text);
    let words = p.words();
    if words <= 3 && (UI_WORDS.contains(&key.as_str()) || key.chars().count() == 1) {
        return true;
    }
    if words <= 8 && (COUNTER.is_match(&key) || END_MARKER.is_match(&key)) {
        return true;
    }
    if words <= 50 && is_furniture_line(&key) {
        return true;
    }
    // A category line: "Posted in Local News".
    if words <= 6 && !ends_sentence(&p.text) && FILED_IN.is_match(&key) {
        return true;
    }
    // A call to action opening its line ("Subscribe to ...", "Sign up for ...").
    words <= 25 && CALL_TO_ACTION.find(&key).is_some_and(|m| m.start() == 0)
}

/// Whether a line is furniture as [`FURNITURE_LINES`] says. Every character but those of
/// the matched words must be one of `.` (any but a line break), so a line with a line break
/// is never furniture. At most one opening matches at the line's start (no two share a
/// first word), and cookie notices never overlap (no notice starts with a later word of
/// another), so looking at the one opening and at every notice `find_iter` gives is
/// looking at every way the line could match.
fn is_furniture_line(key: &str) -> bool {
    const OPENING_TAIL_CHARS: usize = 80;
    const BEFORE_NOTICE_CHARS: usize = 120;
    const AFTER_NOTICE_CHARS: usize = 200;
    if FURNITURE_LINES.contains(&key) {
        return true;
    }
    if key.contains('\n') {
        return false;
    }
    let at_most = |s: &str, n: usize| s.chars().nth(n).is_none();
    if let Some(opening) = FURNITURE_OPENING.find(key) {
        if at_most(&key[opening.end()..], OPENING_TAIL_CHARS) {
            return true;
        }
    }
    COOKIE_NOTICE.find_iter(key).any(|notice| {
        at_most(&key[..notice.start()], BEFORE_NOTICE_CHARS)
            && at_most(&key[notice.end()..], AFTER_NOTICE_CHARS)
    })
}

/// A photo caption standing as its own paragraph: no sentence end, a credit in parentheses.
fn is_caption(p: &Para) -> bool {
    if p.list || p.words() > 60 || p.words() < 4 || BYLINE.is_match(&p.text) {
        return false;
    }
    let Some(m) = CREDIT.find(&p.text) else {
        return false;
    };
    let before = p.text[..m.start()].trim_end();
    !ends_sentence(before) && !before.ends_with([':', ';', ','])
}

/// Drops everything from an end marker ("Leave a Reply", "Related articles", "Read 120
/// times") on, once an article's worth of prose has come before it.
fn cut_at_end_marker(body: &mut Vec<Para>) {
    let mut prose_words = 0;
    for i in 0..body.len() {
        let p = &body[i];
        if prose_words >= END_MARKER_MIN_WORDS && p.words() <= 8 {
            let key = norm_key(&p.text);
            if END_MARKER.is_match(&key) || COUNTER.is_match(&key) {
                body.truncate(i);
                return;
            }
        }
        if is_prose(p) && !is_furniture(p) {
            prose_words += p.words();
        }
    }
}

/// Drops the trailing block after the last prose paragraph: short titles and labels, calls
/// to action, and entries of a link list (publications, related stories).
fn trim_tail(body: &mut Vec<Para>) {
    while let Some(p) = body.last() {
        let words = p.words();
        let fragment = words < 3 || (!ends_sentence(&p.text) && words < 25);
        let key = norm_key(&p.text);
        let cta = words <= 50 && CALL_TO_ACTION.is_match(&key) && YOU.is_match(&key);
        if fragment || cta || is_reference_entry(p) {
            body.pop();
        } else {
            break;
        }
    }
}

/// A link-list entry: mostly capitalized words (names and titles), several commas, a date
/// at the end — "Jane Doe, The Long Road, Review Press, May 2020."
fn is_reference_entry(p: &Para) -> bool {
    let words: Vec<&str> = p.text.split_whitespace().collect();
    if words.len() > 45 || words.len() < 4 {
        return false;
    }
    let capped = words
        .iter()
        .filter(|w| {
            w.chars()
                .find(|c| c.is_alphanumeric())
                .is_some_and(|c| !c.is_lowercase())
        })
        .count();
    let commas = p.text.matches(',').count();
    let tail: Vec<&str> = words.iter().rev().take(3).rev().copied().collect();
    let dated = (1..=tail.len()).any(|k| {
        let s = tail[tail.len() - k..].join(" ");
        date::parse_date(s.trim_end_matches(['.', ' '])).is_some()
    });
    capped * 10 >= words.len() * 6 && commas >= 2 && dated
}

/// Removes a photo caption glued in front of a dateline ("the old townOSLO – ...").
fn unglue_dateline(text: &str) -> String {
    match GLUED_DATELINE.captures(text) {
        Some(c) => match c.name("place") {
            Some(m) => text[m.start()..].to_owned(),
            None => text.to_owned(),
        },
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::strategy::Strategy;

    fn texts(a: &Article) -> Vec<&str> {
        a.blocks.iter().map(|b| b.text.as_str()).collect()
    }

    #[test]
    fn joins_hard_wrapped_lines_and_keeps_paragraphs() {
        let src = "    The harbour authority closed the northern pier on Monday after\n    \
                   inspectors found cracks in two of its concrete supports, a\n    \
                   spokesman said.\n\n    Repairs are expected to take several weeks, and \
                   ferries will\n    use the southern terminal until the work is done.\n";
        let a = extract_text(src);
        assert_eq!(
            texts(&a),
            vec![
                "The harbour authority closed the northern pier on Monday after inspectors \
                 found cracks in two of its concrete supports, a spokesman said.",
                "Repairs are expected to take several weeks, and ferries will use the \
                 southern terminal until the work is done.",
            ]
        );
    }

    #[test]
    fn unwrapped_lines_are_separate_paragraphs_and_numbered_items_are_list_items() {
        let src = "Residents gave three reasons for leaving the valley this year.\n\
                   1. the water supply failed twice during the summer months.\n\
                   2. The school closed after the last teacher retired in spring.\n\
                   Officials said a new plan would be ready before the end of the year.";
        let a = extract_text(src);
        let kinds: Vec<BlockKind> = a.blocks.iter().map(|b| b.kind).collect();
        assert_eq!(
            kinds,
            vec![
                BlockKind::Paragraph,
                BlockKind::ListItem,
                BlockKind::ListItem,
                BlockKind::Paragraph
            ]
        );
        assert!(a.blocks[1].text.starts_with("1. the water"));
    }

    #[test]
    fn reads_title_byline_and_date_and_drops_header_chrome() {
        let src = "Menu\n\nSearch\n\nHarbour Pier Closed For Repairs\n\n\
                   HARBOUR PIER CLOSED FOR REPAIRS\nBy Ann Lee and Tom Berg (Coastal Weekly)\n\n\
                   Port News, North\nMarch 7 2009\n\n\
                   The harbour authority closed the northern pier on Monday after inspectors \
                   found cracks in its supports.\n\nFerries will use the southern terminal.";
        let a = extract_text(src);
        assert_eq!(a.title.as_deref(), Some("Harbour Pier Closed For Repairs"));
        assert_eq!(a.authors, vec!["Ann Lee", "Tom Berg"]);
        assert_eq!(
            a.published.map(|d| d.to_string()).as_deref(),
            Some("2009-03-07")
        );
        assert_eq!(a.date_source, Some(DateSource::Dateline));
        assert!(a.blocks[0].text.starts_with("The harbour authority"));
        assert_eq!(a.blocks.len(), 2);
    }

    #[test]
    fn cookie_notices_and_navigation_do_not_become_title_or_text() {
        let src = "We use cookies to improve your experience. By continuing you accept our \
                   cookie policy.\n\nAccept\n\nHome | Harbour | Weather\n\n\
                   Pier Closed For Repairs\n\n\
                   The harbour authority closed the northern pier on Monday after inspectors \
                   found cracks in its supports.\n\nAdvertisement\n\n\
                   Ferries will use the southern terminal until the work is finished.\n\n\
                   2 Comments\n\nAnn says:\n\nGood, it was about time they did something \
                   about that old pier.";
        let a = extract_text(src);
        assert_eq!(a.title.as_deref(), Some("Pier Closed For Repairs"));
        assert_eq!(a.blocks.len(), 2, "{:?}", texts(&a));
    }

    #[test]
    fn undated_text_has_no_date_and_first_headline_is_the_title() {
        let src = "Will the pier reopen before summer?\n\n\
                   The harbour authority closed the northern pier on Monday after inspectors \
                   found cracks in its supports in 2009.";
        let a = extract_text(src);
        assert_eq!(
            a.title.as_deref(),
            Some("Will the pier reopen before summer?")
        );
        assert_eq!(a.published, None);
        assert_eq!(a.date_source, None);
        assert_eq!(a.blocks.len(), 1);
    }

    #[test]
    fn drops_trailing_furniture_reply_boxes_and_calls_to_action() {
        let prose = "The harbour authority closed the northern pier on Monday after inspectors \
                     found cracks in two of its concrete supports, a spokesman said.";
        let src = format!(
            "{prose}\n\nRepair Plans\n\n{prose} Work starts soon and should take weeks to \
             finish.\n\nShare this\n\nRelated stories about the harbour\n\nJoin our newsletter \
             for daily updates! Subscribe today.\n\nLoading...\n\n©"
        );
        let a = extract_text(&src);
        assert_eq!(a.blocks.len(), 3, "{:?}", texts(&a));
        assert_eq!(a.blocks[1].kind, BlockKind::Heading);

        let src = format!(
            "{prose}\n\n{prose} More detail follows here.\n\n{prose}\n\nLeave a comment\n\nName\n\n\
             A long comment from a reader who disagrees with the article entirely, as readers do."
        );
        let a = extract_text(&src);
        assert_eq!(a.blocks.len(), 3, "{:?}", texts(&a));
    }

    #[test]
    fn drops_captions_and_unglues_datelines() {
        let src = "flooded streetOSLO – Heavy rain closed roads across the capital on Monday, \
                   police said.\n\nA man wades through water near the station (Reuters)\n\n\
                   The weather service expects more rain later in the week, it said.";
        let a = extract_text(src);
        assert_eq!(
            texts(&a),
            vec![
                "OSLO – Heavy rain closed roads across the capital on Monday, police said.",
                "The weather service expects more rain later in the week, it said.",
            ]
        );
    }

    #[test]
    fn trailing_link_lists_go() {
        let src = "The harbour authority closed the northern pier on Monday after inspectors \
                   found cracks in two of its concrete supports, a spokesman said.\n\n\
                   Report Jane Doe, Ports of the North Sea, Harbour Review, May 2020.\n\n\
                   Paper John Roe, Concrete in Salt Water, Coastal Press, January 3, 2021.";
        let a = extract_text(src);
        assert_eq!(a.blocks.len(), 1);
    }

    #[test]
    fn line_keys_ignore_case_spacing_and_numbers() {
        assert_eq!(line_key("Read 12 times"), line_key("  read 3,410 TIMES "));
        assert_ne!(line_key("Read 12 times"), line_key("Read 12 pages"));
    }

    proptest::proptest! {
        #[test]
        fn norm_key_joins_the_lowercased_words(s in "(?s).{0,120}|[a-zA-Z •ΣσİÄ.,'\n]{0,120}") {
            let plain = s
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .map(str::to_lowercase)
                .collect::<Vec<_>>()
                .join(" ");
            proptest::prop_assert_eq!(norm_key(&s), plain);
        }

        #[test]
        fn furniture_lines_as_the_one_regex_says(
            words in proptest::collection::vec(
                proptest::prop_oneof![
                    "[a-zé0-9©\n]{0,12}",
                    proptest::sample::select(vec![
                        "your email address will not be published", "required fields are marked",
                        "all rights reserved", "copyright", "©", "click here to", "javascript",
                        "js", "is", "required", "disabled", "we use cookies", "this", "site",
                        "website", "uses", "cookies", "cookie", "accept", "all", "policy",
                        "settings", "preferences", "xcookie", "cookiesx",
                        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
                    ])
                    .prop_map(str::to_owned),
                ],
                0..12,
            ),
            joiner in proptest::sample::select(vec![" ", "", "\n", "  "]),
        ) {
            static ONE: LazyLock<Regex> = LazyLock::new(|| {
                Regex::new(r"^(?:your email address will not be published|required fields are marked|(?:all rights reserved|copyright|©).{0,80}|.{0,120}\b(?:we use cookies|this (?:web)?site uses cookies|accept (?:all )?cookies|cookie (?:policy|settings|preferences))\b.{0,200}|click here to .{0,80}|(?:javascript|js) (?:is )?(?:required|disabled).{0,80})$")
                    .expect("static regex")
            });
            let key = words.join(joiner);
            proptest::prop_assert_eq!(is_furniture_line(&key), ONE.is_match(&key), "{:?}", key);
        }

        #[test]
        fn never_panics_on_arbitrary_text(s in "(?s).{0,400}") {
            let a = extract_text(&s);
            let mut blocks = a.blocks;
            crate::cleanup::dedup_blocks(&mut blocks);
            let _ = date::find_dateline(&s);
            let _ = date::from_url(&s);
            let _ = date::parse_date(&s);
        }

        #[test]
        fn never_panics_on_line_soup(lines in proptest::collection::vec(
            "[ \t]{0,4}(By |[0-9]{1,2}\\. |• )?[A-Za-zÀ-ÿ,.!?()–\u{a0}0-9 ]{0,90}", 0..30)) {
            let _ = extract_text(&lines.join("\n"));
        }
    }

    #[test]
    fn large_input_stays_linear() {
        let para = "The harbour authority closed the northern pier on Monday after inspectors \
                    found cracks in two of its concrete supports, a spokesman said.\n";
        let text = para.repeat(8_000);
        let start = std::time::Instant::now();
        let a = extract_text(&text);
        assert!(!a.blocks.is_empty());
        let one_line = "word ".repeat(100_000);
        let _ = extract_text(&one_line);
        assert!(start.elapsed().as_secs() < 20, "{:?}", start.elapsed());
    }

    #[test]
    fn never_panics_on_odd_input() {
        for s in [
            "",
            "\n\n\n",
            "X",
            "•",
            "By",
            "1.",
            "ÀÉ\u{a0}\u{200b}\r\n\r",
            "-\n-\n-",
        ] {
            let _ = extract_text(s);
        }
    }
}
