//! tamga's language layer: a document's text in, annotations out — sentences, tokens with
//! lemmas, time expressions normalized against the publication date, quantities, quotes with
//! speakers, modality (did it happen?) and name candidates. Every annotation carries byte spans
//! into the input text. Pure functions: no I/O, no models, no network.

mod ascii;
pub mod modality;
pub mod model;
pub mod names;
pub mod quantity;
pub mod quote;
pub mod sentence;
pub mod timex;
pub mod token;
mod wordmap;

pub use model::*;
use tamga_ingest::PartialDate;
pub use wordmap::WordKey;

/// Annotates a whole document. `published` anchors relative dates ("yesterday", "November 7"
/// in a past-tense sentence); without it, dates stay partial rather than invented.
pub fn annotate(text: &str, published: Option<PartialDate>) -> Annotations {
    let mut ann = annotate_without_modality(text, published);
    ann.modality = modality::annotate(text, &ann.sentences, &ann.tokens);
    ann
}

/// [`annotate`] with `modality` left empty, for a caller that reads the status of some
/// sentences only and decides their clauses itself ([`modality::sentence_clauses`] gives
/// the same clauses): an event coder needs them only where it finds an event.
pub fn annotate_without_modality(text: &str, published: Option<PartialDate>) -> Annotations {
    let (sentences, quantities, quotes) = sentences_quantities_quotes(text);
    let tokens = token::tokenize(text, &sentences);
    let times = timex::annotate(text, &sentences, &tokens, published);
    let names = names::annotate(text, &sentences, &tokens);
    Annotations {
        sentences,
        tokens,
        times,
        quantities,
        quotes,
        modality: Vec::new(),
        names,
    }
}

/// Text bytes per batch of sentences in [`annotate_without_tokens`]: the batch's tokens (about
/// 80 bytes per 5 bytes of text) stay within the core's cache.
const BATCH_BYTES: usize = 16 * 1024;

/// [`annotate`] with `tokens` left empty, for callers that need only the annotations
/// (`tamga annotate`). The same annotations, made with a fraction of the memory: tokens are
/// made a batch of sentences at a time into one reused buffer, read by the clause and name
/// annotators (the only ones that read them) and dropped. On a large document, holding every
/// token cost more in fresh memory pages and cache misses than making them.
pub fn annotate_without_tokens(text: &str, published: Option<PartialDate>) -> Annotations {
    annotate_in_batches(text, published, BATCH_BYTES)
}

fn annotate_in_batches(
    text: &str,
    published: Option<PartialDate>,
    batch_bytes: usize,
) -> Annotations {
    let (sentences, quantities, quotes) = sentences_quantities_quotes(text);
    let mut tokens = Vec::new();
    let mut modality = Vec::with_capacity(sentences.len() * 2);
    let mut names = names::NameStream::for_sentences(sentences.len());
    let mut rest = &sentences[..];
    while let Some(first) = rest.first() {
        let n = rest
            .iter()
            .position(|s| s.end.saturating_sub(first.start) > batch_bytes)
            .unwrap_or(rest.len())
            .max(1);
        let (batch, after) = rest.split_at(n);
        rest = after;
        token::tokenize_into(text, batch, &mut tokens);
        modality::annotate_into(text, batch, &tokens, &mut modality);
        names.push(text, batch, &tokens);
    }
    drop(tokens);
    // The time annotator scans the text itself.
    let times = timex::annotate(text, &sentences, &[], published);
    Annotations {
        sentences,
        tokens: Vec::new(),
        times,
        quantities,
        quotes,
        modality,
        names: names.finish(),
    }
}

fn sentences_quantities_quotes(text: &str) -> (Vec<Sentence>, Vec<Quantity>, Vec<Quote>) {
    let sentences = sentence::split(text);
    let (quantities, quotes) = quantities_quotes(text, &sentences, SCAN_BLOCK_BYTES);
    (sentences, quantities, quotes)
}

/// Text bytes per block of the quantity and quote scan in [`quantities_quotes`].
const SCAN_BLOCK_BYTES: usize = 32 * 1024;

