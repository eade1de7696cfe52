//! Quotes and their speakers: direct quotes in straight, curly or angle marks (also across
//! sentences and paragraphs), attributed by patterns on either side ("X said", "said X",
//! "according to X", "X quoted her as saying"), and indirect speech ("X stressed that ...").

use crate::model::{Quote, Sentence, Speaker, Token};
use crate::quantity::lexicon::lexicon;
use crate::quantity::scan::{Kind, Tok};
use crate::wordmap::WordSet;
use std::sync::OnceLock;

/// Personal pronouns kept as speakers (coreference resolves them later).
const PRONOUNS: &[&str] = &["he", "she", "they", "we", "i", "it", "you"];

const DETERMINERS: &[&str] = &[
    "the", "a", "an", "his", "her", "its", "their", "our", "my", "this", "these", "those",
    "another", "one", "two", "three", "several", "some", "many", "other", "both", "all", "most",
];

/// Words that may join two parts of one noun phrase ("the head *of* the agency", "a statement
/// issued *by* the ministry").
const CONNECTORS: &[&str] = &[
    "of", "for", "by", "from", "at", "in", "on", "and", "&", "with",
];

/// Past participles that stay inside a noun phrase ("a statement *issued* by ...").
const PARTICIPLES: &[&str] = &[
    "issued",
    "released",
    "published",
    "signed",
    "elected",
    "appointed",
    "based",
    "retired",
    "named",
    "designated",
    "acting",
    "leading",
    "ruling",
    "governing",
    "founding",
    "serving",
    "outgoing",
    "incoming",
    "united",
    "armed",
    "detained",
    "jailed",
    "exiled",
    "wanted",
];

/// Words between a subject and its speech verb ("the minister *later* said").
const ADVERBS: &[&str] = &[
    "also",
    "further",
    "later",
    "then",
    "again",
    "earlier",
    "previously",
    "recently",
    "reportedly",
    "once",
    "has",
    "had",
    "have",
    "was",
    "is",
    "were",
    "would",
    "will",
    "today",
    "yesterday",
    "repeatedly",
    "first",
    "just",
    "to",
    "had",
    "has",
    "not",
    "never",
    "publicly",
    "separately",
    "instead",
    "however",
    "meanwhile",
    "still",
    "now",
    "subsequently",
    "finally",
    "ultimately",
    "simply",
];

/// Lower-case words that end a noun phrase: function words, auxiliaries, conjunctions.
const STOP: &[&str] = &[
    "that",
    "which",
    "who",
    "whom",
    "whose",
    "while",
    "when",
    "where",
    "after",
    "before",
    "because",
    "as",
    "but",
    "so",
    "to",
    "is",
    "was",
    "were",
    "are",
    "be",
    "been",
    "being",
    "has",
    "have",
    "had",
    "will",
    "would",
    "could",
    "should",
    "may",
    "might",
    "can",
    "must",
    "did",
    "do",
    "does",
    "not",
    "also",
    "if",
    "than",
    "then",
    "there",
    "here",
    "what",
    "why",
    "how",
    "with",
    "into",
    "during",
    "since",
    "until",
    "about",
    "over",
    "under",
    "against",
    "between",
    "among",
    "through",
    "without",
    "within",
    "upon",
    "or",
    "nor",
    "yet",
    "however",
    "therefore",
    "thus",
    "according",
    "adding",
    "saying",
    "noting",
    "though",
    "although",
    "whereas",
    "unless",
    "instead",
    "it",
    "he",
    "she",
    "they",
    "we",
    "i",
    "you",
    "them",
    "him",
    "us",
    "me",
    "all",
    "both",
    "each",
    "every",
    "no",
    "only",
    "even",
    "still",
    "now",
    "today",
    "yesterday",
    "tomorrow",
    "this",
    "said",
    "says",
    "say",
    "ago",
    "quoted",
];

/// Prepositions that end a noun phrase read forwards after "said" ("said Idrissov *at* the
/// session"): looser than `CONNECTORS`, which a backward walk may cross.
const FORWARD_STOP: &[&str] = &[
    "at",
    "on",
    "in",
    "during",
    "after",
    "before",
    "while",
    "when",
    "to",
    "with",
    "who",
    "which",
    "adding",
    "as",
    "that",
    "and",
    "but",
    "told",
    "late",
    "early",
    "last",
    "this",
    "near",
    "outside",
    "inside",
    "behind",
    "along",
    "across",
    "within",
    "among",
    "amid",
    "under",
    "over",
    "declining",
    "speaking",
    "referring",
    "citing",
    "insisting",
    "stressing",
    "noting",
];

/// Words opening a phrase between a speech verb and "that" ("said *in* a statement that",
/// "stressed *again* that").
const PHRASE_START: &[&str] = &[
    "in",
    "on",
    "at",
    "during",
    "after",
    "before",
    "to",
    "for",
    "with",
    "from",
    "last",
    "this",
    "earlier",
    "later",
    "again",
    "repeatedly",
    "publicly",
    "yesterday",
    "today",
    "also",
    "via",
    "through",
    "late",
    "early",
    "recently",
    "once",
    "afterwards",
    "separately",
    "privately",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "tonight",
    "overnight",
    "separately",
];

/// Auxiliaries and modals that show a reported clause has a finite verb ("said the talks
/// *had* failed") rather than being an object ("denied the report").
const FINITE: &[&str] = &[
    "is", "are", "was", "were", "will", "would", "could", "should", "can", "may", "might", "must",
    "has", "have", "had", "did", "does", "do", "not", "won't", "wouldn't", "isn't", "wasn't",
    "aren't", "weren't", "hasn't", "haven't", "hadn't", "didn't", "doesn't", "don't", "can't",
    "cannot", "shall", "remains", "remain", "plans", "wants", "needs", "intends",
];

/// Words that may open the short phrase after a sentence-final attribution ("he said *on*
/// Tuesday", "the ministry said *in* a statement").
const TAIL_START: &[&str] = &[
    "on",
    "in",
    "at",
    "during",
    "after",
    "before",
    "late",
    "last",
    "this",
    "earlier",
    "later",
    "yesterday",
    "today",
    "from",
    "via",
    "through",
    "outside",
    "inside",
    "afterwards",
    "again",
    "recently",
    "previously",
    "once",
    "when",
    "while",
    "told",
    "to",
];

/// Abbreviations whose dot does not end a sentence.
const ABBREV: &[&str] = &[
    "mr", "mrs", "ms", "dr", "gen", "col", "lt", "sgt", "capt", "maj", "adm", "prof", "sen", "rep",
    "gov", "pres", "st", "no", "vs", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec", "jr", "sr", "co", "corp", "inc", "ltd", "dept", "mt", "ft",
    "approx", "est", "fig", "vol", "rev", "hon", "amb", "cmdr", "brig", "rt",
];

