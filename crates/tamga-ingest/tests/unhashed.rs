//! `read::open_unhashed` gives the records `read::open` gives, but for their empty raw hash,
//! and `encoding::decode_owned` the text `encoding::decode` gives, for every kind of input.

use std::io::Write;
use tamga_ingest::read::{self, encoding};
use tamga_ingest::Limits;

/// Each record as `Debug` prints it, with its raw hash taken out and given beside it.
fn records(path: &std::path::Path, hashed: bool) -> Vec<(String, String)> {
    let opened = if hashed {
        read::open(path, &Limits::default())
    } else {
        read::open_unhashed(path, &Limits::default())
    };
    let Ok(records) = opened else {
        panic!("cannot open {}", path.display());
    };
    records
        .map(|r| match r {
            Ok(mut rec) => {
                let hash = std::mem::take(&mut rec.raw_hash);
                (format!("{rec:?}"), hash)
            }
            Err(e) => (format!("error: {e}"), String::new()),
        })
        .collect()
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(bytes).expect("gzip into memory");
    gz.finish().expect("gzip into memory")
}

#[test]
fn unhashed_records_are_the_hashed_ones_without_the_hash() {
    let warc = "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://example.com/a\r\n\
                Content-Type: application/http; msgtype=response\r\nContent-Length: 98\r\n\r\n\
                HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><body><p>Troops left \
                the town.</p></body></html>\r\n\r\n";
    let inputs: Vec<(&str, Vec<u8>)> = vec![
        ("a.txt", b"Troops left the town on Monday.\n\nTalks resume.".to_vec()),
        (
            "b.html",
            b"<html><head><title>T</title></head><body><p>Troops left.</p></body></html>".to_vec(),
        ),
        ("c.txt.gz", gzip("Qazaqstan talks — resumed.".as_bytes())),
        (
            "d.jsonl",
            b"{\"url\":\"http://e.com/1\",\"text\":\"One.\"}\n{\"url\":\"http://e.com/2\",\"text\":\"Two.\"}\n"
                .to_vec(),
        ),
        (
            "e.json",
            b"[{\"url\":\"http://e.com/1\",\"text\":\"One.\"},{\"url\":\"http://e.com/2\",\"text\":\"Two.\"}]"
                .to_vec(),
        ),
        ("f.warc", warc.as_bytes().to_vec()),
        (
            "g.xml",
            b"<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>F</title><item>\
              <title>I</title><link>http://e.com/i</link><description>Troops left.</description>\
              </item></channel></rss>"
                .to_vec(),
        ),
    ];
    let dir = tempfile::tempdir().expect("a temporary directory");
    for (name, bytes) in inputs {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).expect("write the input");
        let hashed = records(&path, true);
        let unhashed = records(&path, false);
        assert!(!hashed.is_empty(), "{name}");
        assert_eq!(hashed.len(), unhashed.len(), "{name}");
        for ((h, h_hash), (u, u_hash)) in hashed.iter().zip(&unhashed) {
            assert_eq!(h, u, "{name}");
            assert!(u_hash.is_empty(), "{name}");
            assert_eq!(h_hash.is_empty(), h.starts_with("error"), "{name}: {h}");
        }
    }
}

#[test]
fn owned_decoding_is_borrowed_decoding() {
    let long_ascii = "Troops left the town. ".repeat(60_000);
    let mut long_bad = long_ascii.clone().into_bytes();
    long_bad.extend_from_slice(b"caf\xe9 ");
    long_bad.extend_from_slice(long_ascii.as_bytes());
    let inputs: Vec<Vec<u8>> = vec![
        Vec::new(),
        b"plain ASCII".to_vec(),
        "Қазақстан — café".as_bytes().to_vec(),
        b"\xef\xbb\xbfwith a UTF-8 BOM".to_vec(),
        b"\xff\xfew\x00i\x00d\x00e\x00".to_vec(),
        b"caf\xe9 in Latin-1".to_vec(),
        b"broken \xc3 UTF-8".to_vec(),
        long_ascii.into_bytes(),
        long_bad,
    ];
    for bytes in inputs {
        for html in [false, true] {
            let want = encoding::decode(&bytes, None, html).into_owned();
            assert_eq!(encoding::decode_owned(bytes.clone(), None, html), want);
            let declared = encoding::decode(&bytes, Some("windows-1252"), html).into_owned();
            assert_eq!(
                encoding::decode_owned(bytes.clone(), Some("windows-1252"), html),
                declared
            );
        }
    }
}
