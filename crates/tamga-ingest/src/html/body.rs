//! Main-text selection: drops boilerplate subtrees (navigation, sharing, comments, related
//! links...) by tag, role and class/id words, splits the rest into text blocks, scores block
//! containers by text and link density (readability-style) and keeps the best container's
//! blocks in document order.

use super::dom::{Data, Dom, Tag};
use super::text;
use crate::model::BlockKind;
use std::sync::LazyLock;

/// A run of text between block boundaries.
#[derive(Debug, Clone)]
pub struct TextBlock {
    pub kind: BlockKind,
    pub text: String,
    /// Innermost block-level element holding the text.
    pub owner: u32,
    /// Bytes of `text` that came from inside links.
    pub link_bytes: usize,
}

pub const DROPPED: u8 = 1;
const IN_LINK: u8 = 2;
const IN_HEADING: u8 = 4;
const IN_LIST: u8 = 8;
const IN_QUOTE: u8 = 16;
const IN_PRE: u8 = 32;

/// Kinds of class/id vocabulary entry (bits, as one spelling may be in several lists).
const STRONG: u8 = 1;
const STRONG_PREFIX: u8 = 2;
const WEAK: u8 = 4;
const CONTENT_PREFIX: u8 = 8;

/// The class/id vocabulary, from a data file so that a new chrome word needs no code.
///
/// A few dozen entries bucketed by first byte, each with its kinds: a class word is compared
/// with the few entries sharing its first letter, once for all four lists, not hashed or
/// compared with every entry (pages have thousands of classed elements). In front of the
/// buckets, a bit per pair of first bytes says whether any entry starts with that pair: most
/// class words (`col`, `md`, `flex`, `img`...) start like no entry and cost one bit test.
/// Words are bytes: class words are ASCII, and a `str` made from each one cost a UTF-8 check
/// per word.
struct ClassWords {
    buckets: Vec<Vec<(&'static [u8], u8)>>,
    /// Bit `first << 8 | second` of the entries of two bytes or more.
    pairs: Vec<u64>,
    /// Bit `first` of the entries of one byte: such an entry is a pair with any second byte.
    singles: [u64; 4],
}

impl ClassWords {
    fn new() -> ClassWords {
        ClassWords {
            buckets: vec![Vec::new(); 256],
            pairs: vec![0; 1 << 10],
            singles: [0; 4],
        }
    }

    fn push(&mut self, word: &'static str, kind: u8) {
        let w = word.as_bytes();
        let Some(&first) = w.first() else {
            return;
        };
        match w.get(1) {
            Some(&second) => {
                let pair = usize::from(first) << 8 | usize::from(second);
                if let Some(bits) = self.pairs.get_mut(pair / 64) {
                    *bits |= 1 << (pair % 64);
                }
            }
            None => self.singles[usize::from(first / 64)] |= 1 << (first % 64),
        }
        let Some(bucket) = self.buckets.get_mut(usize::from(first)) else {
            return;
        };
        match bucket.iter_mut().find(|(e, _)| *e == w) {
            Some((_, kinds)) => *kinds |= kind,
            None => bucket.push((w, kind)),
        }
    }

    /// The kinds of the entries `w` is (exact kinds) or starts with (prefix kinds).
    fn kinds(&self, w: &[u8]) -> u8 {
        let (Some(&first), Some(&second)) = (w.first(), w.get(1)) else {
            // No word of one byte starts an entry of two bytes or more.
            return match w {
                [only] if self.singles[usize::from(only / 64)] & 1 << (only % 64) != 0 => {
                    self.kinds_slow(w)
                }
                _ => 0,
            };
        };
        let pair = usize::from(first) << 8 | usize::from(second);
        let paired = self
            .pairs
            .get(pair / 64)
            .is_some_and(|bits| bits & 1 << (pair % 64) != 0);
        let single = self.singles[usize::from(first / 64)] & 1 << (first % 64) != 0;
        if paired || single {
            self.kinds_slow(w)
        } else {
            0
        }
    }