/// The word lists above as sets: they are read for most tokens of the quote scan, and a
/// linear walk compared the word with each entry of its length by memcmp.
macro_rules! word_set {
    ($($name:ident: $list:ident),* $(,)?) => {
        $(
            fn $name() -> &'static WordSet {
                static SET: OnceLock<WordSet> = OnceLock::new();
                SET.get_or_init(|| WordSet::of($list.iter().copied()))
            }
        )*
    };
}

word_set!(pronouns: PRONOUNS, determiners: DETERMINERS, connectors: CONNECTORS, participles: PARTICIPLES, adverbs: ADVERBS, stop: STOP, forward_stop: FORWARD_STOP, phrase_start: PHRASE_START, finite: FINITE, tail_start: TAIL_START, abbrev: ABBREV);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mark {
    Open,
    Close,
    Straight,
}

// Inlined: asked of every token in three passes, most of them words.
#[inline]
fn mark(t: &Tok) -> Option<Mark> {
    if t.kind != Kind::Punct {
        return None;
    }
    match t.lower {
        "\u{201c}" | "\u{201e}" | "\u{ab}" => Some(Mark::Open),
        "\u{201d}" | "\u{bb}" => Some(Mark::Close),
        "\"" => Some(Mark::Straight),
        _ => None,
    }
}

/// A quoted stretch: the opening mark's token, the closing one's (None when the paragraph
/// ended first), and the token range of its content.
#[derive(Debug, Clone)]
struct Seg {
    open: usize,
    close: Option<usize>,
    c0: usize,
    c1: usize,
}

/// A found attribution: speaker token range (exclusive end) and the cue's words.
#[derive(Debug, Clone)]
struct Attr {
    s0: usize,
    s1: usize,
    cue: String,
}

struct Doc<'a> {
    text: &'a str,
    toks: Vec<Tok<'a>>,
    /// First token of each sentence (our own split: robust to quotes and abbreviations).
    sstart: Vec<usize>,
    /// First token of each paragraph but the first. A token's sentence and paragraph are
    /// found in these by binary search: only a few tokens ask, where an id for every token
    /// cost two vector pushes a token.
    pstart: Vec<usize>,
    /// The tokens that may open or close a quote, in order: quotation marks, single quotes
    /// and paragraph starts. [`Doc::segments`] reads only these, not every token.
    events: Vec<usize>,
}

/// Finds direct and indirect quotes in `text`. Sentence spans bound the scan; inside them the
/// annotator reads the text itself so that a quote survives any sentence split.
pub fn annotate(text: &str, sentences: &[Sentence], _tokens: &[Token]) -> Vec<Quote> {
    crate::quantity::scan_sentences(text, sentences, &mut Default::default())
        .map_or_else(Vec::new, |toks| from_scan(text, toks))
}

/// [`annotate`] on the tokens of [`crate::quantity::scan_sentences`], which the quantity
/// annotator has read first.
pub(crate) fn from_scan(text: &str, toks: Vec<Tok>) -> Vec<Quote> {
    from_scan_returning(text, toks).0
}

/// [`from_scan`], handing the tokens back so that their memory can be reused.
pub(crate) fn from_scan_returning<'a>(
    text: &'a str,
    toks: Vec<Tok<'a>>,
) -> (Vec<Quote>, Vec<Tok<'a>>) {
    let doc = Doc::new(text, toks);
    let quotes = doc.run();
    (quotes, doc.toks)
}

impl<'a> Doc<'a> {
    fn new(text: &'a str, toks: Vec<Tok<'a>>) -> Self {
        let mut sstart = Vec::new();
        let mut pstart = Vec::new();
        let mut events = Vec::new();
        let mut boundary_next = true;
        let mut line_start = 0usize;
        for (k, t) in toks.iter().enumerate() {
            // Most tokens are words and numbers within a line: they open no paragraph, line or
            // quote and end no sentence, and only a sentence's first one is recorded.
            if t.kind != Kind::Punct && t.newlines_before == 0 {
                if boundary_next {
                    sstart.push(k);
                    boundary_next = false;
                }
                continue;
            }
            if k > 0 && t.newlines_before > 1 {
                pstart.push(k);
                events.push(k);
                boundary_next = true;
            } else if t.kind == Kind::Punct
                && (mark(t).is_some() || matches!(t.lower, "\u{2018}" | "\u{2019}"))
            {
                events.push(k);
            }
            if t.newlines_before > 0 {
                // A single line break ends a sentence unless the text is hard-wrapped (lines
                // of ~70 columns, as in the Eurasia Daily Monitor): a long line was not wrapped.
                let prev_end = k.checked_sub(1).map_or(0, |i| toks[i].end());
                let colon = k > 0 && toks[k - 1].is_punct(":");
                if colon || prev_end.saturating_sub(line_start) > 100 {
                    boundary_next = true;
                }
                // The newline is in the whitespace just before the token: a byte loop finds
                // it sooner than a memrchr call set up for long text.
                line_start = text
                    .as_bytes()
                    .get(..t.start())
                    .and_then(|s| s.iter().rposition(|&b| b == b'\n'))
                    .map_or(0, |i| i + 1);
            }
            if boundary_next {
                sstart.push(k);
                boundary_next = false;
            }
            // Only a mark ends a sentence: words and numbers skip the test.
            if t.kind == Kind::Punct && Self::ends_sentence(text, &toks, k) {
                boundary_next = true;
            }
        }
        Doc {
            text,
            toks,
            sstart,
            pstart,
            events,
        }
    }

    /// Does a sentence end after token `k`? A terminator (or a closing mark right after one)
    /// followed by a capital, an opening quote or the end; not after "Dec." or "U.S.".
    fn ends_sentence(text: &str, toks: &[Tok], k: usize) -> bool {
        let t = &toks[k];
        let next = toks.get(k + 1);
        let term = |x: &Tok| x.is_punct(".") || x.is_punct("!") || x.is_punct("?");
        let closer =
            |x: &Tok| matches!(mark(x), Some(Mark::Close | Mark::Straight)) || x.is_punct(")");
        let is_end = if term(t) {
            !next.is_some_and(|n| closer(n) && !n.space_before)
        } else {
            closer(t) && k > 0 && term(&toks[k - 1]) && !t.space_before
        };
        if !is_end {
            return false;
        }
        // The dot of an abbreviation or an initial ("Dec. 20", "Gen.", "J. Smith").
        let dot = if t.is_punct(".") {
            Some(k)
        } else if k > 0 && toks[k - 1].is_punct(".") {
            Some(k - 1)
        } else {
            None
        };
        if let Some(d) = dot {
            if let Some(w) = d.checked_sub(1).and_then(|i| toks.get(i)) {
                let single = w.is_word() && w.lower.chars().count() == 1;
                if w.is_word()
                    && !toks[d].space_before
                    && (abbrev().contains(w.lower) || single || w.lower.contains('.'))
                {
                    // "U.S." ends a sentence only before a paragraph break.
                    return next.is_none_or(|n| n.newlines_before > 1);
                }
            }
        }
        match next {
            None => true,
            Some(n) => {
                n.newlines_before > 1
                    || n.is_capitalized(text)
                    || matches!(mark(n), Some(Mark::Open | Mark::Straight))
                    || n.is_number()
            }
        }
    }

