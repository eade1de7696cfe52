//! Turning a user's search words into an FTS5 query that can never be a syntax error: every
//! word becomes a quoted phrase, so FTS5 operators and quotes in the input are plain text.

/// More words than this add nothing to a news search and only cost time.
const MAX_TERMS: usize = 32;

/// Builds the FTS5 query: each whitespace-separated word is a quoted phrase (all must match).
/// A trailing `*` on a word keeps its meaning as a prefix search. Returns `None` when nothing
/// searchable is left (blank input, or only punctuation).
pub fn query(user: &str) -> Option<String> {
    let mut out = String::new();
    let mut terms = 0;
    for word in user.split_whitespace() {
        let stem = word.trim_end_matches('*');
        let prefix = stem.len() < word.len();
        // A word with no letter or digit would tokenize to nothing: an empty phrase.
        if !stem.chars().any(char::is_alphanumeric) {
            continue;
        }
        if terms == MAX_TERMS {
            break;
        }
        terms += 1;
        if !out.is_empty() {
            out.push(' ');
        }
        out.push('"');
        for c in stem.chars() {
            // NUL would end the string inside SQLite's tokenizer; `"` is escaped by doubling.
            match c {
                '"' => out.push_str("\"\""),
                '\0' => out.push(' '),
                c => out.push(c),
            }
        }
        out.push('"');
        if prefix {
            out.push('*');
        }
    }
    (!out.is_empty()).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::query;

    #[test]
    fn words_become_quoted_phrases() {
        assert_eq!(
            query("senate  vote").as_deref(),
            Some("\"senate\" \"vote\"")
        );
        assert_eq!(
            query("say \"no\"").as_deref(),
            Some("\"say\" \"\"\"no\"\"\"")
        );
        assert_eq!(query("NEAR(a b)").as_deref(), Some("\"NEAR(a\" \"b)\""));
        assert_eq!(query("parl*").as_deref(), Some("\"parl\"*"));
    }

    #[test]
    fn nothing_searchable_gives_none() {
        assert_eq!(query(""), None);
        assert_eq!(query("  \t"), None);
        assert_eq!(query("* \" ' ; -- ()"), None);
    }

    #[test]
    fn term_count_is_bounded() {
        let long = "w ".repeat(1000);
        assert_eq!(query(&long).map(|q| q.matches('"').count()), Some(64));
    }
}