    fn kinds_slow(&self, w: &[u8]) -> u8 {
        let bucket = w
            .first()
            .and_then(|&b| self.buckets.get(usize::from(b)))
            .map_or(&[][..], Vec::as_slice);
        let mut kinds = 0;
        for &(e, k) in bucket {
            // The bucket shares the first byte; the second settles most entries without
            // comparing slices (a `memcmp` call each).
            if e.len() > w.len() || e.get(1).is_some_and(|b| Some(b) != w.get(1)) {
                continue;
            }
            if w.starts_with(e) {
                let exact = if e.len() == w.len() { STRONG | WEAK } else { 0 };
                kinds |= k & (exact | STRONG_PREFIX | CONTENT_PREFIX);
            }
        }
        kinds
    }

    #[cfg(test)]
    fn has_kind(&self, kind: u8) -> bool {
        self.buckets.iter().flatten().any(|&(_, k)| k & kind != 0)
    }
}

static CLASS_WORDS: LazyLock<ClassWords> = LazyLock::new(|| {
    let mut words = ClassWords::new();
    let mut section = "";
    for line in include_str!("../../../../data/boilerplate/html-class-words.txt").lines() {
        let line = line.split('#').next().unwrap_or("").trim();
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            section = name;
            continue;
        }
        if line.is_empty() {
            continue;
        }
        match section {
            "strong" => words.push(line, STRONG),
            "strong-prefix" => words.push(line, STRONG_PREFIX),
            "weak" => words.push(line, WEAK),
            "content-prefix" => words.push(line, CONTENT_PREFIX),
            // A typo in a section name must not silently drop words: the unit test below
            // loads the file and checks every section is non-empty.
            _ => {}
        }
    }
    words
});

/// Longest class/id word looked at, in bytes (+1).
const MAX_WORD: usize = 40;

/// Each ASCII letter or digit lower-cased, every other byte 0.
static LOWER_ALNUM: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        if c.is_ascii_alphanumeric() {
            t[b] = c.to_ascii_lowercase();
        }
        b += 1;
    }
    t
};

/// Calls `f` with each ASCII-alphanumeric word of `s`, lower-cased (in a stack buffer: a
/// string per word was a visible cost on pages with thousands of classed elements).
///
/// Reads bytes: every character that is not ASCII separates words, and each of its bytes is
/// outside ASCII too, so the words are those of splitting at every byte that is not an ASCII
/// letter or digit (a test holds it to the split by characters). Each byte is classified and
/// lower-cased by one table look-up as it is copied.
fn for_each_word(s: &str, mut f: impl FnMut(&[u8])) {
    let mut buf = [0u8; MAX_WORD];
    let mut len = 0usize;
    for &b in s.as_bytes() {
        let lower = LOWER_ALNUM[usize::from(b)];
        if lower != 0 {
            if let Some(slot) = buf.get_mut(len) {
                *slot = lower;
            }
            len += 1;
        } else {
            if len > 0 && len < MAX_WORD {
                f(buf.get(..len).unwrap_or(&[]));
            }
            len = 0;
        }
    }
    if len > 0 && len < MAX_WORD {
        f(buf.get(..len).unwrap_or(&[]));
    }
}

/// 2 = chrome regardless, 1 = chrome unless content-like, 0 = no signal.
fn class_signal(class: &str, id: &str) -> (u8, bool) {
    let mut strong = false;
    let mut weak = false;
    let mut content = false;
    let cw = &*CLASS_WORDS;
    let mut judge = |w: &[u8]| {
        let kinds = cw.kinds(w);
        if kinds & (STRONG | STRONG_PREFIX) != 0 {
            strong = true;
        } else if kinds & WEAK != 0 {
            weak = true;
        }
        if kinds & CONTENT_PREFIX != 0 {
            content = true;
        }
    };
    for_each_word(class, &mut judge);
    for_each_word(id, &mut judge);
    let level = if strong {
        2
    } else if weak && !content {
        1
    } else {
        0
    };
    (level, content)
}