    /// The first token of the sentence of token `k`, `None` past the last token.
    fn sentence_start(&self, k: usize) -> Option<usize> {
        if k >= self.toks.len() {
            return None;
        }
        let n = self.sstart.partition_point(|&s| s <= k);
        self.sstart.get(n.checked_sub(1)?).copied()
    }

    /// The paragraph of token `k`: how many paragraphs start after the first and at or
    /// before it.
    fn paragraph(&self, k: usize) -> usize {
        self.pstart.partition_point(|&p| p <= k)
    }

    fn word(&self, k: usize) -> &str {
        self.toks
            .get(k)
            .map_or("", |t| if t.is_word() { t.lower } else { "" })
    }

    fn cap(&self, k: usize) -> bool {
        self.toks
            .get(k)
            .is_some_and(|t| t.is_word() && t.is_capitalized(self.text))
    }

    fn span_text(&self, a: usize, b: usize) -> String {
        match (
            self.toks.get(a),
            b.checked_sub(1).and_then(|i| self.toks.get(i)),
        ) {
            (Some(x), Some(y)) if x.start <= y.end => self
                .text
                .get(x.start()..y.end())
                .unwrap_or_default()
                .to_string(),
            _ => String::new(),
        }
    }

    /// A speech verb starting at `k`: index after it, and whether it reports indirect speech.
    fn verb_at(&self, k: usize) -> Option<(usize, bool)> {
        let t = self.toks.get(k)?;
        let lex = lexicon();
        if !t.is_word() {
            return None;
        }
        let first = lex.speech_by_first.get(t.lower);
        if first.is_empty() {
            return None;
        }
        // "the answers", "his claims": after an article or possessive the word is a noun.
        if k > 0
            && matches!(
                self.word(k - 1),
                "the"
                    | "a"
                    | "an"
                    | "his"
                    | "her"
                    | "its"
                    | "their"
                    | "our"
                    | "my"
                    | "this"
                    | "these"
                    | "those"
            )
        {
            return None;
        }
        for (words, _, indirect) in first.iter().filter_map(|&i| lex.speech_verbs.get(i)) {
            let ok = words.iter().enumerate().all(|(i, w)| {
                self.toks
                    .get(k + i)
                    .is_some_and(|x| x.is_word() && x.lower == *w)
            });
            if ok {
                return Some((k + words.len(), *indirect));
            }
        }
        None
    }

    /// A speech verb ending at `k` (inclusive): its first index.
    fn verb_ending_at(&self, k: usize) -> Option<(usize, bool)> {
        for len in [2usize, 1] {
            let Some(s) = (k + 1).checked_sub(len) else {
                continue;
            };
            if let Some((e, ind)) = self.verb_at(s) {
                if e == k + 1 {
                    return Some((s, ind));
                }
            }
        }
        None
    }

    fn glued_inner(&self, k: usize) -> bool {
        // "U.S. State Department", "Ak-Zhol": a dot or hyphen between words, no space;
        // "Mr. Ospanov", "J. Smith": the dot of a title or an initial, then a name.
        let t = &self.toks[k];
        let (Some(prev), Some(next)) = (
            k.checked_sub(1).map(|p| &self.toks[p]),
            self.toks.get(k + 1),
        ) else {
            return false;
        };
        if !(t.is_punct(".") || t.is_punct("-"))
            || t.space_before
            || !prev.is_word()
            || !next.is_word()
        {
            return false;
        }
        let abbreviation = t.is_punct(".")
            && prev.is_capitalized(self.text)
            && (abbrev().contains(prev.lower) || prev.lower.chars().count() == 1)
            && next.is_capitalized(self.text);
        !next.space_before || abbreviation
    }

    fn ends_np(&self, k: usize) -> bool {
        let w = self.word(k);
        stop().contains(w)
            || (!self.cap(k)
                && ((w.ends_with("ed") && !participles().contains(w))
                    || (w.ends_with("ing") && !participles().contains(w))
                    || w.ends_with("ly")))
    }

    /// The subject noun phrase before a speech verb at `v`, within sentence/paragraph.
    fn subject_before(&self, v: usize) -> Option<(usize, usize)> {
        let floor = self.sentence_start(v)?;
        let mut k = v.checked_sub(1)?;
        while k > floor
            && (adverbs().contains(self.word(k))
                || self.word(k).ends_with("ly")
                    && !self.cap(k)
                    && !determiners().contains(self.word(k - 1)))
        {
            k -= 1;
        }
        if k < floor {
            return None;
        }
        // "The opposition, however, insists": skip a parenthetical adverb between commas.
        if k >= floor + 3
            && self.toks[k].is_punct(",")
            && self.toks[k - 2].is_punct(",")
            && (adverbs().contains(self.word(k - 1))
                || matches!(self.word(k - 1), "too" | "though" | "meanwhile"))
        {
            k -= 3;
        }
        if pronouns().contains(self.word(k)) {
            return Some((k, k + 1));
        }
        // "… discussed the idea and noted that": a coordinated verb shares the first one's
        // subject, which is not the phrase right before "and".
        if matches!(self.word(k), "and" | "or" | "but") {
            return None;
        }
        if self.toks[k].is_punct(",") {
            if let Some(found) = self.apposition(k, floor) {
                return Some(found);
            }
            // "Tokayev, speaking at a cabinet meeting, said": skip a participle phrase.
            let c = (floor..k)
                .rev()
                .take(12)
                .find(|&i| self.toks[i].is_punct(","))?;
            let w = self.word(c + 1);
            if c > floor && !self.cap(c + 1) && (w.ends_with("ing") || w.ends_with("ed")) {
                let e = c;
                let s = self.walk_back(c - 1, floor)?;
                return Some((s, e));
            }
            return None;
        }
        let e = k + 1;
        let s = self.walk_back(k, floor)?;
        Some((s, e))
    }

