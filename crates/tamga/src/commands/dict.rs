//! `tamga dict stats`: entry counts per dictionary file — PETRARCH files by kind (actors,
//! agents, verbs, discards, issues) and tamga's TOML dictionaries — so that users see what a
//! `--dict` file contributes. Without `--dict`, the shipped and bundled dictionaries.

use crate::cli::{DictCommand, DictStatsArgs};
use anyhow::Context;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;
use tamga_actors::petrarch::{self, Stats};
use tamga_actors::{own, Dictionary};

pub fn run(cmd: &DictCommand) -> anyhow::Result<ExitCode> {
    match cmd {
        DictCommand::Stats(args) => stats(args),
    }
}

fn stats(args: &DictStatsArgs) -> anyhow::Result<ExitCode> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let started = Instant::now();
    let mut failed = false;
    if args.dicts.is_empty() {
        let shipped = own::shipped().context("loading the shipped dictionaries")?;
        writeln!(
            out,
            "{}",
            toml_stats("data/actors (shipped)", &shipped.dictionary)
        )?;
        for (name, _) in petrarch::BUNDLED {
            let loaded = petrarch::load_bundled(name)?;
            writeln!(out, "{}", petrarch::stats(&loaded))?;
        }
    }
    for path in files(&args.dicts) {
        let is_toml = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("toml"));
        let line = if is_toml {
            own::load(&path).map(|l| toml_stats(&path.display().to_string(), &l.dictionary))
        } else {
            petrarch::load_any(&path).map(|l| petrarch::stats(&l).to_string())
        };
        match line {
            Ok(line) => writeln!(out, "{line}")?,
            Err(e) => {
                // One bad file should not hide the counts of the others.
                eprintln!("error: {e}");
                failed = true;
            }
        }
    }
    eprintln!("loaded in {:.3}s", started.elapsed().as_secs_f64());
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// The files named: files as they are, directories expanded to their files (sorted, hidden
/// files and README/LICENSE texts left out).
fn files(paths: &[PathBuf]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut inside: Vec<PathBuf> = std::fs::read_dir(p)
                .map(|rd| {
                    rd.flatten()
                        .map(|e| e.path())
                        .filter(|f| is_dictionary(f))
                        .collect()
                })
                .unwrap_or_default();
            inside.sort();
            out.extend(inside);
        } else {
            out.push(p.clone());
        }
    }
    out
}

fn is_dictionary(f: &Path) -> bool {
    let name = f
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    f.is_file()
        && !name.starts_with('.')
        && !name.starts_with("readme")
        && !name.starts_with("license")
}

/// One line of counts for a tamga TOML dictionary, in the shape of PETRARCH's [`Stats`].
fn toml_stats(file: &str, d: &Dictionary) -> String {
    let s = Stats {
        file: file.to_string(),
        actors: d.actors.len(),
        phrases: d.actors.iter().map(|a| a.phrases.len()).sum::<usize>()
            + d.agents.iter().map(|a| a.phrases.len()).sum::<usize>(),
        role_spans: d.actors.iter().map(|a| a.roles.len()).sum(),
        dated_role_spans: d
            .actors
            .iter()
            .flat_map(|a| &a.roles)
            .filter(|r| r.from.is_some() || r.to.is_some())
            .count(),
        actors_with_dates: d
            .actors
            .iter()
            .filter(|a| a.roles.iter().any(|r| r.from.is_some() || r.to.is_some()))
            .count(),
        agents: d.agents.len(),
        ..Stats::default()
    };
    // Stats prints its kind in brackets; a TOML file has no PETRARCH kind.
    s.to_string().replacen(" ():", " (tamga toml):", 1)
}