pub struct Analysis {
    pub blocks: Vec<TextBlock>,
    /// Indices into `blocks` chosen as main text, in order.
    pub main: Vec<usize>,
    /// Per-node flags (`DROPPED`, `IN_LINK`...), for diagnosis.
    pub flags: Vec<u8>,
    /// Per-node subtree sums (text bytes, link text bytes...), for diagnosis.
    sub: Vec<Subtree>,
    /// The winning container and its score.
    pub best: (usize, f32),
}

/// What a node's subtree holds, summed bottom-up; one record per node, so that adding a
/// child into its parent reads and writes one place, not four vectors.
#[derive(Debug, Clone, Copy, Default)]
struct Subtree {
    /// Bytes of trimmed text.
    size: u32,
    /// Bytes of trimmed text inside links.
    links: u32,
    /// Paragraphs (`<p>`) of 80 bytes or more.
    long_p: u16,
    /// Links (`<a>`), counted up to `u16::MAX`.
    anchors: u16,
    /// Whether an image is inside.
    img: bool,
}

impl Subtree {
    fn add(&mut self, child: &Subtree) {
        self.size = self.size.saturating_add(child.size);
        self.links = self.links.saturating_add(child.links);
        self.long_p = self.long_p.saturating_add(child.long_p);
        self.anchors = self.anchors.saturating_add(child.anchors);
        self.img |= child.img;
    }
}

/// `vec![value; n]` without `alloc_zeroed`: mimalloc's zeroing allocation of a page's
/// per-node vector took about 4,000 instructions, a plain one and a fill a few hundred.
fn filled<T: Clone>(value: T, n: usize) -> Vec<T> {
    let mut v = Vec::with_capacity(n);
    v.resize(n, value);
    v
}

pub fn analyze(dom: &Dom<'_>) -> Analysis {
    let n = dom.nodes.len();
    // Subtree text sizes, link text and long paragraphs, bottom-up (nodes are in pre-order,
    // so every child has a larger index than its parent).
    let mut sub = filled(Subtree::default(), n);
    for (i, node) in dom.nodes.iter().enumerate().skip(1).rev() {
        let Some(mut s) = sub.get(i).copied() else {
            continue;
        };
        match node.data {
            Data::Text(t) => s.size = s.size.saturating_add(text::trimmed_len(t) as u32),
            Data::Element { tag, .. } => match tag {
                Tag::A => {
                    s.links = s.size;
                    // A link around an image counts as the most links: the count and the
                    // image bit used to share one integer, and adding one to it with the
                    // bit set went over the count's cap. Kept, as the cards found with it.
                    s.anchors = if s.img {
                        u16::MAX
                    } else {
                        s.anchors.saturating_add(1)
                    };
                }
                Tag::Img => s.img = true,
                Tag::P if s.size >= 80 => s.long_p = s.long_p.saturating_add(1),
                _ => {}
            },
        }
        if let Some(slot) = sub.get_mut(i) {
            *slot = s;
        }
        let p = node.parent as usize;
        if p != i {
            if let Some(parent) = sub.get_mut(p) {
                parent.add(&s);
            }
        }
    }
    let total = sub.first().map_or(0, |s| s.size).max(1);

    // Flags, top-down.
    let mut flags = filled(0u8, n);
    let mut class_bonus = filled(0i8, n);
    for i in 1..n {
        let node = &dom.nodes[i];
        let mut f = flags[node.parent as usize];
        if let Data::Element { tag, .. } = node.data {
            if f & DROPPED == 0 {
                // An inline card (picture plus several links) inside running text is a
                // hover pop-up or teaser, not prose.
                let s = sub.get(i).copied().unwrap_or_default();
                let card = tag == Tag::Other
                    && s.img
                    && s.anchors >= 3
                    && s.links.saturating_mul(2) > s.size;
                let (drop, bonus) = if card {
                    (true, 0)
                } else {
                    judge(dom, i, tag, (s.size, s.links, s.long_p), total)
                };
                class_bonus[i] = bonus;
                if drop {
                    f |= DROPPED;
                }
            }
            f |= match tag {
                Tag::A => IN_LINK,
                Tag::H(_) => IN_HEADING,
                Tag::Li | Tag::Dd | Tag::Dt => IN_LIST,
                Tag::Blockquote => IN_QUOTE,
                Tag::Pre => IN_PRE,
                _ => 0,
            };
        }
        flags[i] = f;
    }

    let blocks = flatten(dom, &flags);
    let (main, best) = select(dom, &blocks, &class_bonus, &sub);
    Analysis {
        blocks,
        main,
        flags,
        sub,
        best,
    }
}

