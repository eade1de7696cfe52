//! Tokens with spans, normalized forms and lemmas.

use crate::model::{Sentence, Token, TokenKind};

/// Tokenizes each sentence (placeholder: whitespace-separated words).
pub fn tokenize(text: &str, sentences: &[Sentence]) -> Vec<Token> {
    let mut out = Vec::new();
    for (si, s) in sentences.iter().enumerate() {
        let mut pos = s.start;
        for word in text[s.start..s.end].split_whitespace() {
            let Some(off) = text[pos..s.end].find(word) else {
                continue;
            };
            let start = pos + off;
            let end = start + word.len();
            pos = end;
            let norm = word.to_lowercase();
            out.push(Token {
                start,
                end,
                sentence: si,
                kind: TokenKind::Word,
                lemma: norm.clone(),
                norm,
            });
        }
    }
    out
}
