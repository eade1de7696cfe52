//! Diagnosis aid: prints the element chain above the text containing NEEDLE in a page
//! (`.html` or `.html.gz`), with each element's class/id and whether it was kept.
//!
//! `cargo run --release -p tamga-ingest --example explain -- PAGE NEEDLE`

use std::io::Read;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (Some(path), Some(needle)) = (args.next(), args.next()) else {
        return Err("usage: explain PAGE NEEDLE".into());
    };
    let mut bytes = Vec::new();
    std::fs::File::open(&path)?.read_to_end(&mut bytes)?;
    if path.ends_with(".gz") {
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(&bytes[..]).read_to_end(&mut out)?;
        bytes = out;
    }
    let html = tamga_ingest::read::encoding::decode(&bytes, None, true);
    print!("{}", tamga_ingest::html::explain(&html, &needle));
    Ok(())
}