/// Decides whether element `i` is chrome; also returns a content bonus for scoring.
fn judge(
    dom: &Dom<'_>,
    i: usize,
    tag: Tag,
    (size, links, long_p): (u32, u32, u16),
    total: u32,
) -> (bool, i8) {
    let by_tag = matches!(
        tag,
        Tag::Head
            | Tag::Title
            | Tag::Nav
            | Tag::Aside
            | Tag::Footer
            | Tag::Header
            | Tag::Figcaption
            | Tag::Figure
            | Tag::Button
            | Tag::Label
            | Tag::Input
            | Tag::Dialog
            | Tag::Menu
            | Tag::Form
            | Tag::Address
    );
    // A "chrome" element holding most of the page's text is a layout wrapper, not chrome.
    let big = size.saturating_mul(2) > total;
    if by_tag && !(big && matches!(tag, Tag::Form | Tag::Header | Tag::Aside)) {
        return (true, 0);
    }
    if matches!(tag, Tag::Html | Tag::Body | Tag::Main) {
        return (false, 0);
    }
    if dom.attr(i, "hidden").is_some() {
        return (true, 0);
    }
    if let Some(style) = dom.attr(i, "style") {
        let s = style.to_ascii_lowercase().replace(' ', "");
        if s.contains("display:none") || s.contains("visibility:hidden") {
            return (true, 0);
        }
    }
    if let Some(role) = dom.attr(i, "role") {
        let role = role.to_ascii_lowercase();
        if matches!(
            role.as_str(),
            "navigation"
                | "banner"
                | "contentinfo"
                | "complementary"
                | "menu"
                | "menubar"
                | "search"
                | "dialog"
                | "alert"
                | "toolbar"
                | "tablist"
        ) && !big
        {
            return (true, 0);
        }
    }
    if dom
        .attr(i, "itemprop")
        .is_some_and(|v| v.eq_ignore_ascii_case("articleBody"))
    {
        return (false, 50);
    }
    let class = dom.attr(i, "class").unwrap_or("");
    let id = dom.attr(i, "id").unwrap_or("");
    if class.is_empty() && id.is_empty() {
        return (false, 0);
    }
    let (level, content) = class_signal(class, id);
    let guarded = big || (long_p >= 3 && tag != Tag::Li);
    // Weak words ("rail", "meta", "menu") also name layout wrappers; only small or
    // link-heavy elements carrying them are taken for chrome.
    let linky = links.saturating_mul(2) > size;
    match level {
        2 if !guarded => (true, 0),
        1 if !guarded && (linky || size < 300) => (true, 0),
        1 | 2 => (false, -25),
        _ if content => (false, 25),
        _ => (false, 0),
    }
}

