//! The sources file of `tamga watch`: one source per line — an http(s) URL (feed, sitemap or
//! page, told apart by what it serves unless a kind word comes first) or a local folder —
//! optionally followed by a source name. `#` starts a comment.

use crate::error::{Error, Result};

/// What a source is. `Url` sources are classified by their content on each fetch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// An http(s) URL whose kind is found from what it serves.
    Url,
    Feed,
    Sitemap,
    Page,
    Folder,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Url => "url",
            Kind::Feed => "feed",
            Kind::Sitemap => "sitemap",
            Kind::Page => "page",
            Kind::Folder => "folder",
        }
    }

    fn from_word(w: &str) -> Option<Self> {
        Some(match w {
            "feed" | "rss" | "atom" => Kind::Feed,
            "sitemap" => Kind::Sitemap,
            "page" => Kind::Page,
            "folder" | "dir" => Kind::Folder,
            _ => return None,
        })
    }
}

/// One line of the sources file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceSpec {
    /// The URL or folder path, as written: the source's key in the store.
    pub target: String,
    pub kind: Kind,
    /// The source name given after the target, if any.
    pub name: Option<String>,
}

/// Parses a sources file. Blank lines and `#` comments are skipped; a line is
/// `[feed|sitemap|page|folder] TARGET [NAME...]`. The same target twice is an error, since
/// its state in the store is keyed by it.
pub fn parse(text: &str) -> Result<Vec<SourceSpec>> {
    let mut out: Vec<SourceSpec> = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line_no = i + 1;
        let line = match raw.find(" #") {
            Some(at) => &raw[..at],
            None => raw,
        }
        .trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut words = line.split_whitespace();
        let mut first = words.next().unwrap_or_default();
        let explicit = Kind::from_word(&first.to_ascii_lowercase());
        if explicit.is_some() {
            first = words.next().ok_or_else(|| Error::SourceLine {
                line: line_no,
                detail: format!("{first:?} names a kind but no URL or folder"),
            })?;
        }
        let is_url = is_http(first);
        let kind = match explicit {
            Some(Kind::Folder) if is_url => {
                return Err(Error::SourceLine {
                    line: line_no,
                    detail: format!("{first} is a URL, not a folder"),
                })
            }
            Some(k) if k != Kind::Folder && !is_url => {
                return Err(Error::SourceLine {
                    line: line_no,
                    detail: format!("{first} is not an http(s) URL"),
                })
            }
            Some(k) => k,
            None if is_url => Kind::Url,
            None => Kind::Folder,
        };
        let name = words.collect::<Vec<_>>().join(" ");
        if out.iter().any(|s| s.target == first) {
            return Err(Error::SourceLine {
                line: line_no,
                detail: format!("{first} is listed twice"),
            });
        }
        out.push(SourceSpec {
            target: first.to_owned(),
            kind,
            name: Some(name).filter(|n| !n.is_empty()),
        });
    }
    Ok(out)
}

fn is_http(s: &str) -> bool {
    let lower = s.get(..8).unwrap_or(s).to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_kinds_names_and_comments() -> Result<()> {
        let got = parse(
            "# sources\n\nhttps://a.example/feed.xml Astana Times\nsitemap http://b.example/s.xml\n\
             /data/inbox  # local\nfolder ./drop Drop box\n",
        )?;
        assert_eq!(got.len(), 4);
        assert_eq!(got[0].kind, Kind::Url);
        assert_eq!(got[0].name.as_deref(), Some("Astana Times"));
        assert_eq!(got[1].kind, Kind::Sitemap);
        assert_eq!(got[1].name, None);
        assert_eq!(got[2].kind, Kind::Folder);
        assert_eq!(got[2].target, "/data/inbox");
        assert_eq!(got[3].name.as_deref(), Some("Drop box"));
        Ok(())
    }

    #[test]
    fn bad_lines_are_errors_with_their_number() {
        assert!(matches!(
            parse("feed\n"),
            Err(Error::SourceLine { line: 1, .. })
        ));
        assert!(matches!(
            parse("x\nfeed /local/path\n"),
            Err(Error::SourceLine { line: 2, .. })
        ));
        assert!(matches!(
            parse("http://a/x\nhttp://a/x\n"),
            Err(Error::SourceLine { line: 2, .. })
        ));
    }
}