/// Quantities and quotes, which read the same scan of the text. A large document is scanned a
/// block of paragraphs at a time into reused memory: the scan of a whole document (32 bytes a
/// token, a token every five bytes) cost more in fresh memory pages than the scanning itself.
/// Blocks end only where no annotation can cross ([`block_end`]), so the annotations are those
/// of one scan of the whole text.
fn quantities_quotes(
    text: &str,
    sentences: &[Sentence],
    block_bytes: usize,
) -> (Vec<Quantity>, Vec<Quote>) {
    let mut lowers = quantity::scan::Lowers::default();
    // The range the whole-text scan would cover, or none if the spans are not usable.
    let Some((start, end)) = quantity::scan_range(text, sentences) else {
        return (Vec::new(), Vec::new());
    };
    let mut amounts = Vec::new();
    let mut quotes = Vec::new();
    let mut store = Vec::new();
    let mut from = start;
    while from < end {
        let to = block_end(text, from, end, block_bytes);
        let toks = quantity::scan::scan_reusing(text, from, to, &mut lowers, store);
        quantity::amounts_into(text, &toks, &mut amounts);
        let (mut found, toks) = quote::from_scan_returning(text, toks);
        quotes.append(&mut found);
        store = quantity::scan::recycle(toks);
        // `block_end` moves forward; the guard keeps a bad span from looping.
        if to <= from {
            break;
        }
        from = to;
    }
    (quantity::merge_blocks(text, amounts), quotes)
}

