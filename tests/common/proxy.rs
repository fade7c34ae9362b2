//! Drives `scripts/aws-proxy.py`, the recording and fault-injecting proxy in front of moto.
//!
//! Tests assert on what the albctl binary actually sent (operations, write or read, how many)
//! and inject throttling, 5xx and dropped connections that moto never produces. The proxy's
//! JSON-lines log is read straight from its file, so a test sees every call the proxy finished.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdout, Command, Stdio};

use serde::Deserialize;

use super::{http_request, log_tail};

/// A running `aws-proxy.py`; killed on drop.
pub struct AwsProxy {
    /// Base URL, `http://127.0.0.1:PORT`: what `AWS_ENDPOINT_URL` points at.
    pub url: String,
    child: Child,
    log: PathBuf,
    // Held open so a late write by the proxy never meets a closed pipe.
    _stdout: BufReader<ChildStdout>,
    _dir: tempfile::TempDir,
}

/// One request the proxy saw (one line of its log).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Call {
    /// 1-based request number since start or the last reset.
    pub seq: u64,
    /// SigV4 signing name from the credential scope: `iam`, `sts`, `ec2`, `eks`.
    pub service: String,
    /// Operation name, e.g. `CreateRole`; EKS REST calls are named by botocore's EKS model
    /// (`EKS:<METHOD> <path>` when no route of the model matches).
    pub operation: String,
    /// Whether the operation changes state (not Get*/List*/Describe*).
    pub write: bool,
    /// HTTP status returned to the client; 0 when the connection was dropped.
    pub status: u16,
    /// The injected fault: `throttle`, `500`, `503`, `drop` or `delay`.
    pub fault: Option<String>,
    /// The write that `--hold-after-write` forwarded and then never answered.
    #[serde(default)]
    pub held: bool,
    /// `EksDouble` when the proxy's EKS test double answered instead of moto.
    #[serde(default)]
    pub double: Option<String>,
    /// What broke botocore's EKS model, when the double refused a request or an answer.
    #[serde(default)]
    pub model_violation: Option<String>,
    /// When the request arrived (Unix seconds).
    #[serde(default)]
    pub start: f64,
    /// When its answer was sent (Unix seconds; 0 if never).
    #[serde(default)]
    pub end: f64,
}

/// Queries over a list of [`Call`]s (`proxy.calls().writes()`).
pub trait CallLog {
    /// The calls that change state.
    fn writes(&self) -> Vec<&Call>;
    /// The calls that only read.
    fn reads(&self) -> Vec<&Call>;
    /// How many calls had this operation name.
    fn count(&self, operation: &str) -> usize;
    /// Operation names in order, handy for `assert_eq!` and failure messages.
    fn operations(&self) -> Vec<&str>;
    /// Sequential round trips: the longest chain of calls each sent after the previous one was
    /// answered (calls that overlap count once).
    fn round_trips(&self) -> usize;
}

impl CallLog for [Call] {
    fn writes(&self) -> Vec<&Call> {
        self.iter().filter(|c| c.write).collect()
    }

    fn reads(&self) -> Vec<&Call> {
        self.iter().filter(|c| !c.write).collect()
    }

    fn count(&self, operation: &str) -> usize {
        self.iter().filter(|c| c.operation == operation).count()
    }

    fn operations(&self) -> Vec<&str> {
        self.iter().map(|c| c.operation.as_str()).collect()
    }

    fn round_trips(&self) -> usize {
        let mut calls: Vec<&Call> = self.iter().collect();
        calls.sort_by(|a, b| a.start.total_cmp(&b.start));
        // depth[i]: the longest chain ending with call i.
        let mut depth = vec![1usize; calls.len()];
        for i in 0..calls.len() {
            for j in 0..i {
                if calls[j].end <= calls[i].start {
                    depth[i] = depth[i].max(depth[j] + 1);
                }
            }
        }
        depth.into_iter().max().unwrap_or(0)
    }
}

impl AwsProxy {
    /// Starts the proxy in front of `upstream` with extra command-line `options`
    /// (e.g. `["--faults", "throttle", "--fault-at", "1"]`; see the script's header).
    pub fn start(upstream: &str, options: &[&str]) -> AwsProxy {
        let dir = tempfile::tempdir().expect("creating a temp dir for the proxy log");
        let log = dir.path().join("calls.jsonl");
        let stderr_path = dir.path().join("proxy.stderr");
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/aws-proxy.py");
        let mut child = Command::new("python3")
            .arg(&script)
            .args(["--upstream", upstream, "--port", "0", "--log"])
            .arg(&log)
            .args(options)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(std::fs::File::create(&stderr_path).expect("creating the proxy stderr file"))
            .spawn()
            .unwrap_or_else(|e| panic!("starting python3 {}: {e}", script.display()));
        let mut stdout = BufReader::new(child.stdout.take().expect("proxy stdout is piped"));
        let mut first = String::new();
        // NB: blocks until the proxy prints its first line or exits (EOF); it prints before serving.
        let _ = stdout.read_line(&mut first);
        let Some(url) = first.trim().strip_prefix("listening ").map(str::to_string) else {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "aws-proxy.py did not start (first line {first:?}; options {options:?})\n--- stderr ---\n{}",
                log_tail(&stderr_path, 30)
            );
        };
        AwsProxy { url, child, log, _stdout: stdout, _dir: dir }
    }

    /// Every call logged since start or the last [`AwsProxy::reset`], in order.
    pub fn calls(&self) -> Vec<Call> {
        let text = std::fs::read_to_string(&self.log).expect("reading the proxy log");
        text.lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("bad proxy log line {l:?}: {e}")))
            .collect()
    }

    /// Empties the log and restarts the request count (`--fault-at` counts from here).
    pub fn reset(&self) {
        let resp = http_request(&self.url, "POST", "/__proxy/reset", &[], b"").expect("POST /__proxy/reset");
        assert_eq!(resp.status, 204, "proxy reset answered {resp:?}");
    }

    /// Waits until the proxy holds a write (`--hold-after-write`); false if it has not within `timeout`.
    pub fn wait_for_held(&self, timeout: std::time::Duration) -> bool {
        let start = std::time::Instant::now();
        while start.elapsed() < timeout {
            // NB: raw text, not `calls()`: a line the proxy is still writing must not fail a parse.
            if std::fs::read_to_string(&self.log).is_ok_and(|t| t.contains("\"held\": true")) {
                return true;
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        false
    }

    /// The path of the JSON-lines call log.
    pub fn log_path(&self) -> &Path {
        &self.log
    }
}

impl Drop for AwsProxy {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
