//! The shipped ontology against its own rules (every mapped code, type, mode and context
//! exists; quad classes and weights agree with the roots), tamga's type rule on the codes the
//! brief names, fallbacks, and coverage of every code the PETRARCH verb dictionary uses.

use std::collections::BTreeSet;
use std::path::PathBuf;
use tamga_actors::petrarch::{self, Loaded};
use tamga_events::ontology::{root_of, Ontology, PloverCoding, BUILTIN_FILES};
use tamga_events::{Error, Status};

fn builtin() -> &'static Ontology {
    Ontology::builtin()
}

fn coding(code: &str) -> PloverCoding {
    builtin()
        .plover(code)
        .unwrap_or_else(|| panic!("{code} has a PLOVER coding"))
}

/// The shipped file's text by its short name (`cameo.tsv`).
fn shipped(name: &str) -> &'static str {
    BUILTIN_FILES
        .iter()
        .find(|(path, _)| path.ends_with(name))
        .map(|(_, text)| *text)
        .unwrap_or_else(|| panic!("{name} is shipped"))
}

fn data_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../data/ontology")
}

#[test]
fn every_mapped_code_is_a_cameo_code_and_every_cameo_code_is_mapped() {
    let o = builtin();
    let cameo: BTreeSet<&str> = o.cameo_codes().map(|c| c.code.as_str()).collect();
    let mapped: BTreeSet<&str> = o.mappings().map(|(code, _)| code).collect();
    assert_eq!(cameo, mapped);
    // The CAMEO 1.1b3 tree: 20 roots, and every longer code's parent is in the table.
    assert_eq!(cameo.iter().filter(|c| c.len() == 2).count(), 20);
    for code in cameo.iter().filter(|c| c.len() > 2) {
        let parent = &code[..code.len() - 1];
        assert!(cameo.contains(parent), "{code}: parent {parent} missing");
    }
    assert!(cameo.len() >= 300, "{} codes", cameo.len());
}

#[test]
fn every_mapped_type_mode_and_context_is_plovers() {
    let o = builtin();
    assert_eq!(o.event_types().len(), 16);
    for (code, c) in o.mappings() {
        let Some(c) = c else { continue };
        assert!(o.is_type(&c.event_type), "{code}: {}", c.event_type);
        if let Some(m) = &c.mode {
            assert!(o.is_mode(&c.event_type, m), "{code}: {} {m}", c.event_type);
        }
        for x in &c.context {
            assert!(o.is_context(x), "{code}: context {x}");
        }
        assert!(
            c.plover_view.is_empty() || o.is_type(&c.plover_view),
            "{code}: view {}",
            c.plover_view
        );
    }
    // The manual's mode lists, spot-checked.
    assert!(o.is_mode("ASSAULT", "drone") && o.is_mode("COERCE", "martial-law"));
    assert!(!o.is_mode("RETREAT", "ease") && !o.is_mode("ASSAULT", "massacre"));
}

#[test]
fn quad_class_follows_the_root_and_the_weight_follows_the_quad_class() {
    for c in builtin().cameo_codes() {
        let root: u8 = c.root.parse().expect("numeric root");
        assert_eq!(Some(c.root.as_str()), root_of(&c.code));
        let quad = match root {
            1..=5 => 1,
            6..=8 => 2,
            9..=13 => 3,
            _ => 4,
        };
        assert_eq!(c.quad_class, quad, "{} {}", c.code, c.name);
        assert!((-10.0..=10.0).contains(&c.goldstein), "{}", c.code);
        match (root, quad) {
            // Statements: opinions either way, mildly.
            (1, _) => assert!((-1.0..=3.0).contains(&c.goldstein), "{}", c.code),
            (_, 1 | 2) => assert!(c.goldstein >= 0.0, "{} {}", c.code, c.goldstein),
            _ => assert!(c.goldstein <= 0.0, "{} {}", c.code, c.goldstein),
        }
    }
    // The ordering within the scale: war below a threat below a rejection below criticism;
    // a signed agreement above a visit.
    let w = |code: &str| builtin().cameo(code).expect("code").goldstein;
    assert!(w("190") < w("138") && w("138") < w("120") && w("120") < w("111"));
    assert!(w("057") > w("042") && w("0874") >= w("087"));
}