/// Where the block of the scan that starts at `from` ends: at `end`, or at the end of the
/// first paragraph past `block_bytes` after which nothing can read across. That paragraph ends
/// a sentence (its last char is `.`, `!` or `?`) and holds no double quotation mark (a quote
/// left open continues into the next paragraph), and the next paragraph starts with an ASCII
/// capital (not a number, mark or lower-case continuation). The next block starts with the
/// paragraph break's whitespace, so its first token sees the break as in the whole text.
fn block_end(text: &str, from: usize, end: usize, block_bytes: usize) -> usize {
    let bytes = text.as_bytes();
    let mut at = from.saturating_add(block_bytes);
    while at < end {
        let Some(gap) = text.get(at..end).and_then(|r| r.find("\n\n")) else {
            return end;
        };
        let brk = at + gap;
        let para_start = text
            .get(from..brk)
            .and_then(|r| r.rfind("\n\n"))
            .map_or(from, |i| from + i + 2);
        let last = text
            .get(para_start..brk)
            .map(str::trim_end)
            .filter(|p| !p.is_empty());
        let next = text
            .get(brk..end)
            .map(str::trim_start)
            .and_then(|r| r.bytes().next());
        if let (Some(para), Some(first)) = (last, next) {
            let terminated = para.ends_with(['.', '!', '?']);
            let unquoted = !para.contains([
                '"', '\u{201c}', '\u{201d}', '\u{201e}', '\u{ab}', '\u{bb}', '\u{2018}',
            ]);
            if terminated && unquoted && first.is_ascii_uppercase() {
                return para_start + para.len();
            }
        }
        at = brk + 2;
        // Skip the rest of a run of blank lines.
        while at < end && bytes.get(at).is_some_and(u8::is_ascii_whitespace) {
            at += 1;
        }
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Batches of any size give what the whole document gives: the test data's sentences
    /// (times, quantities, quotes, clauses) joined into one document of many paragraphs.
    #[test]
    fn batches_give_the_whole_documents_annotations() {
        let mut text = String::new();
        for data in [
            include_str!("../tests/data/timex.jsonl"),
            include_str!("../tests/data/quantities.jsonl"),
            include_str!("../tests/data/quotes.jsonl"),
        ] {
            for line in data.lines() {
                let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else {
                    continue;
                };
                if let Some(t) = v.get("text").and_then(|t| t.as_str()) {
                    text.push_str(t);
                    // Paragraphs and runs of sentences, so that batches cut both.
                    text.push_str(if text.len().is_multiple_of(3) {
                        "\n\n"
                    } else {
                        " "
                    });
                }
            }
        }
        assert!(text.len() > 20_000, "test data too small: {}", text.len());
        let published = PartialDate::parse_iso("2006-11-15");
        let mut whole = annotate(&text, published);
        assert!(whole.names.len() > 150 && whole.modality.len() > 500);
        whole.tokens.clear();
        for batch in [1, 200, 3000, usize::MAX] {
            let got = annotate_in_batches(&text, published, batch);
            assert_eq!(got, whole, "batches of {batch} bytes");
        }
        assert_eq!(annotate_without_tokens(&text, None), {
            let mut a = annotate(&text, None);
            a.tokens.clear();
            a
        });
    }

    /// Clauses decided sentence by sentence are those of the whole document, and the rest of
    /// the annotations do not depend on them.
    #[test]
    fn sentence_clauses_give_the_documents_modality() {
        let text: String = include_str!("../tests/data/quotes.jsonl")
            .lines()
            .chain(include_str!("../tests/data/timex.jsonl").lines())
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .filter_map(|v| v.get("text")?.as_str().map(str::to_owned))
            .collect::<Vec<_>>()
            .join("\n\n");
        let published = PartialDate::parse_iso("2006-11-15");
        let whole = annotate(&text, published);
        let mut without = annotate_without_modality(&text, published);
        assert!(without.modality.is_empty());
        let mut clauses = Vec::new();
        for (i, s) in without.sentences.iter().enumerate() {
            let lo = without.tokens.partition_point(|t| t.sentence < i);
            let hi = without.tokens.partition_point(|t| t.sentence <= i);
            modality::sentence_clauses(&text, s, &without.tokens[lo..hi], &mut clauses);
        }
        assert!(clauses.len() > 300);
        assert!(clauses.iter().any(|m| m.status != Status::Occurred));
        without.modality = clauses;
        assert_eq!(without, whole);
    }

    /// Scanning in blocks of any size gives the quantities and quotes of one scan of the whole
    /// text: the test data joined into paragraphs (some ending in open quotes, colons or
    /// lower-case words, so that some breaks are refused as block ends).
    #[test]
    fn scan_blocks_give_the_whole_texts_quantities_and_quotes() {
        let mut text = String::new();
        for (n, data) in [
            include_str!("../tests/data/quantities.jsonl"),
            include_str!("../tests/data/quotes.jsonl"),
            include_str!("../tests/data/timex.jsonl"),
        ]
        .iter()
        .enumerate()
        {
            for (k, line) in data.lines().enumerate() {
                let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else {
                    continue;
                };
                if let Some(t) = v.get("text").and_then(|t| t.as_str()) {
                    text.push_str(t);
                    text.push_str(match (k + n) % 4 {
                        0 => " \u{201c}It goes on\n\n",
                        1 => " He said:\n\n",
                        _ => "\n\n",
                    });
                }
            }
        }
        let sentences = sentence::split(&text);
        let whole = quantities_quotes(&text, &sentences, usize::MAX);
        assert!(whole.0.len() > 100 && whole.1.len() > 60);
        let mut blocks = 0;
        let mut from = 0;
        while from < text.len() {
            from = block_end(&text, from, text.len(), 1);
            blocks += 1;
        }
        assert!(blocks > 50, "only {blocks} blocks");
        for block in [1, 100, 2000, 30_000] {
            assert_eq!(
                quantities_quotes(&text, &sentences, block),
                whole,
                "blocks of {block} bytes"
            );
        }
    }

    /// A sentence-initial word is ordinary when the document has it in lower case, even in a
    /// later batch: the decision waits for the end.
    #[test]
    fn names_wait_for_later_batches() {
        let text = "Trade talks resumed in Geneva on Monday.\n\nSanctions were lifted.\n\n\
                    Officials from Kazakhstan discussed trade and new sanctions.";
        let names = |a: &Annotations| -> Vec<String> {
            a.names.iter().map(|n| n.text.clone()).collect::<Vec<_>>()
        };
        let whole = annotate(text, None);
        assert_eq!(names(&whole), ["Geneva", "Kazakhstan"]);
        for batch in [1, 50, usize::MAX] {
            assert_eq!(
                names(&annotate_in_batches(text, None, batch)),
                names(&whole)
            );
        }
    }
}