    /// Walks a noun phrase backwards from `k` (inclusive); returns its first token.
    fn walk_back(&self, k: usize, floor: usize) -> Option<usize> {
        let mut s = None;
        let mut j = k;
        let mut count = 0;
        loop {
            let t = &self.toks[j];
            let w = t.lower;
            if t.is_punct(".") || t.is_punct("-") {
                if !self.glued_inner(j) {
                    break;
                }
            } else if !t.is_word() || mark(t).is_some() {
                break;
            } else if determiners().contains(w) {
                s = Some(j);
                let left = j.checked_sub(1).filter(|&l| l >= floor);
                if !left
                    .is_some_and(|l| connectors().contains(self.word(l)) && self.word(l) != "and")
                {
                    break;
                }
            } else if connectors().contains(w) {
                // Crossed only when words follow on the left.
            } else if self.cap(j) {
                // Sentence-initial function words ("But", "In") are not names.
                if j == floor && stop().contains(w) {
                    break;
                }
                s = Some(j);
            } else if self.ends_np(j) || self.verb_at(j).is_some() || pronouns().contains(w) {
                break;
            } else {
                s = Some(j);
            }
            count += 1;
            if j == floor || count >= 14 {
                break;
            }
            j -= 1;
        }
        let mut s = s?;
        // Trim connectors left at the front ("of the ministry" → "the ministry").
        while s <= k && (connectors().contains(self.word(s)) || self.toks[s].kind == Kind::Punct) {
            s += 1;
        }
        (s <= k).then_some(s)
    }

    /// "X, the minister, said" / "the commander, General Joseph Votel, described": the phrase
    /// between the commas; a name there wins, else a name before the first comma.
    fn apposition(&self, comma: usize, floor: usize) -> Option<(usize, usize)> {
        let k = comma.checked_sub(1)?;
        if k < floor {
            return None;
        }
        let inner_start = self.walk_back(k, floor)?;
        let before = inner_start.checked_sub(1);
        // An apposition sits between two commas; "CLAUSE, said X" has only one.
        if !before.is_some_and(|b| b >= floor && self.toks[b].is_punct(",")) {
            return None;
        }
        let inner_is_name = (inner_start..=k).all(|i| self.cap(i) || self.glued_inner(i));
        if inner_is_name {
            return Some((inner_start, k + 1));
        }
        if let Some(c) = before.filter(|&c| c > floor && self.toks[c].is_punct(",")) {
            let nk = c - 1;
            if self.cap(nk) {
                if let Some(ns) = self.walk_back(nk, floor) {
                    if (ns..=nk).all(|i| self.cap(i) || self.glued_inner(i)) {
                        return Some((ns, nk + 1));
                    }
                }
            }
        }
        Some((inner_start, k + 1))
    }

    /// A noun phrase read forwards from `k` ("said *Foreign Minister Erlan Idrissov* at ...").
    fn np_forward(&self, k: usize) -> Option<(usize, usize)> {
        let first = self.toks.get(k)?;
        if !first.is_word() {
            return None;
        }
        if pronouns().contains(first.lower) {
            return Some((k, k + 1));
        }
        let w = first.lower;
        if (stop().contains(w) || connectors().contains(w)) && !determiners().contains(w) {
            return None;
        }
        let mut j = k;
        // Within the paragraph: `j` moves one token at a time, so it leaves the paragraph at
        // the first token past `k` that starts one.
        while j < self.toks.len() && j < k + 14 && (j == k || self.toks[j].newlines_before <= 1) {
            let t = &self.toks[j];
            let w = t.lower;
            if t.kind == Kind::Punct {
                if self.glued_inner(j) {
                    j += 1;
                    continue;
                }
                break;
            }
            if j > k && (forward_stop().contains(w) && !(w == "of" || w == "for")) {
                break;
            }
            if self.verb_at(j).is_some() || (j > k && pronouns().contains(w)) {
                break;
            }
            if !self.cap(j)
                && !determiners().contains(w)
                && !connectors().contains(w)
                && self.ends_np(j)
            {
                break;
            }
            j += 1;
        }
        // Trailing connectors, determiners and participles ("a survey published" on Monday).
        while j > k
            && (connectors().contains(self.word(j - 1))
                || determiners().contains(self.word(j - 1))
                || (participles().contains(self.word(j - 1)) && self.word(j - 1).ends_with("ed")))
        {
            j -= 1;
        }
        (j > k).then_some((k, j))
    }

    fn run(&self) -> Vec<Quote> {
        let segs = self.segments();
        let mut attrs: Vec<Option<Attr>> = segs.iter().map(|s| self.attribute(s)).collect();
        // A quote continued from the previous paragraph, or following an attributed quote in
        // the same paragraph ("“A,” he said. “B.”"), shares its speaker.
        for i in (0..segs.len().saturating_sub(1)).rev() {
            if attrs[i].is_none()
                && segs[i].close.is_none()
                && self.paragraph(segs[i + 1].open) == self.paragraph(segs[i].open) + 1
            {
                attrs[i] = attrs[i + 1].clone();
            }
        }
        for i in 1..segs.len() {
            if attrs[i].is_none() {
                if let (Some(prev_close), Some(prev)) = (segs[i - 1].close, attrs[i - 1].clone()) {
                    let same_para = self.paragraph(prev_close) == self.paragraph(segs[i].open);
                    if same_para && segs[i].open - prev_close <= 16 && prev.s0 > prev_close {
                        attrs[i] = Some(prev);
                    }
                }
            }
        }
        let mut out = Vec::new();
        let mut inside = vec![false; self.toks.len()];
        for (seg, attr) in segs.iter().zip(attrs) {
            for f in inside.iter_mut().take(seg.c1.max(seg.open)).skip(seg.open) {
                *f = true;
            }
            if let Some(c) = seg.close {
                inside[c] = true;
            }
            let words = (seg.c0..seg.c1).filter(|&i| self.toks[i].is_word()).count();
            if words == 0 || (attr.is_none() && words < 5) {
                continue;
            }
            out.push(self.quote(seg.c0, seg.c1, attr, false));
        }
        self.indirect(&inside, &mut out);
        out.sort_by_key(|q| q.start);
        out
    }

    fn quote(&self, mut c0: usize, c1: usize, attr: Option<Attr>, indirect: bool) -> Quote {
        // Reported speech starts at a word ("says that, in such a case, ..." → "in such").
        while indirect && c0 < c1 && self.toks[c0].kind == Kind::Punct {
            c0 += 1;
        }
        let (start, end) = match (
            self.toks.get(c0),
            c1.checked_sub(1).and_then(|i| self.toks.get(i)),
        ) {
            (Some(a), Some(b)) if a.start <= b.end => (a.start(), b.end()),
            _ => (0, 0),
        };
        let (speaker, cue) = match attr {
            Some(a) => {
                let (s, e) = (self.toks[a.s0].start(), self.toks[a.s1 - 1].end());
                (
                    Some(Speaker {
                        start: s,
                        end: e,
                        text: self.text.get(s..e).unwrap_or_default().to_string(),
                    }),
                    Some(a.cue),
                )
            }
            None => (None, None),
        };
        Quote {
            start,
            end,
            text: self.text.get(start..end).unwrap_or_default().to_string(),
            speaker,
            indirect,
            cue,
        }
    }

