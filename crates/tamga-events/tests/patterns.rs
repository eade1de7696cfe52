//! tamga's own verb and noun patterns (data/patterns/tamga.verbs.txt), one test per pattern
//! family, on sentences written for these tests: the PLOVER type, the CAMEO code where the
//! family fixes it, the source and target codes, the status and the quantities. Tests that
//! need a change in the coder itself are ignored with the reason.

use std::sync::OnceLock;
use tamga_events::{Coder, DocRef, Event, Status};
use tamga_ingest::PartialDate;

fn coder() -> &'static Coder {
    static CODER: OnceLock<Coder> = OnceLock::new();
    CODER.get_or_init(|| Coder::standard(&[]).expect("the shipped dictionaries load"))
}

fn code(text: &str) -> Vec<Event> {
    let doc = DocRef {
        id: "t",
        uri: "test:t",
        published: PartialDate::new(2021, Some(6), Some(15)),
    };
    coder().code_text(&doc, text).events
}

fn target(e: &Event) -> Option<&str> {
    e.target.as_ref().map(|t| t.code.as_str())
}

/// The event of `kind` from `source` (a code prefix) or panics, listing what was coded.
fn find<'a>(events: &'a [Event], kind: &str, source: &str) -> &'a Event {
    events
        .iter()
        .find(|e| e.event_type == kind && e.source.code.starts_with(source))
        .unwrap_or_else(|| {
            let got: Vec<String> = events
                .iter()
                .map(|e| {
                    format!(
                        "{} {} {}->{:?} ({})",
                        e.event_type,
                        e.cameo,
                        e.source.code,
                        target(e),
                        e.explanation.rule
                    )
                })
                .collect();
            panic!("no {kind} event from {source}; coded: {got:?}")
        })
}

fn values(e: &Event) -> Vec<f64> {
    e.quantities.iter().map(|q| q.value).collect()
}

// --- words that must not trigger ---------------------------------------------------------

#[test]
fn commas_and_names_are_not_triggers() {
    let events = code("Kazakhstan, Russia and the United States signed a trade agreement.");
    assert!(!events.is_empty());
    for e in &events {
        assert_ne!(e.explanation.trigger.text, ",", "{e:?}");
        assert_ne!(e.explanation.trigger.text, "United", "{e:?}");
        assert_eq!(e.explanation.trigger.text, "signed");
    }
}

#[test]
fn reported_speech_does_not_take_the_act() {
    // "said" would code a bare statement for the pair and hide the expulsion.
    let events = code("Switzerland said it had expelled two Russian diplomats for spying.");
    let e = find(&events, "SANCTION", "CHE");
    assert_eq!(e.cameo, "161");
    assert_eq!(target(e), Some("RUSGOV"));
    assert_eq!(e.explanation.trigger.text, "expelled");
    assert_eq!(values(e), vec![2.0]);
}

#[test]
fn took_place_is_not_a_seizure() {
    let events = code("The summit of Kazakhstan and Russia took place in Astana.");
    assert!(
        events.iter().all(|e| e.event_type != "COERCE"),
        "{events:?}"
    );
}

// --- agreement, signing, meetings, visits -------------------------------------------------

#[test]
fn signed_a_protocol_is_support_between_both_signatories() {
    let events = code("Kazakhstan and Kyrgyzstan signed a border protocol on Tuesday.");
    let e = find(&events, "SUPPORT", "KAZ");
    assert_eq!(e.cameo, "057");
    assert_eq!(target(e), Some("KGZ"));
    assert_eq!(e.status, Status::Occurred);
    let back = find(&events, "SUPPORT", "KGZ");
    assert_eq!(target(back), Some("KAZ"));
    assert_eq!(e.date.as_deref(), Some("2021-06-15"));
}

#[test]
fn agreed_to_is_agree_not_support() {
    let events = code("Uzbekistan agreed to expand trade with Tajikistan.");
    let e = find(&events, "AGREE", "UZB");
    assert_eq!(e.cameo, "030");
    assert_eq!(target(e), Some("TJK"));
    assert!(events.iter().all(|e| e.event_type != "SUPPORT"));
}

#[test]
fn agreed_to_a_ceasefire_is_a_promised_ceasefire() {
    let events = code("Azerbaijan and Armenia agreed to a ceasefire.");
    let e = find(&events, "RETREAT", "AZE");
    assert_eq!(e.cameo, "0356");
    assert_eq!(target(e), Some("ARM"));
    assert_eq!(e.status, Status::Planned);
}

#[test]
fn committed_to_is_a_pledge() {
    let events = code("Kazakhstan is committed to the peace process.");
    let e = find(&events, "AGREE", "KAZ");
    assert_eq!(e.cameo, "030");
}

