//! Clause modality on hand-written news sentences (written for these tests, not taken from any
//! article). Each case names a sentence, a phrase inside the clause under test, and the status
//! a careful reader would give that clause's act. The annotator must get at least 85% right.

#![allow(clippy::unwrap_used)] // Tests: a failed unwrap is a failed test.

use tamga_text::{annotate, Status};

use Status::{Claimed, Denied, Hypothetical, Occurred, Planned, Rejected};

const CASES: &[(&str, &str, Status)] = &[
    // Rejected: refusals and negated acts.
    (
        "The upper house rejected the bill to send troops to the border.",
        "rejected",
        Rejected,
    ),
    (
        "Parliament did not ratify the treaty before the session closed.",
        "ratify",
        Rejected,
    ),
    (
        "The governor refused to meet the striking miners.",
        "meet",
        Rejected,
    ),
    (
        "The president vetoed the defence spending package on Friday.",
        "package",
        Rejected,
    ),
    (
        "Lawmakers failed to agree on a budget for the border guards.",
        "budget",
        Rejected,
    ),
    (
        "The delegation declined to comment on the arms deal.",
        "comment",
        Rejected,
    ),
    (
        "Moscow never delivered the helicopters it had sold to Dushanbe.",
        "delivered",
        Rejected,
    ),
    (
        "The minister turned down an invitation to visit Tehran.",
        "invitation",
        Rejected,
    ),
    (
        "Kazakhstan will not send peacekeepers to the region, the ministry said.",
        "peacekeepers",
        Rejected,
    ),
    (
        "The opposition didn't join the protest in the capital.",
        "protest",
        Rejected,
    ),
    (
        "Officials ruled out a military response to the shelling.",
        "response",
        Rejected,
    ),
    (
        "The senate approved the deal, but the lower house rejected it.",
        "lower house",
        Rejected,
    ),
    // Planned: intentions, decisions and schedules.
    (
        "The additional officers will be sent in groups of five.",
        "groups",
        Planned,
    ),
    (
        "The ministry plans to open a new training centre near Almaty.",
        "training",
        Planned,
    ),
    (
        "A second battalion is to be deployed next spring.",
        "battalion",
        Planned,
    ),
    (
        "The two governments agreed to hold joint exercises in May.",
        "exercises",
        Planned,
    ),
    (
        "The proposal envisages a joint air defence network.",
        "network",
        Planned,
    ),
    (
        "The defence minister intends to visit Beijing later this year.",
        "Beijing",
        Planned,
    ),
    (
        "The upcoming summit in Astana is expected to focus on border security.",
        "summit",
        Planned,
    ),
    (
        "The cabinet decided to send a medical team to the flood zone.",
        "medical team",
        Planned,
    ),
    (
        "The foreign minister is set to arrive in Ankara on Tuesday.",
        "arrive",
        Planned,
    ),
    (
        "Elections are scheduled for the first week of March.",
        "Elections",
        Planned,
    ),
    (
        "The spokesman said the convoy would leave the base on Monday.",
        "convoy",
        Planned,
    ),
    (
        "NATO officials proposed a new round of talks on the missile shield.",
        "round of talks",
        Planned,
    ),
    (
        "Russia says it will supply the fighters, which Kazakhstan has not yet paid for.",
        "supply",
        Planned,
    ),
    (
        "Unless funding is restored, the mission will end in June.",
        "mission",
        Planned,
    ),
    // Hypothetical: conditions and speculation.
    (
        "The sanctions could hurt the country's oil exports.",
        "oil exports",
        Hypothetical,
    ),
    (
        "If the talks collapse, fighting may resume in the north.",
        "talks collapse",
        Hypothetical,
    ),
    (
        "If the talks collapse, fighting may resume in the north.",
        "fighting",
        Hypothetical,
    ),
    (
        "The government is considering a ban on foreign-funded media.",
        "ban",
        Hypothetical,
    ),
    (
        "Analysts said a ceasefire was possibly weeks away.",
        "ceasefire",
        Hypothetical,
    ),
    (
        "Such a move would violate the 1992 agreement on the shared border.",
        "violate",
        Hypothetical,
    ),
    (
        "The rebels might attack the supply route before winter.",
        "attack",
        Hypothetical,
    ),
    (
        "Unless funding is restored, the mission will end in June.",
        "funding",
        Hypothetical,
    ),
    (
        "The ministry is likely to approve the purchase of the drones.",
        "purchase",
        Hypothetical,
    ),
    // Claimed: allegations and unconfirmed reports.
    (
        "The group allegedly smuggled weapons across the river.",
        "weapons",
        Claimed,
    ),
    (
        "Prosecutors accused the former general of selling military secrets.",
        "secrets",
        Claimed,
    ),
    (
        "Two soldiers were reportedly killed in the clash near the pass.",
        "killed",
        Claimed,
    ),
    (
        "The rebels claimed that they had shot down a helicopter.",
        "helicopter",
        Claimed,
    ),
    (
        "The alleged plot targeted a police station in the south.",
        "police station",
        Claimed,
    ),
    // Denied: someone says it did not happen.
    (
        "The ministry denied that any troops had crossed the border.",
        "crossed",
        Denied,
    ),
    (
        "Officials dismissed the reports as bogus on Thursday.",
        "reports",
        Denied,
    ),
    (
        "The embassy rejected the accusations of espionage.",
        "espionage",
        Denied,
    ),
    (
        "The general denies ordering the raid on the village.",
        "raid",
        Denied,
    ),
    // Occurred: plain statements of acts.
    (
        "Egyptian and Kazakh officials signed three agreements in Cairo on Tuesday.",
        "signed",
        Occurred,
    ),
    (
        "Police detained 14 protesters outside the parliament building.",
        "detained",
        Occurred,
    ),
    (
        "The defence minister met his Turkish counterpart in Ankara.",
        "met",
        Occurred,
    ),
    (
        "Not only did the army shell the town, it also cut off the water supply.",
        "water",
        Occurred,
    ),
    (
        "The two sides held talks in Astana, and the foreign ministers issued a joint statement.",
        "issued",
        Occurred,
    ),
    (
        "Troops were withdrawn from the disputed village last week.",
        "withdrawn",
        Occurred,
    ),
    (
        "The political will of the parliament was tested by the vote.",
        "tested",
        Occurred,
    ),
    (
        "In May, the brigade took part in exercises near the Caspian.",
        "brigade",
        Occurred,
    ),
    (
        "The council approved the plan, which sends 200 engineers to the region.",
        "approved",
        Occurred,
    ),
    (
        "The senate approved the deal, but the lower house rejected it.",
        "senate",
        Occurred,
    ),
    (
        "The refugees crossed into Turkey on foot after dark.",
        "refugees",
        Occurred,
    ),
    // A second batch, written after the lexicon and run once before any change to it.
    (
        "The court threw out the opposition's appeal against the election results.",
        "appeal",
        Rejected,
    ),
    (
        "Tashkent has yet to respond to the request for extradition.",
        "respond",
        Rejected,
    ),
    (
        "Neither side has withdrawn its heavy weapons from the line.",
        "withdrawn",
        Rejected,
    ),
    (
        "The parliament voted against sending a peacekeeping contingent.",
        "contingent",
        Rejected,
    ),
    (
        "Deputies blocked the government's plan to raise fuel prices.",
        "Deputies",
        Rejected,
    ),
    (
        "Nobody was hurt in the blast at the depot.",
        "hurt",
        Rejected,
    ),
    (
        "Kyrgyzstan is preparing to host the next round of talks in Bishkek.",
        "host",
        Planned,
    ),
    (
        "Officials are due to sign the memorandum on Friday.",
        "memorandum",
        Planned,
    ),
    (
        "The new air base is slated to open in 2025.",
        "air base",
        Planned,
    ),
    (
        "Turkmenistan pledged to boost gas supplies to China.",
        "gas supplies",
        Planned,
    ),
    (
        "Talks between the two delegations are set for next week.",
        "Talks",
        Planned,
    ),
    (
        "Beijing will host the ministers in the autumn, the statement said.",
        "host",
        Planned,
    ),
    (
        "The government announced it would build two new border posts.",
        "border posts",
        Planned,
    ),
    (
        "Should the ceasefire fail, the monitors would be withdrawn.",
        "monitors",
        Hypothetical,
    ),
    (
        "A wider war remains possible if the talks break down.",
        "wider war",
        Hypothetical,
    ),
    (
        "The ministry is weighing whether to expel the diplomats.",
        "expel",
        Hypothetical,
    ),
    (
        "Officials warned that the strike could spread to the oil fields.",
        "spread",
        Hypothetical,
    ),
    (
        "Experts believe the drone may have been launched from a ship.",
        "launched",
        Hypothetical,
    ),
    (
        "According to unconfirmed reports, three border guards were wounded.",
        "wounded",
        Claimed,
    ),
    (
        "The man, who is suspected of organising the attack, was arrested in Almaty.",
        "organising",
        Claimed,
    ),
    (
        "The man, who is suspected of organising the attack, was arrested in Almaty.",
        "arrested",
        Occurred,
    ),
    (
        "The opposition alleges that the vote was rigged.",
        "rigged",
        Claimed,
    ),
    (
        "The defence ministry refuted reports that its jets had bombed the village.",
        "bombed",
        Denied,
    ),
    (
        "A spokesman called the accusations groundless.",
        "accusations",
        Denied,
    ),
    (
        "Moscow has denied any involvement in the cyberattack.",
        "involvement",
        Denied,
    ),
    (
        "The prime minister resigned on Wednesday after weeks of protests.",
        "resigned",
        Occurred,
    ),
    (
        "Border guards seized 40 kilograms of heroin near the Afghan border.",
        "seized",
        Occurred,
    ),
    (
        "Uzbekistan and Tajikistan reopened six border crossings in March.",
        "reopened",
        Occurred,
    ),
    (
        "The president signed a decree that dissolved the lower house.",
        "dissolved",
        Occurred,
    ),
    (
        "Without warning, the authorities cut internet access across the region.",
        "internet",
        Occurred,
    ),
    // A third batch, also run once before any change (figures in the commit message).
    (
        "The two presidents discussed regional security over dinner.",
        "discussed",
        Occurred,
    ),
    (
        "Lawmakers overwhelmingly approved the amendment on Thursday.",
        "approved",
        Occurred,
    ),
    (
        "The agreement has not been published.",
        "published",
        Rejected,
    ),
    (
        "A spokeswoman for the ministry declined to confirm the figure.",
        "confirm",
        Rejected,
    ),
    (
        "The visit, originally planned for October, was cancelled.",
        "cancelled",
        Rejected,
    ),
    (
        "Police are investigating whether the explosion was deliberate.",
        "explosion",
        Hypothetical,
    ),
    (
        "Kazakh troops will take part in the drills for the first time.",
        "drills",
        Planned,
    ),
    (
        "The rebels say they captured two armoured vehicles.",
        "captured",
        Claimed,
    ),
    (
        "It remains unclear whether the convoy reached the city.",
        "convoy",
        Hypothetical,
    ),
    (
        "Ankara threatened to close its airspace to the flights.",
        "airspace",
        Hypothetical,
    ),
    (
        "The envoy is expected in Tbilisi later this month.",
        "envoy",
        Planned,
    ),
    (
        "No decision on the deployment has been taken yet.",
        "decision",
        Rejected,
    ),
    (
        "The minister stressed that Astana would never join a military bloc.",
        "join",
        Rejected,
    ),
    (
        "Both countries have pledged not to use force.",
        "force",
        Rejected,
    ),
    (
        "The talks are unlikely to produce a breakthrough.",
        "breakthrough",
        Hypothetical,
    ),
    (
        "Three people were detained on suspicion of spying for a foreign state.",
        "detained",
        Occurred,
    ),
    (
        "The blast was allegedly caused by a faulty gas pipe.",
        "caused",
        Claimed,
    ),
    (
        "Officials have repeatedly denied receiving any request from Kabul.",
        "request",
        Denied,
    ),
    (
        "The ministry plans to buy 12 helicopters and train 40 pilots by 2026.",
        "train",
        Planned,
    ),
    (
        "If confirmed, the sale would be the largest arms deal in the region's history.",
        "largest",
        Hypothetical,
    ),
    (
        "The security council met behind closed doors but issued no statement.",
        "issued",
        Rejected,
    ),
    (
        "The security council met behind closed doors but issued no statement.",
        "met",
        Occurred,
    ),
];

#[test]
fn clause_status_accuracy() {
    let mut right = 0;
    let mut wrong = Vec::new();
    for &(text, probe, want) in CASES {
        let at = text.find(probe).unwrap();
        let ann = annotate(text, None);
        let got = ann
            .modality
            .iter()
            .find(|m| m.start <= at && at < m.end)
            .map(|m| (m.status, m.cue.clone(), &text[m.start..m.end]));
        match got {
            Some((status, _, _)) if status == want => right += 1,
            _ => wrong.push(format!("{text:?} @ {probe:?}: want {want:?}, got {got:?}")),
        }
    }
    let accuracy = f64::from(right) / CASES.len() as f64;
    println!(
        "modality: {right}/{} clause cases right, accuracy {accuracy:.3}",
        CASES.len()
    );
    for w in &wrong {
        println!("  miss: {w}");
    }
    assert!(CASES.len() >= 40);
    assert!(accuracy >= 0.85, "accuracy {accuracy:.3} below 0.85");
}

#[test]
fn every_status_is_covered() {
    for s in [Occurred, Planned, Rejected, Hypothetical, Claimed, Denied] {
        assert!(CASES.iter().filter(|c| c.2 == s).count() >= 4, "{s:?}");
    }
}