#[test]
fn intent_codes_take_the_intended_acts_type_as_planned() {
    for code in ["033", "0331", "0332", "0333", "0334"] {
        let c = coding(code);
        assert_eq!(c.event_type, "AID", "{code}");
        assert_eq!(c.status_hint, Some(Status::Planned), "{code}");
        assert_eq!(c.plover_view, "AGREE", "{code}");
    }
    let meet = coding("036");
    assert_eq!(
        (meet.event_type.as_str(), meet.status_hint),
        ("CONSULT", Some(Status::Planned))
    );
    let military = coding("0312");
    assert_eq!(military.event_type, "COOPERATE");
    assert_eq!(military.context, ["military"]);
    assert_eq!(military.status_hint, Some(Status::Planned));
    // A pledge to cooperate in general is AGREE itself, with nothing to wait for.
    let agree = coding("030");
    assert_eq!(
        (agree.event_type.as_str(), agree.status_hint),
        ("AGREE", None)
    );
    // Every 03x code is AGREE in PLOVER's own view.
    for (code, c) in builtin().mappings() {
        if code.starts_with("03") {
            assert_eq!(c.map(|c| c.plover_view.as_str()), Some("AGREE"), "{code}");
        }
    }
}

#[test]
fn codes_named_in_the_brief() {
    let visit = coding("042");
    assert_eq!(
        (visit.event_type.as_str(), visit.mode.as_deref()),
        ("CONSULT", Some("visit"))
    );
    assert_eq!(coding("112").event_type, "ACCUSE");
    assert_eq!(coding("1121").mode.as_deref(), Some("allege"));
    assert_eq!(coding("190").event_type, "ASSAULT");
    assert_eq!(coding("0231").event_type, "REQUEST");
    assert_eq!(
        coding("0231").plover_view,
        "",
        "PLOVER does not code appeals"
    );
    assert_eq!(
        coding("163").event_type,
        "SANCTION",
        "formal sanctions and embargoes"
    );
    assert_eq!(coding("0871").mode.as_deref(), Some("ceasefire"));
    // A bare statement is no event at all.
    assert!(builtin().plover("010").is_none());
    assert!(builtin().cameo("010").is_some());
}

#[test]
fn rejections_stay_reject_and_happened() {
    let mut n = 0;
    for (code, c) in builtin().mappings() {
        if code.starts_with("12") {
            let c = c.expect("12x is mapped");
            assert_eq!(c.event_type, "REJECT", "{code}");
            assert_eq!(c.status_hint, Some(Status::Occurred), "{code}");
            n += 1;
        }
    }
    assert_eq!(n, 29);
}

#[test]
fn lookups_fall_back_to_the_nearest_known_code() {
    let o = builtin();
    let resolved = |code: &str| o.cameo(code).map(|c| c.code.as_str());
    assert_eq!(resolved("0314"), Some("0314"));
    assert_eq!(resolved("0315"), Some("031"));
    assert_eq!(resolved("174K"), Some("174"));
    assert_eq!(resolved("080!"), Some("080"));
    assert_eq!(resolved(" 025? "), Some("025"));
    assert_eq!(resolved("1959"), Some("195"));
    // 9xx is no CAMEO code (09 codes are 090-094), and 345 has no root either.
    assert_eq!(resolved("901"), None);
    assert_eq!(resolved("345"), None);
    assert_eq!(resolved(""), None);
    assert_eq!(o.plover("174K").and_then(|c| c.mode), Some("deport".into()));
    assert!(o.plover("901").is_none());
}