#[test]
fn met_with_is_consult() {
    let events = code("Tokayev met with Putin in Moscow on Friday.");
    let e = find(&events, "CONSULT", "KAZ");
    assert_eq!(target(e), Some("RUSGOV"));
}

#[test]
fn held_talks_is_consult_both_ways_and_planned_in_the_future() {
    let events = code("Kazakhstan held talks with China in Astana.");
    let e = find(&events, "CONSULT", "KAZ");
    assert_eq!(e.explanation.trigger.text, "held talks");
    assert_eq!(target(e), Some("CHN"));
    assert_eq!(target(find(&events, "CONSULT", "CHN")), Some("KAZ"));

    let events = code("Russia will hold talks with Turkey in Ankara next week.");
    let e = find(&events, "CONSULT", "RUS");
    assert_eq!(target(e), Some("TUR"));
    assert_eq!(e.status, Status::Planned);
}

#[test]
fn paid_or_made_a_state_visit_is_a_visit() {
    let events = code("Tokayev paid a state visit to Egypt on Monday.");
    let e = find(&events, "CONSULT", "KAZ");
    assert_eq!(e.cameo, "042");
    assert_eq!(e.mode.as_deref(), Some("visit"));
    assert_eq!(target(e), Some("EGY"));
    // The host's side of the visit.
    assert_eq!(find(&events, "CONSULT", "EGY").cameo, "043");

    let events = code("Egypt's president made a state visit to Kazakhstan.");
    let e = find(&events, "CONSULT", "EGY");
    assert_eq!(e.cameo, "042");
    assert_eq!(target(e), Some("KAZ"));
}

#[test]
fn a_state_visit_named_as_a_noun_is_dated_by_the_text() {
    let events = code(
        "Egyptian President Hosni Mubarak's first state visit to Kazakhstan took place on \
         November 7.",
    );
    let e = find(&events, "CONSULT", "EGY");
    assert_eq!(e.cameo, "042");
    assert_eq!(target(e), Some("KAZ"));
    assert_eq!(e.date_basis, tamga_events::DateBasis::Text);
    assert!(e.date.as_deref().is_some_and(|d| d.ends_with("11-07")));
}

// --- requests, rejections, threats --------------------------------------------------------

#[test]
fn appealed_to_for_help_is_a_request_for_aid() {
    let events = code("Armenia appealed to Russia for help.");
    let e = find(&events, "REQUEST", "ARM");
    assert_eq!(e.cameo, "023");
    assert_eq!(e.mode.as_deref(), Some("assist"));
    assert_eq!(target(e), Some("RUS"));
}

#[test]
fn called_for_restraint_and_called_on_are_requests() {
    let events = code("Uzbekistan called for restraint.");
    let e = find(&events, "REQUEST", "UZB");
    assert_eq!(e.cameo, "025");
    assert_eq!(e.explanation.trigger.text, "called for");

    let events = code("Putin called on Ukraine to show restraint.");
    let e = find(&events, "REQUEST", "RUS");
    assert_eq!(target(e), Some("UKR"));
    // Not a phone call.
    assert!(events.iter().all(|e| e.event_type != "CONSULT"));
}

#[test]
fn urged_is_a_request() {
    let events = code("Turkey urged Sweden to extradite the suspects.");
    let e = find(&events, "REQUEST", "TUR");
    assert_eq!(target(e), Some("SWE"));
    assert_eq!(e.cameo, "025");
}

#[test]
fn demanded_is_a_request_coded_by_what_is_demanded() {
    let events = code("Kazakhstan demanded the withdrawal of Russian troops.");
    let e = find(&events, "REQUEST", "KAZ");
    assert_eq!(e.cameo, "1056");
}

#[test]
fn rejected_a_proposal_and_refused_to() {
    let events = code("Kazakhstan rejected Russia's proposal.");
    let e = find(&events, "REJECT", "KAZ");
    assert_eq!(target(e), Some("RUS"));
    assert_eq!(e.status, Status::Occurred);

    let events = code("Uzbekistan refused to join the union.");
    let e = find(&events, "REJECT", "UZB");
    assert_eq!(e.cameo, "120");
}

#[test]
fn a_rejected_deployment_keeps_the_deployment_with_status_rejected() {
    let events = code("The Senate of Kazakhstan rejected the bill to send troops to Tajikistan.");
    let reject = find(&events, "REJECT", "KAZ");
    assert_eq!(reject.status, Status::Occurred);
    let send = find(&events, "MOBILIZE", "KAZ");
    assert_eq!(target(send), Some("TJK"));
    assert_eq!(send.status, Status::Rejected);
}

