//! Modality and polarity per clause.

use crate::model::{Modality, Sentence, Token};

pub fn annotate(_text: &str, _sentences: &[Sentence], _tokens: &[Token]) -> Vec<Modality> {
    Vec::new()
}
