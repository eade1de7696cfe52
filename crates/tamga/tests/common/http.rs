//! A spawned `tamga serve` and raw HTTP/1.1 requests to it, for the server's tests: the
//! requests are written by hand so that tests can send what a client library would refuse
//! (hostile paths, wrong hosts, oversized bodies).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};

use super::{run_ok, seeds, tamga};
use serde_json::Value;

pub const TOKEN: &str = "s3cret-test-token";

/// A running server, stopped when dropped.
pub struct Server {
    pub child: Child,
    pub addr: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn seeded() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("t.db");
    run_ok(tamga().arg("--db").arg(&db).arg("run").arg(seeds()));
    (tmp, db)
}

/// `tamga --db DB serve` on a free loopback port with the test token, `extra` flags after.
pub fn serve(db: &Path, extra: &[&str]) -> Server {
    let token = db.with_extension("token");
    std::fs::write(&token, format!("{TOKEN}\n")).unwrap();
    spawn(db.as_os_str(), &token, extra, &[], Stdio::null())
}

/// `tamga --db TARGET serve --addr 127.0.0.1:0 --token-file TOKEN EXTRA...` with `env` set
/// and its stderr sent to `stderr`; returns once it listens.
pub fn spawn(
    target: &std::ffi::OsStr,
    token_file: &Path,
    extra: &[&str],
    env: &[(&str, &str)],
    stderr: impl Into<Stdio>,
) -> Server {
    let mut child = tamga()
        .envs(env.iter().copied())
        .arg("--db")
        .arg(target)
        .args(["serve", "--addr", "127.0.0.1:0", "--token-file"])
        .arg(token_file)
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(stderr)
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let addr = line
        .trim()
        .strip_prefix("listening on http://")
        .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
        .to_owned();
    Server { child, addr }
}

pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&self.body)))
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// One HTTP/1.1 request on its own connection (the server closes it after the response).
pub fn request(
    s: &Server,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Response {
    let mut conn = TcpStream::connect(&s.addr).unwrap();
    // The server's own address as Host, unless the test gives one.
    let host = if headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("host")) {
        String::new()
    } else {
        format!("Host: {}\r\n", s.addr)
    };
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\n{host}Connection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    conn.write_all(head.as_bytes()).unwrap();
    // A refused upload may be answered before the whole body is sent.
    let _ = conn.write_all(body);
    let mut raw = Vec::new();
    let _ = conn.read_to_end(&mut raw);
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.lines();
    let status = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
        .collect();
    let mut body = raw[split + 4..].to_vec();
    let chunked = headers
        .iter()
        .any(|(k, v)| k.eq_ignore_ascii_case("transfer-encoding") && v.contains("chunked"));
    if chunked {
        body = dechunk(&body);
    }
    Response {
        status,
        headers,
        body,
    }
}

fn dechunk(mut b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let end = b.windows(2).position(|w| w == b"\r\n").unwrap();
        let size =
            usize::from_str_radix(std::str::from_utf8(&b[..end]).unwrap().trim(), 16).unwrap();
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&b[end + 2..end + 2 + size]);
        b = &b[end + 2 + size + 2..];
    }
}

pub fn get(s: &Server, path: &str) -> Response {
    request(s, "GET", path, &[], b"")
}

pub fn get_ok(s: &Server, path: &str) -> Value {
    let r = get(s, path);
    assert_eq!(
        r.status,
        200,
        "{path}: {}",
        String::from_utf8_lossy(&r.body)
    );
    r.json()
}