#[test]
fn threatened_to_cut_ties_is_threaten_relations() {
    let events = code("Pakistan threatened to cut ties with India.");
    let e = find(&events, "THREATEN", "PAK");
    assert_eq!(e.cameo, "1311");
    assert_eq!(e.mode.as_deref(), Some("relations"));
    assert_eq!(target(e), Some("IND"));
}

#[test]
fn issued_an_ultimatum_is_a_threat() {
    let events = code("Iran issued an ultimatum to Azerbaijan.");
    let e = find(&events, "THREATEN", "IRN");
    assert_eq!(e.cameo, "139");
    assert_eq!(target(e), Some("AZE"));
}

// --- criticism and accusations -------------------------------------------------------------

#[test]
fn condemned_is_accuse() {
    let events = code("The European Union condemned the attack on Ukraine.");
    let e = find(&events, "ACCUSE", "IGOEU");
    assert_eq!(e.cameo, "111");
    assert_eq!(target(e), Some("UKR"));
}

#[test]
fn accused_of_is_an_allegation_typed_by_the_charge() {
    let events = code("Kyrgyzstan accused Tajikistan of violating the ceasefire.");
    let e = find(&events, "ACCUSE", "KGZ");
    assert_eq!(e.cameo, "1125");
    assert_eq!(e.mode.as_deref(), Some("allege"));
    assert_eq!(target(e), Some("TJK"));
    assert_eq!(e.status, Status::Occurred);
}

#[test]
fn dispatching_inspectors_is_an_investigation() {
    let events = code("Iran dispatched inspectors to Iraq.");
    let e = find(&events, "ACCUSE", "IRN");
    assert_eq!(e.cameo, "090");
    assert_eq!(e.mode.as_deref(), Some("investigate"));
}

// --- protest -------------------------------------------------------------------------------

#[test]
fn strikes_and_blockades_by_protesters_are_protest() {
    let events = code("Kazakh workers went on strike on Monday.");
    let e = find(&events, "PROTEST", "KAZ");
    assert_eq!(e.cameo, "143");

    let events = code("Kazakh prisoners began a hunger strike.");
    let e = find(&events, "PROTEST", "KAZ");
    assert_eq!(e.mode.as_deref(), Some("hunger"));

    let events = code("Georgian protesters blocked the main highway.");
    let e = find(&events, "PROTEST", "GEO");
    assert_eq!(e.cameo, "144");
    assert_eq!(e.mode.as_deref(), Some("obstruct"));
}

// --- force, coercion, sanctions --------------------------------------------------------------

#[test]
fn detained_is_coerce_arrest_with_the_count() {
    let events = code("Police detained three activists in Almaty.");
    let e = find(&events, "COERCE", "COP");
    assert_eq!(e.cameo, "173");
    assert_eq!(e.mode.as_deref(), Some("arrest"));
    assert_eq!(target(e), Some("KAZOPP"));
    assert_eq!(values(e), vec![3.0]);
}

#[test]
fn detained_in_a_city_is_located_there() {
    let events = code("Police detained three activists in Almaty.");
    let e = find(&events, "COERCE", "COP");
    assert_eq!(e.location.as_ref().map(|l| l.name.as_str()), Some("Almaty"));
}

#[test]
fn deployed_troops_is_mobilize_with_the_count() {
    let events = code("Russia deployed 10,000 troops near the Ukrainian border.");
    let e = find(&events, "MOBILIZE", "RUS");
    assert_eq!(e.cameo, "154");
    assert_eq!(values(e), vec![10000.0]);

    let events = code("Russia strengthened its forces near Finland.");
    assert_eq!(find(&events, "MOBILIZE", "RUS").cameo, "154");
}

#[test]
fn decided_to_send_peacekeeping_forces_is_planned_aid_to_the_destination() {
    let events =
        code("The government of Kazakhstan decided to send peacekeeping forces to Lebanon.");
    let e = find(&events, "AID", "KAZ");
    assert_eq!(e.cameo, "074");
    assert_eq!(target(e), Some("LBN"));
    assert_eq!(e.status, Status::Planned);
    // The decision itself is not a second act.
    assert_eq!(events.len(), 1, "{events:?}");
}

#[test]
fn will_send_officers_is_planned_with_the_count() {
    let events = code("Kazakhstan will send 20 officers to UN peacekeeping missions next year.");
    let e = find(&events, "AID", "KAZ");
    assert_eq!(e.status, Status::Planned);
    assert_eq!(values(e), vec![20.0]);
}

