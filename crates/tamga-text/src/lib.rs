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