fn flatten(dom: &Dom<'_>, flags: &[u8]) -> Vec<TextBlock> {
    let mut blocks = Vec::new();
    let mut buf = String::new();
    let mut buf_links = 0usize;
    let mut buf_owner = 0u32;
    let mut buf_flags = 0u8;
    // Open block-level elements as (index, subtree end).
    let mut open: Vec<(u32, u32)> = vec![(0, dom.nodes.len().saturating_sub(1) as u32)];
    let flush =
        |blocks: &mut Vec<TextBlock>, buf: &mut String, links: &mut usize, owner: u32, f: u8| {
            text::trim_end_space(buf);
            if !buf.is_empty() {
                let kind = if f & IN_HEADING != 0 {
                    BlockKind::Heading
                } else if f & IN_PRE != 0 {
                    BlockKind::Preformatted
                } else if f & IN_LIST != 0 {
                    BlockKind::ListItem
                } else if f & IN_QUOTE != 0 {
                    BlockKind::Quote
                } else {
                    BlockKind::Paragraph
                };
                blocks.push(TextBlock {
                    kind,
                    // A copy of the right size, so that `buf` keeps its capacity: taking it
                    // made every block regrow its buffer from nothing.
                    text: buf.as_str().to_owned(),
                    owner,
                    link_bytes: *links,
                });
            }
            buf.clear();
            *links = 0;
        };
    let mut i = 1;
    while i < dom.nodes.len() {
        let node = &dom.nodes[i];
        // Leaving block elements ends the running block.
        while open.len() > 1 && open.last().is_some_and(|&(_, end)| (end as usize) < i) {
            open.pop();
            flush(&mut blocks, &mut buf, &mut buf_links, buf_owner, buf_flags);
        }
        match node.data {
            Data::Text(t) => {
                if flags[i] & DROPPED == 0 {
                    if buf.is_empty() {
                        buf_owner = open.last().map_or(0, |o| o.0);
                        buf_flags = flags[i];
                    }
                    let before = buf.len();
                    text::push_normalized(&mut buf, t);
                    if flags[i] & IN_LINK != 0 {
                        buf_links += buf.len() - before;
                    }
                }
                i += 1;
            }
            Data::Element { tag, .. } => {
                if flags[i] & DROPPED != 0 {
                    if tag.is_block() {
                        flush(&mut blocks, &mut buf, &mut buf_links, buf_owner, buf_flags);
                    } else if !buf.is_empty() && !buf.ends_with(' ') {
                        buf.push(' ');
                    }
                    i = node.end as usize + 1;
                    continue;
                }
                if tag.is_block() {
                    flush(&mut blocks, &mut buf, &mut buf_links, buf_owner, buf_flags);
                    if node.end as usize > i {
                        open.push((i as u32, node.end));
                    }
                } else if tag == Tag::Img && !buf.is_empty() && !buf.ends_with(' ') {
                    buf.push(' ');
                }
                i += 1;
            }
        }
    }
    flush(&mut blocks, &mut buf, &mut buf_links, buf_owner, buf_flags);
    blocks
}