    /// Pairs quotation marks into segments. A paragraph break closes an open quote (news
    /// style reopens it in the next paragraph); straight quotes alternate.
    fn segments(&self) -> Vec<Seg> {
        let mut segs = Vec::new();
        let mut open: Option<usize> = None;
        // Single quotes (‘…’, British headline style) only outside double quotes, opening
        // before a glued word and closing after one; an apostrophe inside a word is part of it.
        let mut single: Option<usize> = None;
        // Only marks and paragraph breaks open or close a quote: most tokens are words and
        // numbers within a paragraph, and other marks do nothing below.
        for &k in &self.events {
            let Some(t) = self.toks.get(k) else {
                continue;
            };
            if k > 0 && t.newlines_before > 1 {
                single = None;
            }
            if open.is_none() && t.kind == Kind::Punct && matches!(t.lower, "\u{2018}" | "\u{2019}")
            {
                let next_glued = self
                    .toks
                    .get(k + 1)
                    .is_some_and(|n| !n.space_before && n.is_word());
                let after_ok = self
                    .toks
                    .get(k + 1)
                    .is_none_or(|n| n.space_before || n.kind == Kind::Punct);
                if t.lower == "\u{2018}" && single.is_none() && next_glued {
                    single = Some(k);
                } else if t.lower == "\u{2019}" && !t.space_before && after_ok {
                    if let Some(o) = single.take() {
                        segs.push(Seg {
                            open: o,
                            close: Some(k),
                            c0: o + 1,
                            c1: k,
                        });
                    }
                }
            }
            if k > 0 && t.newlines_before > 1 {
                if let Some(o) = open.take() {
                    segs.push(Seg {
                        open: o,
                        close: None,
                        c0: o + 1,
                        c1: k,
                    });
                }
            }
            match mark(t) {
                // A second opening mark inside an open quote is a typo or a nested quote.
                Some(Mark::Open) if open.is_none() => open = Some(k),
                Some(Mark::Close) => {
                    if let Some(o) = open.take() {
                        segs.push(Seg {
                            open: o,
                            close: Some(k),
                            c0: o + 1,
                            c1: k,
                        });
                    }
                }
                Some(Mark::Straight) => match open.take() {
                    Some(o) => segs.push(Seg {
                        open: o,
                        close: Some(k),
                        c0: o + 1,
                        c1: k,
                    }),
                    None => open = Some(k),
                },
                _ => {}
            }
        }
        if let Some(o) = open {
            segs.push(Seg {
                open: o,
                close: None,
                c0: o + 1,
                c1: self.toks.len(),
            });
        }
        // Single and double quotes were paired separately: keep them ordered, not nested.
        segs.sort_by_key(|s| s.open);
        segs.dedup_by(|b, a| b.open < a.c1);
        // Drop trailing punctuation inside the marks from the content (",” he said").
        for s in &mut segs {
            while s.c1 > s.c0 && self.toks[s.c1 - 1].is_punct(",") {
                s.c1 -= 1;
            }
        }
        segs
    }

    fn attribute(&self, seg: &Seg) -> Option<Attr> {
        self.attribute_after(seg)
            .or_else(|| self.attribute_before(seg))
    }

    /// "…,” the minister answered." / "…,” said Idrissov." / "…?” Kasparov said." /
    /// "…,” according to the ministry."
    fn attribute_after(&self, seg: &Seg) -> Option<Attr> {
        let c = seg.close?;
        let mut k = c + 1;
        let t = self.toks.get(k)?;
        if t.newlines_before > 1 {
            return None;
        }
        if t.is_punct(",") || t.is_punct("\u{2014}") || t.is_punct("\u{2013}") {
            k += 1;
        }
        // "said X" (inverted).
        if let Some((e, _)) = self.verb_at(k) {
            let (s0, s1) = self.np_forward(e)?;
            return Some(Attr {
                s0,
                s1,
                cue: self.span_text(k, e),
            });
        }
        if self.word(k) == "according" && self.word(k + 1) == "to" {
            let (s0, s1) = self.np_forward(k + 2)?;
            return Some(Attr {
                s0,
                s1,
                cue: "according to".into(),
            });
        }
        // "X said" / "the minister answered".
        let (mut s0, mut s1) = self.np_forward(k)?;
        // "the commander of the border troops, Colonel Asan Zhumabayev, said": the name wins;
        // "Colonel Zhumabayev, the commander, said": the first phrase is the name.
        if self.toks.get(s1).is_some_and(|t| t.is_punct(",")) {
            let (a0, a1) = self.np_forward(s1 + 1)?;
            if !self.toks.get(a1).is_some_and(|t| t.is_punct(",")) {
                return None;
            }
            let name = |x: usize, y: usize| (x..y).all(|i| self.cap(i) || self.glued_inner(i));
            if name(a0, a1) && !name(s0, s1) {
                (s0, s1) = (a0, a1);
            }
            let mut v = a1 + 1;
            while adverbs().contains(self.word(v)) && v < a1 + 4 {
                v += 1;
            }
            let (e, _) = self.verb_at(v)?;
            return Some(Attr {
                s0,
                s1,
                cue: self.span_text(v, e),
            });
        }
        let mut v = s1;
        while adverbs().contains(self.word(v)) && v < s1 + 3 {
            v += 1;
        }
        if self.word(v) == "quoted" {
            // "Interfax quoted her as saying" → her; "the minister was quoted as saying".
            if self.word(v + 1) == "as" && self.word(v + 2) == "saying" {
                return Some(Attr {
                    s0,
                    s1,
                    cue: "quoted as saying".into(),
                });
            }
            let (q0, q1) = if matches!(self.word(v + 1), "her" | "him" | "them" | "us" | "me") {
                (v + 1, v + 2)
            } else {
                self.np_forward(v + 1)?
            };
            if self.word(q1) == "as" && self.word(q1 + 1) == "saying" {
                return Some(Attr {
                    s0: q0,
                    s1: q1,
                    cue: "quoted ... as saying".into(),
                });
            }
            return None;
        }
        let (e, _) = self.verb_at(v)?;
        Some(Attr {
            s0,
            s1,
            cue: self.span_text(v, e),
        })
    }

