use super::*;

fn resolver() -> &'static Resolver {
    static R: std::sync::OnceLock<Resolver> = std::sync::OnceLock::new();
    R.get_or_init(|| Resolver::standard(Vec::new()).expect("shipped dictionaries load"))
}

fn run(text: &str, date: &str) -> Vec<ActorMention> {
    let d = NaiveDate::parse_from_str(date, "%Y-%m-%d").ok();
    let ann = tamga_text::annotate(text, None);
    resolver().resolve(text, &ann, d)
}

fn codes(text: &str, date: &str) -> Vec<(String, String)> {
    run(text, date)
        .into_iter()
        .map(|m| (m.text, m.code))
        .collect()
}

#[test]
fn adjective_and_agent_combine() {
    let c = codes(
        "Kazakh officials said the talks would resume.",
        "2020-01-01",
    );
    assert_eq!(
        c.first(),
        Some(&("Kazakh officials".into(), "KAZGOV".into()))
    );
}

#[test]
fn dated_titles() {
    let m = run("Foreign Minister Tokayev arrived in Cairo.", "2005-05-01");
    let t = m.first().expect("a mention");
    assert_eq!(
        (t.code.as_str(), t.role.as_deref()),
        ("KAZGOV", Some("foreign minister"))
    );
    let m = run("President Tokayev signed the decree.", "2022-05-01");
    let t = m.first().expect("a mention");
    assert_eq!(
        (t.code.as_str(), t.role.as_deref()),
        ("KAZGOV", Some("president"))
    );
}

#[test]
fn possessive_coreference_and_metonyms() {
    let m = run(
        "Kazakhstan's upper house approved the bill. The Senate also backed a CSTO deployment. \
         Egyptian intelligence and the Kremlin declined to comment.",
        "2022-01-10",
    );
    let got: Vec<(&str, &str, Option<usize>)> = m
        .iter()
        .map(|m| (m.text.as_str(), m.code.as_str(), m.coref_of))
        .collect();
    assert_eq!(
        got,
        vec![
            ("Kazakhstan's upper house", "KAZLEG", None),
            ("The Senate", "KAZLEG", Some(0)),
            ("CSTO", "IGOCSTO", None),
            ("Egyptian intelligence", "EGYSPY", None),
            ("the Kremlin", "RUSGOV", None),
        ]
    );
    assert_eq!(m.get(2).and_then(|m| m.org.as_deref()), Some("CSTO"));
}

#[test]
fn pronouns_and_counterparts() {
    let m = run(
        "Kazakh Foreign Minister Tokayev flew to Cairo on Monday. He met his Egyptian counterpart.",
        "2005-03-01",
    );
    let got: Vec<(&str, &str, Option<usize>)> = m
        .iter()
        .map(|m| (m.text.as_str(), m.code.as_str(), m.coref_of))
        .collect();
    assert_eq!(
        got,
        vec![
            ("Kazakh Foreign Minister Tokayev", "KAZGOV", None),
            ("He", "KAZGOV", Some(0)),
            ("his Egyptian counterpart", "EGYGOV", Some(1)),
        ]
    );
    assert_eq!(
        m.get(2).and_then(|m| m.role.as_deref()),
        Some("foreign minister")
    );
}

#[test]
fn locative_capitals_are_places_not_actors() {
    let c = codes(
        "Talks in Astana ended. Astana rejected the claim.",
        "2023-01-01",
    );
    assert_eq!(c, vec![("Astana".to_string(), "KAZGOV".to_string())]);
    let ann = tamga_text::annotate("Talks in Astana ended.", None);
    let actors = resolver().resolve("Talks in Astana ended.", &ann, None);
    let p = places::places("Talks in Astana ended.", &actors);
    assert_eq!(p.first().map(|p| p.place.country.as_str()), Some("KAZ"));
}

#[test]
fn parse_iso_picks_a_day_inside_the_period() {
    assert_eq!(parse_iso("2005"), NaiveDate::from_ymd_opt(2005, 7, 1));
    assert_eq!(parse_iso("2005-03"), NaiveDate::from_ymd_opt(2005, 3, 15));
    assert_eq!(parse_iso("2005-03-07"), NaiveDate::from_ymd_opt(2005, 3, 7));
    assert_eq!(parse_iso("2005-W10"), None);
}