#[test]
#[ignore = "needs coder: a passive clause without a `by` agent has no source; the sender should come from the previous sentence or the article's actor"]
fn will_be_sent_to_is_planned() {
    let events =
        code("Kazakhstan trains its officers. Twenty officers will be sent to UN missions.");
    let e = find(&events, "AID", "KAZ");
    assert_eq!(e.status, Status::Planned);
    assert_eq!(values(e), vec![20.0]);
}

#[test]
fn handed_over_suspects_is_extradition() {
    let events = code("Kazakhstan handed over two suspects to Kyrgyzstan.");
    let e = find(&events, "COOPERATE", "KAZ");
    assert_eq!(e.cameo, "063");
    assert_eq!(target(e), Some("KGZ"));
    assert_eq!(values(e), vec![2.0]);
}

#[test]
fn handed_over_in_the_passive_keeps_the_giver_as_source() {
    let events = code("The suspects were handed over to Kyrgyzstan by Kazakhstan.");
    let e = find(&events, "COOPERATE", "KAZ");
    assert_eq!(target(e), Some("KGZ"));
}

#[test]
fn expelled_diplomats_is_sanction() {
    let events = code("Russia expelled ten Estonian diplomats.");
    let e = find(&events, "SANCTION", "RUS");
    assert_eq!(e.cameo, "161");
    assert_eq!(target(e), Some("ESTGOV"));
    assert_eq!(values(e), vec![10.0]);
}

#[test]
fn a_year_in_the_sentence_does_not_discard_it() {
    let events = code("Kazakhstan expelled two Iranian diplomats in 2012.");
    find(&events, "SANCTION", "KAZ");
}

#[test]
fn sanctions_imposed_or_announced() {
    let events = code("The United States imposed sanctions against Iran.");
    let e = find(&events, "SANCTION", "USA");
    assert_eq!(e.cameo, "163");
    assert_eq!(target(e), Some("IRN"));

    let events = code("Pakistan announced new sanctions against Afghanistan.");
    assert_eq!(find(&events, "SANCTION", "PAK").cameo, "163");
}

#[test]
fn suspended_talks_is_sanction() {
    let events = code("The European Union suspended talks with Turkey.");
    let e = find(&events, "SANCTION", "IGOEU");
    assert_eq!(e.cameo, "164");
    assert_eq!(target(e), Some("TUR"));
}

#[test]
fn withdrew_from_a_treaty_is_sanction_and_troops_a_retreat() {
    let events = code("Russia withdrew from the treaty.");
    assert_eq!(find(&events, "SANCTION", "RUS").cameo, "161");

    let events = code("Russia withdrew its troops from Syria.");
    let e = find(&events, "RETREAT", "RUS");
    assert_eq!(e.mode.as_deref(), Some("disarm"));
}

// --- aid and support -------------------------------------------------------------------------

#[test]
fn provided_or_sent_aid_is_aid() {
    let events = code("Japan provided humanitarian aid to Turkey.");
    let e = find(&events, "AID", "JPN");
    assert_eq!(e.cameo, "073");
    assert_eq!(target(e), Some("TUR"));

    let events = code("China sent arms to Iran.");
    let e = find(&events, "AID", "CHN");
    assert_eq!(e.cameo, "072");
    assert_eq!(target(e), Some("IRN"));
}

#[test]
fn praised_is_support() {
    let events = code("Egypt's president praised Kazakhstan.");
    let e = find(&events, "SUPPORT", "EGY");
    assert_eq!(e.cameo, "051");
    assert_eq!(target(e), Some("KAZ"));
}

// --- constructions only the coder can handle ------------------------------------------------

#[test]
fn a_rejected_offer_is_a_rejection_and_the_offered_act_did_not_happen() {
    // The rule: the rejection occurred; an act inside what was rejected is coded
    // with status rejected, never as done.
    let events = code("Kazakhstan rejected an offer from Russia to host talks with China.");
    let e = find(&events, "REJECT", "KAZ");
    assert_eq!(target(e), Some("RUS"));
    assert_eq!(e.status, Status::Occurred);
    for other in events.iter().filter(|x| x.event_type != "REJECT") {
        assert_ne!(other.status, Status::Occurred, "{other:?}");
    }
}

#[test]
fn willing_to_withdraw_is_planned() {
    let events = code("Kazakhstan is willing to withdraw its troops from Tajikistan.");
    assert_eq!(find(&events, "RETREAT", "KAZ").status, Status::Planned);
}

#[test]
#[ignore = "needs coder: a pronoun subject after `announced that` is not resolved to the speaker"]
fn announced_that_it_called_off_a_strike() {
    let events = code("The Kazakh teachers' union announced that it has called off the strike.");
    let e = find(&events, "CONCEDE", "KAZ");
    assert_eq!(e.cameo, "082");
}