fn select(
    dom: &Dom<'_>,
    blocks: &[TextBlock],
    class_bonus: &[i8],
    sub: &[Subtree],
) -> (Vec<usize>, (usize, f32)) {
    let n = dom.nodes.len();
    let size = |i: usize| sub.get(i).map_or(0, |s| s.size);
    let links = |i: usize| sub.get(i).map_or(0, |s| s.links);
    let mut score = filled(0f32, n);
    let mut scored = filled(false, n);
    // Score of the text each element holds directly (as the paragraph itself).
    let mut own = filled(0f32, n);
    for b in blocks {
        let len = b.text.chars().count();
        if len < 25 || b.link_bytes * 2 > b.text.len() {
            continue;
        }
        let commas = count_commas(&b.text);
        let s = 1.0 + commas as f32 + (len as f32 / 100.0).min(3.0);
        own[b.owner as usize] += s;
        // The owner acts as the paragraph; its ancestors are the candidate containers.
        let mut anc = dom.nodes[b.owner as usize].parent as usize;
        for level in 0..5 {
            let div = match level {
                0 => 1.0,
                1 => 2.0,
                l => l as f32 * 3.0,
            };
            if !scored[anc] {
                scored[anc] = true;
                score[anc] += f32::from(class_bonus[anc]) + tag_bonus(dom, anc);
            }
            score[anc] += s / div;
            if anc == 0 {
                break;
            }
            anc = dom.nodes[anc].parent as usize;
        }
    }
    let mut best = 0usize;
    let mut best_score = f32::MIN;
    for i in 0..n {
        if !scored[i] {
            continue;
        }
        let ld = if size(i) > 0 {
            links(i) as f32 / size(i) as f32
        } else {
            0.0
        };
        let s = score[i] * (1.0 - ld.min(1.0));
        score[i] = s;
        if s > best_score {
            best_score = s;
            best = i;
        }
    }
    // Siblings of the winner that score well, or hold plain prose, belong to the article too.
    let parent = dom.nodes[best].parent as usize;
    let mut ranges: Vec<(usize, usize)> = Vec::new();
    if best == 0 {
        ranges.push((0, n.saturating_sub(1)));
    } else {
        let threshold = (best_score * 0.2).max(10.0);
        let mut c = parent + 1;
        let pend = dom.nodes[parent].end as usize;
        while c <= pend && c < n {
            let cend = dom.nodes[c].end as usize;
            let prose = own[c] >= threshold.min(5.0) && links(c).saturating_mul(4) < size(c);
            if c == best || (scored[c] && score[c] >= threshold) || prose {
                ranges.push((c, cend));
            }
            c = cend + 1;
        }
    }
    let in_range = |o: usize| ranges.iter().any(|&(s, e)| o >= s && o <= e);
    let mut main = Vec::new();
    for (bi, b) in blocks.iter().enumerate() {
        if in_range(b.owner as usize) {
            main.push(bi);
        }
    }
    (main, (best, best_score))
}

/// The commas of a block, Latin and CJK (`，` and `、`), as
/// `text.matches([',', '，', '、']).count()` counts them, but by bytes: the character pattern
/// decoded every character of every block. A CJK comma is found by its leading byte, which
/// cannot occur inside another character.
fn count_commas(text: &str) -> usize {
    let bytes = text.as_bytes();
    let latin = memchr::memchr_iter(b',', bytes).count();
    if text.is_ascii() {
        return latin;
    }
    let cjk = memchr::memchr2_iter(0xef, 0xe3, bytes)
        .filter(|&i| {
            matches!(
                bytes.get(i..i + 3),
                Some([0xef, 0xbc, 0x8c] | [0xe3, 0x80, 0x81])
            )
        })
        .count();
    latin + cjk
}

fn tag_bonus(dom: &Dom<'_>, i: usize) -> f32 {
    match dom.nodes[i].tag() {
        Some(Tag::Article) => 10.0,
        Some(Tag::Div | Tag::Section | Tag::Main) => 5.0,
        Some(Tag::Pre | Tag::Td | Tag::Blockquote) => 3.0,
        Some(Tag::Ul | Tag::Ol | Tag::Dl | Tag::Li | Tag::Form) => -3.0,
        Some(Tag::H(_) | Tag::Th) => -5.0,
        _ => 0.0,
    }
}

/// Describes, for diagnosis, the ancestors of the first text node containing `needle`:
/// tag, class, id and whether each was judged chrome.
#[doc(hidden)]
pub fn explain(dom: &Dom<'_>, needle: &str) -> String {
    let mut out = String::new();
    let Some(start) = dom
        .nodes
        .iter()
        .position(|n| matches!(n.data, Data::Text(t) if t.contains(needle)))
    else {
        return "not found in tree\n".to_owned();
    };
    let a = analyze(dom);
    let owner_of_main: Vec<u32> = a.main.iter().map(|&i| a.blocks[i].owner).collect();
    let b = a.best.0;
    out.push_str(&format!(
        "best {b} {:?} class={:?} id={:?} score={}\n",
        dom.nodes[b].tag(),
        dom.attr(b, "class").unwrap_or(""),
        dom.attr(b, "id").unwrap_or(""),
        a.best.1
    ));
    let mut i = dom.nodes[start].parent as usize;
    let mut guard = 0;
    while i != 0 && guard < 200 {
        guard += 1;
        let tag = dom.nodes[i].tag();
        out.push_str(&format!(
            "{i} {:?} class={:?} id={:?} role={:?} main_owner={} dropped={} size={} links={}\n",
            tag,
            dom.attr(i, "class").unwrap_or(""),
            dom.attr(i, "id").unwrap_or(""),
            dom.attr(i, "role"),
            owner_of_main.contains(&(i as u32)),
            a.flags[i] & DROPPED != 0,
            a.sub[i].size,
            a.sub[i].links,
        ));
        i = dom.nodes[i].parent as usize;
    }
    out
}

