//! TEMPORARY stand-in for crate::ontology until it lands.
use tamga_text::Status;
pub struct CameoCode {
    pub root: String,
    pub quad_class: u8,
    pub goldstein: f32,
}
pub struct PloverCoding {
    pub event_type: String,
    pub mode: Option<String>,
    pub context: Vec<String>,
    pub status_hint: Option<Status>,
}
pub struct Ontology;
static O: Ontology = Ontology;
impl Ontology {
    pub fn builtin() -> &'static Ontology {
        &O
    }
    pub fn cameo(&self, code: &str) -> Option<CameoCode> {
        let root: String = code.chars().take(2).collect();
        let r: u8 = root.parse().ok()?;
        let q = match r {
            1..=5 => 1,
            6..=8 => 2,
            9..=13 => 3,
            14..=20 => 4,
            _ => 0,
        };
        Some(CameoCode {
            root,
            quad_class: q,
            goldstein: 0.0,
        })
    }
    pub fn plover(&self, code: &str) -> Option<PloverCoding> {
        let r: u8 = code.get(..2)?.parse().ok()?;
        let t = [
            "",
            "STATEMENT",
            "APPEAL",
            "AGREE",
            "CONSULT",
            "SUPPORT",
            "COOPERATE",
            "AID",
            "CONCEDE",
            "INVESTIGATE",
            "DEMAND",
            "ACCUSE",
            "REJECT",
            "THREATEN",
            "PROTEST",
            "MOBILIZE",
            "SANCTION",
            "COERCE",
            "ASSAULT",
            "ASSAULT",
            "ASSAULT",
        ]
        .get(usize::from(r))?;
        Some(PloverCoding {
            event_type: t.to_string(),
            mode: None,
            context: vec![],
            status_hint: None,
        })
    }
}