#[test]
fn without_0314_it_falls_back_to_031() {
    let drop_0314 = |text: &str| {
        text.lines()
            .filter(|l| !l.starts_with("0314\t"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let o = Ontology::from_strs(
        shipped("plover-types.tsv"),
        shipped("plover-contexts.tsv"),
        &drop_0314(shipped("cameo.tsv")),
        &drop_0314(shipped("cameo-plover.tsv")),
    )
    .expect("parses");
    assert_eq!(o.cameo("0314").map(|c| c.code.as_str()), Some("031"));
    let c = o.plover("0314").expect("031 covers it");
    assert_eq!(c.event_type, "COOPERATE");
    assert!(c.context.is_empty(), "031's contexts, not 0314's");
}

#[test]
fn a_malformed_line_is_a_syntax_error_naming_it() {
    let mut mapping = shipped("cameo-plover.tsv").to_string();
    let line = mapping.lines().count() + 1;
    mapping.push_str("0421\tCONSULT\tvisit\n");
    let err = Ontology::from_strs(
        shipped("plover-types.tsv"),
        shipped("plover-contexts.tsv"),
        shipped("cameo.tsv"),
        &mapping,
    )
    .expect_err("three fields");
    match err {
        Error::Syntax { file, line: l, .. } => {
            assert_eq!(file, PathBuf::from("cameo-plover.tsv"));
            assert_eq!(l, line);
        }
        other => panic!("not a syntax error: {other}"),
    }
    let err = Ontology::from_strs(
        shipped("plover-types.tsv"),
        shipped("plover-contexts.tsv"),
        "code\tquad_class\tgoldstein\tname\n04\t1\t1\tconsult\n4\t1\t1\tbad\n",
        "code\ttype\tmode\tcontext\tstatus_hint\tplover_view\n",
    )
    .expect_err("one-digit code");
    assert!(
        err.to_string().starts_with("cameo.tsv:3: code \"4\""),
        "{err}"
    );
}

#[test]
fn files_on_disk_load_and_user_rows_layer_on_top() {
    let d = data_dir();
    let mut o = Ontology::from_files(
        &d.join("plover-types.tsv"),
        &d.join("plover-contexts.tsv"),
        &d.join("cameo.tsv"),
        &d.join("cameo-plover.tsv"),
    )
    .expect("shipped files load from disk");
    assert_eq!(o.cameo_codes().count(), builtin().cameo_codes().count());

    let user = std::env::temp_dir().join(format!("tamga-ontology-{}.tsv", std::process::id()));
    std::fs::write(
        &user,
        "# a user's own reading of 036\n\
         code\ttype\tmode\tcontext\tstatus_hint\tplover_view\tnote\n\
         036\tAGREE\t-\tdiplomatic\t-\tAGREE\tPLOVER's view\n",
    )
    .expect("temp file");
    o.extend_from_file(&user).expect("user mapping");
    let c = o.plover("036").expect("mapped");
    assert_eq!((c.event_type.as_str(), c.status_hint), ("AGREE", None));
    assert_eq!(
        o.mapping_source("036"),
        Some(format!("{}:3", user.display()))
    );
    std::fs::remove_file(&user).ok();

    let missing = d.join("no-such-file.tsv");
    assert!(matches!(
        o.extend_from_file(&missing),
        Err(Error::Io { file, .. }) if file == missing
    ));
}

/// Every code in the PETRARCH verb dictionary (blocks, verbs, patterns; forward and reverse)
/// resolves to a CAMEO entry, and to a PLOVER type unless it is a bare statement.
#[test]
fn every_petrarch_verb_code_resolves() {
    let Loaded::Verbs(verbs) = petrarch::load_bundled("CAMEO.2.0.txt").expect("bundled") else {
        panic!("CAMEO.2.0.txt is a verbs file");
    };
    let mut codes = BTreeSet::new();
    for block in &verbs.value.blocks {
        let pairs = std::iter::once(&block.code)
            .chain(block.verbs.iter().filter_map(|v| v.code.as_ref()))
            .chain(block.patterns.iter().map(|p| &p.code));
        for pair in pairs {
            codes.extend(pair.forward.iter().chain(&pair.reverse).cloned());
        }
    }
    let o = builtin();
    let (mut fallback, mut no_event) = (Vec::new(), BTreeSet::new());
    for code in &codes {
        let entry = o
            .cameo(code)
            .unwrap_or_else(|| panic!("PETRARCH code {code:?} has no CAMEO entry"));
        if entry.code != *code {
            fallback.push(format!("{code}→{}", entry.code));
        }
        if o.plover(code).is_none() {
            no_event.insert(entry.code.as_str());
        }
    }
    println!(
        "{} distinct PETRARCH codes; {} needed fallback ({}); {} map to no PLOVER event ({})",
        codes.len(),
        fallback.len(),
        fallback.join(", "),
        no_event.len(),
        no_event.iter().copied().collect::<Vec<_>>().join(", ")
    );
    assert!(codes.len() >= 240, "{} codes", codes.len());
    // Only marked codes (`080!`) fall back: PETRARCH uses the same tree.
    assert_eq!(fallback, ["080!→080"]);
    // Only bare statements and opinions go without a PLOVER type.
    let statements = BTreeSet::from(["010", "011", "012", "013", "014", "017"]);
    assert!(no_event.is_subset(&statements), "{no_event:?}");
}

proptest::proptest! {
    /// Lookups take any string (codes come from user dictionaries) without panicking, and a
    /// hit is always the longest known prefix of the code's leading alphanumerics.
    #[test]
    fn lookups_never_panic(code in "\\PC{0,8}") {
        let o = builtin();
        let _ = root_of(&code);
        if let Some(c) = o.cameo(&code) {
            proptest::prop_assert!(code.trim().starts_with(c.code.as_str()));
        }
        let _ = o.plover(&code);
    }

    /// Arbitrary user files give a value or an error, never a panic.
    #[test]
    fn user_files_never_panic(body in "[0-9A-Za-z\\t\\-.,# ]{0,60}(\\n[0-9A-Za-z\\t\\-.,# ]{0,60}){0,4}") {
        let mut o = builtin().clone();
        for header in ["code\tquad_class\tgoldstein\tname", "code\ttype\tmode\tcontext\tstatus_hint\tplover_view", "type\tmode\tdescription"] {
            let _ = o.extend_from_str(&format!("{header}\n{body}"), "fuzz.tsv");
        }
    }
}