#[cfg(test)]
mod class_word_tests {
    use super::*;

    #[test]
    fn class_word_file_has_only_known_nonempty_sections() {
        let file = include_str!("../../../../data/boilerplate/html-class-words.txt");
        for line in file.lines() {
            if let Some(name) = line.trim().strip_prefix('[') {
                let name = name.split(']').next().unwrap_or("");
                assert!(
                    ["strong", "strong-prefix", "weak", "content-prefix"].contains(&name),
                    "unknown section [{name}]"
                );
            }
        }
        let cw = &*CLASS_WORDS;
        assert!(cw.kinds(b"comments") & STRONG != 0 && cw.kinds(b"nav") & WEAK != 0);
        assert!(cw.kinds(b"commentary") & STRONG == 0);
        assert!(cw.kinds(b"sharebar") & STRONG_PREFIX != 0);
        for kind in [STRONG, STRONG_PREFIX, WEAK, CONTENT_PREFIX] {
            assert!(cw.has_kind(kind), "no entry of kind {kind}");
        }
        assert_eq!(
            class_signal("sharebar", "").0,
            class_signal("", "comments").0
        );
        assert_ne!(
            class_signal("sharebar", "").0,
            class_signal("story-body", "").0
        );
    }

    /// The kinds of `w` by reading every entry of every list, as the buckets did.
    fn kinds_by_lists(lists: &[(&str, u8)], w: &[u8]) -> u8 {
        let mut kinds = 0;
        for &(e, k) in lists {
            let hit = match k {
                STRONG | WEAK => w == e.as_bytes(),
                _ => w.starts_with(e.as_bytes()),
            };
            if hit {
                kinds |= k;
            }
        }
        kinds
    }