    /// "X said: “…”", "X told reporters, “…”", "According to X, “…”", "X quoted her as
    /// saying “…”", "X described it as “…”".
    fn attribute_before(&self, seg: &Seg) -> Option<Attr> {
        let o = seg.open;
        let mut floor = self.sentence_start(o)?;
        if o <= floor {
            // "He told the meeting:" on its own line, the quote below: the colon's sentence.
            let prev = o.checked_sub(1)?;
            if !self.toks[prev].is_punct(":") || self.toks[o].newlines_before > 2 {
                return None;
            }
            floor = self.sentence_start(prev)?;
        }
        let mut p = o - 1;
        while p > floor
            && (self.toks[p].is_punct(":") || self.toks[p].is_punct(",") || self.word(p) == "that")
        {
            p -= 1;
        }
        // "quoted her as saying", "was quoted as saying".
        if self.word(p) == "saying" && self.word(p.saturating_sub(1)) == "as" {
            let as_ = p - 1;
            let q = (floor..as_)
                .rev()
                .take(8)
                .find(|&i| self.word(i) == "quoted")?;
            if q + 1 < as_ {
                return Some(Attr {
                    s0: q + 1,
                    s1: as_,
                    cue: "quoted ... as saying".into(),
                });
            }
            let (s0, s1) = self.subject_before(q)?;
            return Some(Attr {
                s0,
                s1,
                cue: "quoted as saying".into(),
            });
        }
        // "According to X, “…”".
        if self.word(floor) == "according" && self.word(floor + 1) == "to" {
            let comma = (floor + 2..o).find(|&i| self.toks[i].is_punct(","))?;
            if comma > floor + 2 {
                return Some(Attr {
                    s0: floor + 2,
                    s1: comma,
                    cue: "according to".into(),
                });
            }
        }
        // The nearest speech verb before the mark in this sentence, with at most a short
        // object or phrase between ("told reporters", "said in a statement").
        let mut best = None;
        let mut i = p;
        loop {
            if let Some((s, _)) = self.verb_ending_at(i) {
                best = Some((s, i + 1));
                break;
            }
            if i == floor || p - i > 24 || mark(&self.toks[i]).is_some() {
                break;
            }
            i -= 1;
        }
        let (v, ve) = best?;
        let (s0, s1) = self.subject_before(v)?;
        Some(Attr {
            s0,
            s1,
            cue: self.span_text(v, ve),
        })
    }

    /// Indirect speech in sentences without quotation marks.
    fn indirect(&self, inside: &[bool], out: &mut Vec<Quote>) {
        for (si, &s) in self.sstart.iter().enumerate() {
            let e = self.sstart.get(si + 1).copied().unwrap_or(self.toks.len());
            // One walk over the sentence: a quotation mark or quoted token rules it out, and
            // every attribution pattern below needs a speech verb (or "according to") in it;
            // most sentences have none and are skipped with one lookup a word. The marks
            // after the content end are not words, so the verb test may read them too.
            let lex = lexicon();
            let mut may_attribute = false;
            let mut quoted = false;
            for (t, &q) in self
                .toks
                .get(s..e)
                .unwrap_or_default()
                .iter()
                .zip(inside.get(s..e).unwrap_or_default())
            {
                if q || mark(t).is_some() {
                    quoted = true;
                    break;
                }
                may_attribute = may_attribute
                    || t.is_word()
                        && (t.lower == "according" || !lex.speech_by_first.get(t.lower).is_empty());
            }
            if quoted || !may_attribute {
                continue;
            }
            // Content end: before the terminator.
            let mut end = e;
            while end > s
                && self.toks[end - 1].kind == Kind::Punct
                && !self.toks[end - 1].is_punct(")")
            {
                end -= 1;
            }
            if end <= s {
                continue;
            }
            if let Some(q) = self.indirect_in(s, end) {
                out.push(q);
            }
        }
    }

    fn indirect_in(&self, s: usize, end: usize) -> Option<Quote> {
        // "The new rules, officials said, will take effect": a parenthetical attribution; the
        // reported text is the sentence without it.
        for c1 in (s + 2..end).filter(|&i| self.toks[i].is_punct(",")) {
            let Some((a0, a1)) = self.np_forward(c1 + 1) else {
                continue;
            };
            let mut v = a1;
            while adverbs().contains(self.word(v)) && v < a1 + 3 {
                v += 1;
            }
            let Some((ve, _)) = self.verb_at(v) else {
                continue;
            };
            if !self.toks.get(ve).is_some_and(|t| t.is_punct(",")) || ve + 3 > end {
                continue;
            }
            // "…, he said, adding that …" is a sentence-final attribution, not a parenthesis.
            let after = self.word(ve + 1);
            if after.ends_with("ing")
                || matches!(after, "and" | "but" | "while" | "as" | "which" | "who" | "")
            {
                continue;
            }
            let attr = Attr {
                s0: a0,
                s1: a1,
                cue: self.span_text(v, ve),
            };
            let mut q = self.quote(s, end, Some(attr), true);
            q.text = format!("{} {}", self.span_text(s, c1), self.span_text(ve + 1, end));
            return Some(q);
        }
        self.indirect_tail(s, end)
    }

