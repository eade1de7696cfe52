//! A small robots.txt reader (RFC 9309): the group for our user agent (else `*`), its Allow
//! and Disallow rules with `*` and `$`, the longest matching rule deciding (Allow on a tie),
//! and the group's Crawl-delay (not in the RFC, but widely used to ask crawlers to slow down).

use std::time::Duration;

/// The rules that apply to one user agent on one host.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Robots {
    /// (allow, pattern), from the group that matched the agent.
    rules: Vec<(bool, String)>,
    /// Crawl-delay of the matched group, in seconds as written (fractions allowed).
    crawl_delay: Option<Duration>,
}

impl Robots {
    /// Everything allowed: no robots.txt (404 and other 4xx), as RFC 9309 says.
    pub fn allow_all() -> Self {
        Self::default()
    }

    /// Reads `text` for `agent` (matched case-insensitively as a product token: `tamga`).
    pub fn parse(text: &str, agent: &str) -> Self {
        let agent = agent.to_ascii_lowercase();
        // Groups: consecutive user-agent lines, then their rules.
        let mut specific: Vec<(bool, String)> = Vec::new();
        let mut star: Vec<(bool, String)> = Vec::new();
        let mut specific_delay: Option<Duration> = None;
        let mut star_delay: Option<Duration> = None;
        let mut found_specific = false;
        let mut agents: Vec<String> = Vec::new();
        let mut in_rules = false;
        for raw in text.lines() {
            let line = raw.split('#').next().unwrap_or_default().trim();
            let Some((key, value)) = line.split_once(':') else {
                continue;
            };
            let key = key.trim().to_ascii_lowercase();
            let value = value.trim();
            match key.as_str() {
                "user-agent" => {
                    if in_rules {
                        agents.clear();
                        in_rules = false;
                    }
                    agents.push(value.to_ascii_lowercase());
                }
                "allow" | "disallow" => {
                    in_rules = true;
                    // An empty Disallow allows everything: no rule.
                    if value.is_empty() {
                        continue;
                    }
                    let rule = (key == "allow", value.to_owned());
                    if agents
                        .iter()
                        .any(|a| a != "*" && agent.starts_with(a.as_str()))
                    {
                        found_specific = true;
                        specific.push(rule.clone());
                    }
                    if agents.iter().any(|a| a == "*") {
                        star.push(rule);
                    }
                }
                "crawl-delay" => {
                    in_rules = true;
                    // Unparsable, negative or absurd values are ignored rather than obeyed.
                    let Some(delay) = value
                        .parse::<f64>()
                        .ok()
                        .filter(|d| d.is_finite() && (0.0..=86_400.0).contains(d))
                        .map(Duration::from_secs_f64)
                    else {
                        continue;
                    };
                    if agents
                        .iter()
                        .any(|a| a != "*" && agent.starts_with(a.as_str()))
                    {
                        specific_delay = Some(delay);
                    }
                    if agents.iter().any(|a| a == "*") {
                        star_delay = Some(delay);
                    }
                }
                _ => {}
            }
            // A group naming our agent but with no rules yet still counts as ours.
            if key == "user-agent" && value != "*" {
                let a = value.to_ascii_lowercase();
                if agent.starts_with(a.as_str()) {
                    found_specific = true;
                }
            }
        }
        if found_specific {
            Self {
                rules: specific,
                crawl_delay: specific_delay,
            }
        } else {
            Self {
                rules: star,
                crawl_delay: star_delay,
            }
        }
    }

    /// The Crawl-delay the host asks of us, if any.
    pub fn crawl_delay(&self) -> Option<Duration> {
        self.crawl_delay
    }

    /// Whether `path` (the URL's path and query) may be fetched.
    pub fn allowed(&self, path: &str) -> bool {
        let mut best: Option<(usize, bool)> = None;
        for (allow, pattern) in &self.rules {
            if matches(pattern, path) {
                let len = pattern.len();
                best = match best {
                    Some((l, a)) if l > len || (l == len && a) => Some((l, a)),
                    _ => Some((len, *allow)),
                };
            }
        }
        best.is_none_or(|(_, allow)| allow)
    }
}

/// Whether a robots pattern (`*` any run of characters, a final `$` the end) matches the
/// start of `path`.
fn matches(pattern: &str, path: &str) -> bool {
    let (pattern, anchored) = match pattern.strip_suffix('$') {
        Some(p) => (p, true),
        None => (pattern, false),
    };
    let parts: Vec<&str> = pattern.split('*').collect();
    let Some((first, rest)) = parts.split_first() else {
        return false;
    };
    if !path.starts_with(first) {
        return false;
    }
    let mut pos = first.len();
    let Some((last, middle)) = rest.split_last() else {
        return !anchored || pos == path.len();
    };
    for part in middle {
        match path.get(pos..).and_then(|r| r.find(part)) {
            Some(at) => pos += at + part.len(),
            None => return false,
        }
    }
    if anchored {
        path.len() >= pos + last.len() && path.ends_with(last)
    } else {
        path.get(pos..).is_some_and(|r| r.contains(last))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn our_group_wins_over_star_and_longest_rule_decides() {
        let txt = "User-agent: *\nDisallow: /\n\nUser-agent: tamga\nDisallow: /private\nAllow: /private/ok\n";
        let r = Robots::parse(txt, "tamga/0.1");
        assert!(r.allowed("/news/1"));
        assert!(!r.allowed("/private/x"));
        assert!(r.allowed("/private/ok/1"));
        let other = Robots::parse(txt, "otherbot");
        assert!(!other.allowed("/news/1"));
    }

    #[test]
    fn wildcards_and_end_anchor() {
        let r = Robots::parse(
            "User-agent: *\nDisallow: /*.pdf$\nDisallow: /tmp*\n",
            "tamga",
        );
        assert!(!r.allowed("/a/b.pdf"));
        assert!(r.allowed("/a/b.pdf.html"));
        assert!(!r.allowed("/tmpfile"));
        assert!(r.allowed("/news"));
        assert!(Robots::parse("garbage\n\0\u{feff}", "tamga").allowed("/x"));
        assert!(Robots::parse("User-agent: *\nDisallow:\n", "tamga").allowed("/x"));
    }

    #[test]
    fn crawl_delay_of_the_matching_group() {
        let txt =
            "User-agent: *\nCrawl-delay: 10\n\nUser-agent: tamga\nCrawl-delay: 2.5\nDisallow: /x\n";
        assert_eq!(
            Robots::parse(txt, "tamga").crawl_delay(),
            Some(Duration::from_millis(2500))
        );
        assert_eq!(
            Robots::parse(txt, "otherbot").crawl_delay(),
            Some(Duration::from_secs(10))
        );
        // A group of ours without a delay does not inherit the star group's.
        let ours = "User-agent: *\nCrawl-delay: 10\n\nUser-agent: tamga\nDisallow: /x\n";
        assert_eq!(Robots::parse(ours, "tamga").crawl_delay(), None);
        for bad in ["-3", "soon", "NaN", "1e12"] {
            let r = Robots::parse(&format!("User-agent: *\nCrawl-delay: {bad}\n"), "tamga");
            assert_eq!(r.crawl_delay(), None, "{bad}");
        }
    }
}
