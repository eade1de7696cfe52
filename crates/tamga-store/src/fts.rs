//! Turning a user's search words into a full-text query that can never be a syntax error:
//! an FTS5 query on SQLite (every word a quoted phrase, so FTS5 operators and quotes in the
//! input are plain text) and a `tsquery` on PostgreSQL (every word its letter-and-digit runs,
//! quoted lexemes joined as a phrase), with the same meaning.

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

/// The same words as a PostgreSQL `tsquery` text, for `lower($1)::tsquery` against a
/// `to_tsvector('simple', ...)` column: each word's runs of letters and digits (what FTS5's
/// unicode61 tokenizer keeps) form a phrase (`'a' <-> 'b'`), a trailing `*` makes its last
/// lexeme a prefix (`:*`), and all words must match (`&`). Only letters and digits are ever
/// quoted, so the text always parses. `None` when nothing searchable is left.
pub fn pg_query(user: &str) -> Option<String> {
    let mut out = String::new();
    let mut terms = 0;
    for word in user.split_whitespace() {
        let stem = word.trim_end_matches('*');
        let prefix = stem.len() < word.len();
        let tokens: Vec<&str> = stem
            .split(|c: char| !c.is_alphanumeric())
            .filter(|t| !t.is_empty())
            .collect();
        if tokens.is_empty() {
            continue;
        }
        if terms == MAX_TERMS {
            break;
        }
        terms += 1;
        if !out.is_empty() {
            out.push_str(" & ");
        }
        out.push('(');
        for (i, t) in tokens.iter().enumerate() {
            if i > 0 {
                out.push_str(" <-> ");
            }
            out.push('\'');
            out.push_str(t);
            out.push('\'');
        }
        if prefix {
            out.push_str(":*");
        }
        out.push(')');
    }
    (!out.is_empty()).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::{pg_query, query};

    #[test]
    fn tsqueries_quote_only_letters_and_digits() {
        assert_eq!(
            pg_query("Senate  vote").as_deref(),
            Some("('Senate') & ('vote')")
        );
        assert_eq!(pg_query("parl*").as_deref(), Some("('parl':*)"));
        assert_eq!(
            pg_query("o'neil NEAR(a").as_deref(),
            Some("('o' <-> 'neil') & ('NEAR' <-> 'a')")
        );
        assert_eq!(pg_query("* \" ' ; -- () \\ :*"), None);
        let long = "w ".repeat(1000);
        assert_eq!(pg_query(&long).map(|q| q.matches('&').count()), Some(31));
    }

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
