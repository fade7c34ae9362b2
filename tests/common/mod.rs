//! The integration tests' harness: real emulators on loopback, not fakes.
//!
//! `AwsEnv` starts moto_server and the recording/fault-injecting proxy (`scripts/aws-proxy.py`) in
//! front of it, runs the real `albctl` binary against the proxy, and gives tests an SDK config that
//! talks to moto directly (so fixture and assertion calls stay out of the proxy's log). Nothing
//! here may reach a real AWS endpoint: every URL is 127.0.0.1.

// NB: test modules use different subsets of these helpers; unused ones are not dead code.
#![allow(dead_code, unused_imports)]

pub mod bundle_server;
pub mod eks_double;
pub mod env;
pub mod fixture;
pub mod gateway;
pub mod gateway_api;
pub mod kube;
pub mod lbc;
pub mod moto;
pub mod proxy;
pub mod snapshot;
pub mod state;
pub mod wait;
pub mod world;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

pub use env::AwsEnv;
pub use fixture::Fixture;
pub use moto::Moto;
pub use proxy::{AwsProxy, Call, CallLog};
pub use world::World;

/// Test credentials for moto (it accepts any; these are the SDK examples' conventional values).
pub const TEST_ACCESS_KEY: &str = "testing";
/// Secret key matching [`TEST_ACCESS_KEY`].
pub const TEST_SECRET_KEY: &str = "testing";
/// The region every harness test uses.
pub const TEST_REGION: &str = "us-west-2";

/// An HTTP answer from [`http_request`].
#[derive(Debug)]
pub struct HttpResponse {
    /// Status code.
    pub status: u16,
    /// Headers as sent (names as the server spelled them).
    pub headers: Vec<(String, String)>,
    /// Body, decoded from chunked transfer encoding if need be.
    pub body: String,
}

/// A minimal HTTP/1.1 client over `std::net::TcpStream` for loopback servers (moto, the proxy).
///
/// Exists so the harness can send requests the SDK refuses to build (a CreateCluster with the
/// output-only `vpcId`) and poll readiness, without another crate. `url` is `http://host:port`.
pub fn http_request(
    url: &str,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> std::io::Result<HttpResponse> {
    let authority = url.strip_prefix("http://").unwrap_or(url).trim_end_matches('/');
    let mut stream = TcpStream::connect(authority)?;
    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
    let mut request = format!("{method} {path} HTTP/1.1\r\nHost: {authority}\r\nConnection: close\r\n");
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
    stream.write_all(request.as_bytes())?;
    stream.write_all(body)?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw)?;
    parse_response(&raw).ok_or_else(|| std::io::Error::other(format!("malformed HTTP response from {url}{path}")))
}

fn parse_response(raw: &[u8]) -> Option<HttpResponse> {
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = std::str::from_utf8(&raw[..split]).ok()?;
    let mut lines = head.split("\r\n");
    let status = lines.next()?.split_whitespace().nth(1)?.parse().ok()?;
    let headers: Vec<(String, String)> =
        lines.filter_map(|l| l.split_once(':')).map(|(k, v)| (k.trim().to_string(), v.trim().to_string())).collect();
    let mut body = raw[split + 4..].to_vec();
    let chunked = headers.iter().any(|(k, v)| k.eq_ignore_ascii_case("transfer-encoding") && v.contains("chunked"));
    if chunked {
        body = dechunk(&body)?;
    }
    Some(HttpResponse { status, headers, body: String::from_utf8_lossy(&body).into_owned() })
}

fn dechunk(mut rest: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let eol = rest.windows(2).position(|w| w == b"\r\n")?;
        let size_text = std::str::from_utf8(&rest[..eol]).ok()?;
        let size = usize::from_str_radix(size_text.split(';').next()?.trim(), 16).ok()?;
        rest = &rest[eol + 2..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(rest.get(..size)?);
        rest = rest.get(size + 2..)?;
    }
}

/// The last `lines` lines of a log file, for panic messages.
pub fn log_tail(path: &std::path::Path, lines: usize) -> String {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| format!("<cannot read {}: {e}>", path.display()));
    let all: Vec<&str> = text.lines().collect();
    all[all.len().saturating_sub(lines)..].join("\n")
}

/// A process's stdout as text.
pub fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A process's stderr as text.
pub fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Asserts the exit code, showing both streams when it differs.
#[track_caller]
pub fn assert_exit(out: &std::process::Output, code: i32) {
    assert_eq!(out.status.code(), Some(code), "stdout:\n{}\nstderr:\n{}", stdout(out), stderr(out));
}

/// Parses stdout as one JSON document, showing both streams when it is not.
pub fn json_of(out: &std::process::Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("not JSON ({e}):\n{}\n{}", stdout(out), stderr(out)))
}