    fn indirect_tail(&self, s: usize, mut end: usize) -> Option<Quote> {
        // "…, the minister said, adding that …": the participle clause is not reported text
        // of this attribution; the sentence ends before it for the patterns below.
        if let Some(c) = (s + 3..end).find(|&i| {
            let w = self.word(i + 1);
            self.toks[i].is_punct(",")
                && w.ends_with("ing")
                && !self.cap(i + 1)
                && self.verb_ending_at(i - 1).is_some()
        }) {
            end = c;
        }
        // "According to X, CLAUSE."
        if self.word(s) == "according" && self.word(s + 1) == "to" {
            let comma = (s + 2..end).find(|&i| self.toks[i].is_punct(","))?;
            if comma > s + 2 && end > comma + 3 {
                let attr = Attr {
                    s0: s + 2,
                    s1: comma,
                    cue: "according to".into(),
                };
                return Some(self.quote(comma + 1, end, Some(attr), true));
            }
            return None;
        }
        // "CLAUSE, he stressed." / "CLAUSE, said X." / "CLAUSE, according to X."
        for comma in (s + 3..end).rev().filter(|&i| self.toks[i].is_punct(",")) {
            let k = comma + 1;
            let attr = if self.word(k) == "according" && self.word(k + 1) == "to" {
                self.np_forward(k + 2)
                    .filter(|&(_, b)| self.tail_ok(b, end))
                    .map(|(s0, s1)| Attr {
                        s0,
                        s1,
                        cue: "according to".into(),
                    })
            } else if let Some((ve, _)) = self.verb_at(k) {
                // "CLAUSE, said X." (inverted)
                self.np_forward(ve)
                    .filter(|&(_, b)| self.tail_ok(b, end))
                    .map(|(s0, s1)| Attr {
                        s0,
                        s1,
                        cue: self.span_text(k, ve),
                    })
            } else {
                self.np_forward(k).and_then(|(s0, s1)| {
                    let mut v = s1;
                    while adverbs().contains(self.word(v)) && v < s1 + 3 {
                        v += 1;
                    }
                    let (ve, _) = self.verb_at(v)?;
                    // "witnesses told the news agency": an object may follow tell/inform.
                    let mut t = ve;
                    if matches!(self.word(v), "told" | "tells" | "informed" | "assured") {
                        if let Some((_, ob)) = self.np_forward(ve) {
                            t = ob;
                        }
                    }
                    self.tail_ok(t, end).then(|| Attr {
                        s0,
                        s1,
                        cue: self.span_text(v, ve),
                    })
                })
            };
            if let Some(a) = attr {
                if (s..comma)
                    .filter(|&i| self.toks[i].is_word())
                    .take(3)
                    .count()
                    >= 3
                {
                    return Some(self.quote(s, comma, Some(a), true));
                }
            }
            // Only the last comma, or one before an apposition of the speaker.
            if !self.apposition_tail(comma, end) {
                break;
            }
        }
        // "X said (to Y) (in a statement) that CLAUSE" / "X stated CLAUSE".
        for v in s + 1..end {
            let Some((ve, true)) = self.verb_at(v) else {
                continue;
            };
            let Some((s0, s1)) = self.subject_before(v) else {
                continue;
            };
            let mut k = ve;
            // "that" within a short stretch: an object ("told reporters") or a phrase
            // ("during the meeting", "in a statement on Tuesday").
            let that = (ve..(ve + 9).min(end))
                .take_while(|&i| !self.toks[i].is_punct(",") || i == ve)
                .find(|&i| self.word(i) == "that")
                .filter(|&t| {
                    // "reported earnings that topped estimates": after a plain object "that"
                    // is a relative pronoun. Only a phrase or a listener may come between.
                    let gap = self.word(ve);
                    t == ve
                        || phrase_start().contains(gap)
                        || matches!(
                            self.word(v),
                            "told"
                                | "tells"
                                | "informed"
                                | "assured"
                                | "reminded"
                                | "warned"
                                | "convinced"
                        )
                });
            if let Some(t) = that {
                k = t + 1;
            } else {
                let w = self.word(k);
                let clause_start = self.cap(k) && !stop().contains(w)
                    || pronouns().contains(w)
                    || matches!(
                        w,
                        "the" | "a" | "an" | "his" | "her" | "its" | "their" | "this" | "there"
                    );
                // Without "that", only verbs that rarely take a plain object ("denied the
                // report", "stressed the importance") introduce a clause, and the clause must
                // show a finite verb early on.
                let clause_verb = matches!(
                    self.word(v),
                    "said"
                        | "says"
                        | "say"
                        | "stated"
                        | "states"
                        | "added"
                        | "adds"
                        | "believes"
                        | "insisted"
                        | "insists"
                        | "argued"
                        | "argues"
                        | "wrote"
                        | "writes"
                        | "claimed"
                        | "claims"
                        | "warned"
                        | "warns"
                        | "reported"
                        | "announced"
                );
                let finite = (k..end.min(k + 8)).any(|i| {
                    let w = self.word(i);
                    finite().contains(w) || (w.ends_with("ed") && !self.cap(i))
                }) || {
                    // "stated Kazakhstan regularly allocates": a name, then a present verb.
                    // A personal pronoun right after "say" starts a clause ("say they want").
                    let plural_pronoun = matches!(w, "they" | "we" | "i" | "you");
                    let subject = self.cap(k) || pronouns().contains(w);
                    plural_pronoun
                        || subject
                            && (k + 1..end.min(k + 4)).any(|i| {
                                let x = self.word(i);
                                !self.cap(i)
                                    && x.len() > 2
                                    && x.ends_with('s')
                                    && !x.ends_with("ss")
                            })
                };
                if !clause_start || !clause_verb || !finite {
                    continue;
                }
            }
            if (k..end).filter(|&i| self.toks[i].is_word()).take(3).count() < 3 {
                continue;
            }
            let attr = Attr {
                s0,
                s1,
                cue: self.span_text(v, ve),
            };
            return Some(self.quote(k, end, Some(attr), true));
        }
        None
    }

    /// After a sentence-final attribution only a short phrase may follow ("he said *on
    /// Tuesday*"), or an apposition ("said X*, a deputy of the upper house*").
    fn tail_ok(&self, mut from: usize, end: usize) -> bool {
        // "according to a survey *published* on Monday".
        if from < end && participles().contains(self.word(from)) {
            from += 1;
        }
        if end < from || end - from > 12 {
            return false;
        }
        if from < end && !tail_start().contains(self.word(from)) && !self.toks[from].is_punct(",") {
            return false;
        }
        match (from..end).find(|&i| self.toks[i].is_punct(",")) {
            None => end - from <= 8,
            Some(c) => c == from && self.apposition_tail(c, end),
        }
    }