    fn lists_of(words: &[(&'static str, u8)]) -> ClassWords {
        let mut cw = ClassWords::new();
        for &(w, k) in words {
            cw.push(w, k);
        }
        cw
    }

    #[test]
    fn kinds_read_every_list_of_the_file() {
        let mut lists = Vec::new();
        let mut kind = 0;
        for line in include_str!("../../../../data/boilerplate/html-class-words.txt").lines() {
            let line = line.split('#').next().unwrap_or("").trim();
            match line {
                "[strong]" => kind = STRONG,
                "[strong-prefix]" => kind = STRONG_PREFIX,
                "[weak]" => kind = WEAK,
                "[content-prefix]" => kind = CONTENT_PREFIX,
                "" => {}
                w => lists.push((w, kind)),
            }
        }
        let cw = &*CLASS_WORDS;
        for &(w, _) in &lists {
            for probe in [w.to_owned(), format!("{w}x"), w[..w.len() - 1].to_owned()] {
                assert_eq!(
                    cw.kinds(probe.as_bytes()),
                    kinds_by_lists(&lists, probe.as_bytes()),
                    "{probe}"
                );
            }
        }
    }

    /// The subtree sums as four vectors, the link count and image bit packed in one integer,
    /// as `analyze` computed them before [`Subtree`].
    fn packed_sums(dom: &Dom<'_>) -> Vec<(u32, u32, u16, u32)> {
        let n = dom.nodes.len();
        let (mut size, mut links) = (vec![0u32; n], vec![0u32; n]);
        let (mut long_p, mut widgets) = (vec![0u16; n], vec![0u32; n]);
        for i in (1..n).rev() {
            let node = &dom.nodes[i];
            match node.data {
                Data::Text(t) => size[i] = size[i].saturating_add(text::trim(t).len() as u32),
                Data::Element { tag, .. } => {
                    if tag == Tag::A {
                        links[i] = size[i];
                        widgets[i] =
                            widgets[i].saturating_add(1).min(0xffff) | (widgets[i] & 0x1_0000);
                    }
                    if tag == Tag::Img {
                        widgets[i] |= 0x1_0000;
                    }
                    if tag == Tag::P && size[i] >= 80 {
                        long_p[i] = long_p[i].saturating_add(1);
                    }
                }
            }
            let p = node.parent as usize;
            if p != i {
                size[p] = size[p].saturating_add(size[i]);
                links[p] = links[p].saturating_add(links[i]);
                long_p[p] = long_p[p].saturating_add(long_p[i]);
                let count = ((widgets[p] & 0xffff) + (widgets[i] & 0xffff)).min(0xffff);
                widgets[p] = count | ((widgets[p] | widgets[i]) & 0x1_0000);
            }
        }
        (0..n)
            .map(|i| (size[i], links[i], long_p[i], widgets[i]))
            .collect()
    }

    proptest::proptest! {
        #[test]
        fn subtree_sums_match_the_packed_vectors(parts in proptest::collection::vec(
            "<a href=x>|</a>|<img src=y>|<p>|</p>|<div>|</div>|<span>|</span>|<li>| |\n  |word |[a-z ]{20,90}",
            0..40,
        )) {
            let html = parts.concat();
            let dom = Dom::build(&html);
            let a = analyze(&dom);
            let packed: Vec<(u32, u32, u16, u32)> = a
                .sub
                .iter()
                .map(|s| {
                    let img = if s.img { 0x1_0000 } else { 0 };
                    (s.size, s.links, s.long_p, u32::from(s.anchors) | img)
                })
                .collect();
            proptest::prop_assert_eq!(packed, packed_sums(&dom));
        }

        /// The pair filter never hides an entry, entries of one byte included.
        #[test]
        fn kinds_match_reading_every_entry(w in "[abxy]{0,6}") {
            let lists = [
                ("a", STRONG),
                ("b", STRONG_PREFIX),
                ("ab", WEAK),
                ("abx", STRONG),
                ("ab", CONTENT_PREFIX),
                ("xy", STRONG_PREFIX),
                ("yyy", WEAK),
                ("yx", CONTENT_PREFIX),
            ];
            let cw = lists_of(&lists);
            proptest::prop_assert_eq!(cw.kinds(w.as_bytes()), kinds_by_lists(&lists, w.as_bytes()));
        }

        #[test]
        fn commas_count_as_the_character_pattern(s in "[a-z ,，、東é]{0,40}|(?s).{0,40}") {
            proptest::prop_assert_eq!(count_commas(&s), s.matches([',', '，', '、']).count());
        }

        /// The byte scan finds the words of splitting at every character that is not an
        /// ASCII letter or digit, lower-cased, long ones left out.
        #[test]
        fn class_words_match_the_split_by_characters(
            s in "[a-zA-Z0-9 _é東-]{0,60}|(?s).{0,60}|[a-z]{35,45}( [A-Z]{38,41})?-?",
        ) {
            let mut fast: Vec<Vec<u8>> = Vec::new();
            for_each_word(&s, |w| fast.push(w.to_vec()));
            let plain: Vec<Vec<u8>> = s
                .split(|c: char| !c.is_ascii_alphanumeric())
                .filter(|w| !w.is_empty() && w.len() < MAX_WORD)
                .map(|w| w.to_ascii_lowercase().into_bytes())
                .collect();
            proptest::prop_assert_eq!(fast, plain);
        }
    }
}
