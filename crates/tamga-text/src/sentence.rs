//! Sentence splitting.

use crate::model::Sentence;

/// Splits `text` into sentences (placeholder: paragraphs and full stops).
pub fn split(text: &str) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if c == '\n' || c == '.' {
            let end = i + c.len_utf8();
            if !text[start..end].trim().is_empty() {
                out.push(Sentence { start, end });
            }
            start = end;
        }
    }
    if !text[start..].trim().is_empty() {
        out.push(Sentence {
            start,
            end: text.len(),
        });
    }
    out
}