#[test]
fn phrase_keys_follow_the_tokenizer() {
    assert_eq!(
        index::phrase_key("KAZAKHSTAN'S_UPPER_HOUSE_"),
        vec!["kazakhstan", "'s", "upper", "house"]
    );
    assert_eq!(index::phrase_key("U.S. Army"), vec!["u.s", "army"]);
    assert_eq!(index::phrase_key("  the  Kremlin "), vec!["the", "kremlin"]);
}

#[test]
fn short_phrases_need_capitals_and_names_need_a_capital() {
    // "us" is not the United States, "china" in lower case is porcelain.
    let c = codes("They told us the china was broken.", "2020-01-01");
    assert!(
        c.iter().all(|(_, code)| code != "USA" && code != "CHN"),
        "{c:?}"
    );
}

#[test]
fn a_user_layer_wins_over_the_shipped_one() {
    let mut dict = Dictionary::default();
    dict.actors.push(crate::dict::ActorEntry {
        phrases: vec!["Astana".into()],
        name: Some("Astana FC".into()),
        roles: vec![RoleSpan {
            code: "KAZBUS".into(),
            from: None,
            to: None,
            role: None,
        }],
        origin: crate::dict::Origin {
            file: "mine".into(),
            line: 1,
        },
    });
    let r = Resolver::from_layers(vec![
        Layer::inferred(dict),
        own::shipped().expect("shipped").into(),
    ]);
    let text = "Astana won the cup.";
    let ann = tamga_text::annotate(text, None);
    let m = r.resolve(text, &ann, None);
    assert_eq!(m.first().map(|m| m.code.as_str()), Some("KAZBUS"));
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
    #[test]
    fn spans_are_valid_on_any_text(text in "[A-Za-z' .,\u{2019}\u{e9}-]{0,200}") {
        let ann = tamga_text::annotate(&text, None);
        for m in resolver().resolve(&text, &ann, None) {
            proptest::prop_assert_eq!(text.get(m.start..m.end), Some(m.text.as_str()));
        }
    }
}

#[test]
fn seats_with_agents_and_former_officials() {
    let c = codes("Minsk police detained the organizers.", "2020-08-10");
    assert_eq!(c.first(), Some(&("Minsk police".into(), "BLRCOP".into())));
    let c = codes(
        "Kremlin spokesman Dmitry Peskov declined to comment.",
        "2022-01-05",
    );
    assert!(c.iter().any(|(_, code)| code == "RUSGOV"), "{c:?}");
    let c = codes(
        "A former CIA official said the report was accurate.",
        "2020-01-01",
    );
    assert_eq!(c.first().map(|x| x.1.as_str()), Some("USAELI"));
    let c = codes("Former Kazakh ministers signed the letter.", "2020-01-01");
    assert_eq!(c.first().map(|x| x.1.as_str()), Some("KAZELI"));
}

#[test]
fn capitals_inside_longer_names_are_not_governments() {
    let c = codes(
        "Students at Moscow State University staged a protest.",
        "2020-01-01",
    );
    assert!(c.iter().all(|(t, _)| t != "Moscow"), "{c:?}");
    let c = codes("Moscow rejected the note.", "2020-01-01");
    assert_eq!(c.first(), Some(&("Moscow".into(), "RUSGOV".into())));
}

#[test]
fn without_a_date_the_title_picks_the_role() {
    let text = "President Nursultan Nazarbayev opened the session.";
    let ann = tamga_text::annotate(text, None);
    let m = resolver().resolve(text, &ann, None);
    let first = m.first().expect("a mention");
    assert_eq!(
        (first.code.as_str(), first.role.as_deref()),
        ("KAZGOV", Some("president"))
    );
    // With a date, the date decides.
    let m = run(text, "2021-01-01");
    assert_eq!(m.first().map(|m| m.code.as_str()), Some("KAZELI"));
}

#[test]
fn seat_names_name_the_seat() {
    let m = run("Moscow rejected the note.", "2020-01-01");
    assert_eq!(m.first().map(|m| m.name.as_deref()), Some(None));
    let m = run("The Kremlin rejected the note.", "2020-01-01");
    assert_eq!(
        m.first().and_then(|m| m.name.as_deref()),
        Some("the Kremlin")
    );
}