    /// Is `comma..end` a comma plus a short noun phrase ("..., a deputy of the upper house")?
    fn apposition_tail(&self, comma: usize, end: usize) -> bool {
        let k = comma + 1;
        end > k
            && end - k <= 10
            && (k..end).all(|i| {
                let t = &self.toks[i];
                (t.is_word() && self.verb_at(i).is_none() && !stop().contains(t.lower))
                    || self.glued_inner(i)
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quotes(text: &str) -> Vec<(String, Option<String>, bool)> {
        annotate(text, &[], &[])
            .into_iter()
            .map(|q| (q.text, q.speaker.map(|s| s.text), q.indirect))
            .collect()
    }

    fn one(text: &str) -> (String, Option<String>, bool) {
        let v = quotes(text);
        assert_eq!(v.len(), 1, "{text}: {v:?}");
        v[0].clone()
    }

    #[test]
    fn speaker_after_quote() {
        let q = one(
            "“We will send observers to four missions,” Dzhaksybekov said at the joint session.",
        );
        assert_eq!(q.0, "We will send observers to four missions");
        assert_eq!(q.1.as_deref(), Some("Dzhaksybekov"));
        let q = one("\"There is such a possibility, and we accept it,\" the minister answered.");
        assert_eq!(q.1.as_deref(), Some("the minister"));
        let q = one("“The talks are over,” said Foreign Minister Erlan Idrissov on Monday.");
        assert_eq!(q.1.as_deref(), Some("Foreign Minister Erlan Idrissov"));
        let q = one("“It is a correction,” Mr. Ospanov told parliament.");
        assert_eq!(q.1.as_deref(), Some("Mr. Ospanov"));
        let q = one("“Will they listen? Or will they keep talking?” Kasparov said.");
        assert_eq!(q.1.as_deref(), Some("Kasparov"));
    }

    #[test]
    fn speaker_before_quote() {
        let q = one("The spokeswoman told reporters: “Nothing has been decided yet.”");
        assert_eq!(q.1.as_deref(), Some("The spokeswoman"));
        let q = one("The agency quoted her as saying, “We are leaving the city tonight.”");
        assert_eq!(q.1.as_deref(), Some("her"));
        let q = one("According to the ministry, “all border posts are open again today.”");
        assert_eq!(q.1.as_deref(), Some("the ministry"));
    }

    #[test]
    fn colon_on_the_line_before() {
        let q = one("The minister told the meeting:\n“We will not raise taxes this year.”");
        assert_eq!(q.1.as_deref(), Some("The minister"));
    }

    #[test]
    fn single_quotes() {
        let q = one("‘We will not give up the fight,’ the party leader said.");
        assert_eq!(q.1.as_deref(), Some("the party leader"));
        assert!(quotes("The ministers’ meeting ended early.").is_empty());
    }

    #[test]
    fn multi_sentence_and_follow_up_quotes() {
        let v =
            quotes("“These are soldiers. They know the risks,” he said. “Nobody is forced to go.”");
        assert_eq!(v.len(), 2, "{v:?}");
        assert_eq!(v[0].0, "These are soldiers. They know the risks");
        assert_eq!(v[0].1.as_deref(), Some("he"));
        assert_eq!(v[1].1.as_deref(), Some("he"));
    }

    #[test]
    fn indirect_speech() {
        let q = one("The senator stressed that the country should stay neutral in the conflict.");
        assert_eq!(
            q,
            (
                "the country should stay neutral in the conflict".into(),
                Some("The senator".into()),
                true
            )
        );
        let q = one("The country should keep a balanced foreign policy, he stressed.");
        assert_eq!(q.1.as_deref(), Some("he"));
        assert_eq!(q.0, "The country should keep a balanced foreign policy");
        let q = one("A statement issued by the State Department indicated that Washington was following events closely.");
        assert_eq!(
            q.1.as_deref(),
            Some("A statement issued by the State Department")
        );
    }

    #[test]
    fn parenthetical_attribution() {
        let q = one("The new rules, officials said, will take effect in January.");
        assert_eq!(q.0, "The new rules will take effect in January");
        assert_eq!(q.1.as_deref(), Some("officials"));
        let q = one("Exports fell sharply, the minister said, adding that imports rose.");
        assert_eq!(q.0, "Exports fell sharply");
    }

    #[test]
    fn relative_that_is_not_reported_speech() {
        assert!(
            quotes("The company reported earnings that topped estimates for the quarter.")
                .is_empty()
        );
        let q = one("The ministry said in a statement on Friday that the border was open.");
        assert_eq!(q.0, "the border was open");
    }

    #[test]
    fn us_style_weekday_before_that() {
        let q = one("The agency said Monday that its researchers had finished the study.");
        assert_eq!(q.0, "its researchers had finished the study");
        let q = one("People familiar with the matter told Reuters that the deal was off.");
        assert_eq!(q.1.as_deref(), Some("People familiar with the matter"));
    }

    #[test]
    fn objects_are_not_reported_clauses() {
        assert!(
            quotes("The minister denied the allegations of corruption in his ministry.").is_empty()
        );
        assert!(
            quotes("The president stressed the importance of regional trade links.").is_empty()
        );
        let q = one("The ministry said the talks had failed over the weekend.");
        assert_eq!(q.0, "the talks had failed over the weekend");
    }

    #[test]
    fn scare_quotes_without_speaker_are_skipped() {
        assert!(quotes("The plan was called a “dirty trick” in the press.").is_empty());
    }

    #[test]
    fn odd_input_does_not_panic() {
        for t in [
            "“",
            "”",
            "\"",
            "“”",
            "\" \"",
            "said",
            ", said",
            "according to",
            "“a,” said",
            "“x” he said, “",
            "\n\n“\n\n”",
        ] {
            let _ = quotes(t);
        }
    }

    /// The sentence and paragraph starts and the mark events as [`Doc::new`] found them when
    /// it read every token through all its tests: the property test below holds the loop that
    /// passes words and numbers within a line at once to them.
    fn plain_starts(text: &str, toks: &[Tok]) -> (Vec<usize>, Vec<usize>, Vec<usize>) {
        let (mut sstart, mut pstart, mut events) = (Vec::new(), Vec::new(), Vec::new());
        let mut boundary_next = true;
        let mut line_start = 0usize;
        for (k, t) in toks.iter().enumerate() {
            if k > 0 && t.newlines_before > 1 {
                pstart.push(k);
                events.push(k);
                boundary_next = true;
            } else if t.kind == Kind::Punct
                && (mark(t).is_some() || matches!(t.lower, "\u{2018}" | "\u{2019}"))
            {
                events.push(k);
            }
            if t.newlines_before > 0 {
                let prev_end = k.checked_sub(1).map_or(0, |i| toks[i].end());
                let colon = k > 0 && toks[k - 1].is_punct(":");
                if colon || prev_end.saturating_sub(line_start) > 100 {
                    boundary_next = true;
                }
                line_start = text[..t.start()].rfind('\n').map_or(0, |i| i + 1);
            }
            if boundary_next {
                sstart.push(k);
                boundary_next = false;
            }
            if t.kind == Kind::Punct && Doc::ends_sentence(text, toks, k) {
                boundary_next = true;
            }
        }
        (sstart, pstart, events)
    }

    proptest::proptest! {
        #[test]
        fn starts_and_events_as_read_token_by_token(
            t in "([a-zA-Z0-9 ,.:;!?()\"'\n-]|[“”«»‘’é]|Mr\\. |U\\.S\\. |x{90} )*"
        ) {
            let mut lowers = crate::quantity::scan::Lowers::default();
            let toks = crate::quantity::scan::scan(&t, 0, t.len(), &mut lowers);
            let plain = plain_starts(&t, &toks);
            let doc = Doc::new(&t, toks);
            proptest::prop_assert_eq!((doc.sstart, doc.pstart, doc.events), plain);
        }

        #[test]
        fn spans_are_char_boundaries(t in "[a-zA-Z0-9 $€£%,.:;\\-\"“”«»’'\n]{0,80}") {
            for q in annotate(&t, &[], &[]) {
                proptest::prop_assert!(t.is_char_boundary(q.start) && t.is_char_boundary(q.end) && q.start <= q.end);
            }
        }
    }
}
