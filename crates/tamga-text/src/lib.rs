//! tamga's language layer: a document's text in, annotations out — sentences, tokens with
//! lemmas, time expressions normalized against the publication date, quantities, quotes with
//! speakers, modality (did it happen?) and name candidates. Every annotation carries byte spans
//! into the input text. Pure functions: no I/O, no models, no network.

pub mod modality;
pub mod model;
pub mod names;
pub mod quantity;
pub mod quote;
pub mod sentence;
pub mod timex;
pub mod token;

pub use model::*;
use tamga_ingest::PartialDate;

/// Annotates a whole document. `published` anchors relative dates ("yesterday", "November 7"
/// in a past-tense sentence); without it, dates stay partial rather than invented.
pub fn annotate(text: &str, published: Option<PartialDate>) -> Annotations {
    let (sentences, quantities, quotes) = sentences_quantities_quotes(text);
    let tokens = token::tokenize(text, &sentences);
    let modality = modality::annotate(text, &sentences, &tokens);
    let times = timex::annotate(text, &sentences, &tokens, published);
    let names = names::annotate(text, &sentences, &tokens);
    Annotations {
        sentences,
        tokens,
        times,
        quantities,
        quotes,
        modality,
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
    // Quantities and quotes read the same scan of the text, made once and dropped before the
    // tokens are made: the tokenizer's large vector can reuse its memory rather than fresh
    // pages (on a large document, zeroing fresh pages costs as much as the scanning).
    let mut lowers = String::new();
    let (quantities, quotes) = match quantity::scan_sentences(text, &sentences, &mut lowers) {
        Some(toks) => (
            quantity::from_scan(text, &toks),
            quote::from_scan(text, toks),
        ),
        None => (Vec::new(), Vec::new()),
    };
    drop(lowers);
    (sentences, quantities, quotes)
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
