//! The digest of the seeds' store rendered in headless Chromium: the page loads, its DOM has
//! the timeline chart and the top clusters, and a screenshot is kept (path printed). Chromium
//! is required (CI installs it); locally `TAMGA_SKIP_CHROMIUM=1` skips with a message.

#![allow(clippy::unwrap_used)]

mod common;

use common::{run_ok, seeds, tamga};
use std::path::PathBuf;
use std::process::Command;

fn chromium() -> Option<PathBuf> {
    if let Ok(p) = std::env::var("CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    [
        "chromium",
        "chromium-browser",
        "google-chrome",
        "google-chrome-stable",
    ]
    .iter()
    .find_map(|name| {
        std::env::var_os("PATH").and_then(|paths| {
            std::env::split_paths(&paths)
                .map(|d| d.join(name))
                .find(|p| p.is_file())
        })
    })
}

#[test]
fn seeds_digest_renders_in_headless_chromium() {
    let Some(browser) = chromium() else {
        let in_ci = std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "0" && v != "false");
        let skip = std::env::var("TAMGA_SKIP_CHROMIUM").is_ok_and(|v| v == "1");
        assert!(
            skip && !in_ci,
            "Chromium not found (set CHROMIUM=/path, or TAMGA_SKIP_CHROMIUM=1 outside CI)"
        );
        eprintln!("skipping: Chromium not found and TAMGA_SKIP_CHROMIUM=1");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("seeds.db");
    run_ok(tamga().arg("--db").arg(&db).arg("run").arg(seeds()));
    let report = dir.path().join("digest.html");
    run_ok(
        tamga()
            .arg("--db")
            .arg(&db)
            .args(["digest", "--since", "1990", "--until", "2026", "--out"])
            .arg(&report),
    );
    let url = format!("file://{}", report.display());
    let headless = |extra: &[&str]| {
        let mut cmd = Command::new(&browser);
        cmd.args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--hide-scrollbars",
        ])
        .arg(format!(
            "--user-data-dir={}",
            dir.path().join("profile").display()
        ))
        .args(extra)
        .arg(&url);
        cmd.output().unwrap()
    };
    let dom = headless(&["--dump-dom"]);
    assert!(
        dom.status.success(),
        "{}",
        String::from_utf8_lossy(&dom.stderr)
    );
    let dom = String::from_utf8_lossy(&dom.stdout);
    // Parsed by the browser: the SVG is in the DOM with its bars, and the clusters are there.
    assert!(
        dom.contains("<svg") && dom.matches("<rect").count() > 5,
        "no chart in the DOM"
    );
    assert!(dom.contains("Top clusters"));
    assert!(
        dom.matches("class=\"cluster\"").count() >= 5,
        "top clusters missing"
    );
    let shot = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("digest-seeds.png");
    let _ = std::fs::remove_file(&shot);
    let out = headless(&[
        &format!("--screenshot={}", shot.display()),
        "--window-size=900,1600",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let png = std::fs::read(&shot).unwrap();
    assert!(
        png.starts_with(b"\x89PNG") && png.len() > 10_000,
        "screenshot empty"
    );
    let kept = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("digest-seeds.html");
    std::fs::copy(&report, &kept).unwrap();
    eprintln!(
        "screenshot kept at {} (page at {})",
        shot.display(),
        kept.display()
    );
}
