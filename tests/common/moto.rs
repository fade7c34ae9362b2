//! One moto_server process per test, on a free loopback port.
//!
//! Each test gets its own emulator so tests run in parallel without sharing state (moto's
//! `/moto-api/reset` would wipe a neighbour's fixture). Startup is about 1.5 s. The process is
//! killed when the `Moto` value is dropped, also when the test panics.

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::{http_request, log_tail};

const READY_TIMEOUT: Duration = super::wait::PATIENCE;
const BIND_ATTEMPTS: usize = 5;
const INSTALL_HINT: &str = "run scripts/test-deps.sh (it installs moto[server]==5.2.1)";

/// A running moto_server; killed on drop.
pub struct Moto {
    /// Base URL, `http://127.0.0.1:PORT`.
    pub url: String,
    child: Child,
    log: PathBuf,
    _dir: tempfile::TempDir,
}

impl Moto {
    /// Starts moto_server on a free loopback port and waits until it answers.
    ///
    /// Panics with the server's log tail if it does not come up within 30 s, and with a pointer
    /// to `scripts/test-deps.sh` if `moto_server` is not installed.
    pub fn start() -> Moto {
        let dir = tempfile::tempdir().expect("creating a temp dir for the moto log");
        let log = dir.path().join("moto.log");
        for _ in 0..BIND_ATTEMPTS {
            // NB: the port is free when we look; another process may take it before moto binds,
            // which is why a bind failure is retried with a new port.
            let port = free_port();
            let url = format!("http://127.0.0.1:{port}");
            let out = std::fs::File::create(&log).expect("creating the moto log");
            let err = out.try_clone().expect("cloning the moto log handle");
            let mut child = match Command::new("moto_server")
                .args(["-H", "127.0.0.1", "-p", &port.to_string()])
                .stdin(Stdio::null())
                .stdout(out)
                .stderr(err)
                .spawn()
            {
                Ok(child) => child,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    panic!("moto_server is not on PATH: {INSTALL_HINT}")
                }
                Err(e) => panic!("starting moto_server: {e}; {INSTALL_HINT}"),
            };
            match wait_ready(&mut child, &url, &log) {
                Ready::Yes => return Moto { url, child, log, _dir: dir },
                Ready::AddressInUse => continue,
                Ready::Exited(status) => panic!(
                    "moto_server exited ({status}) before answering; {INSTALL_HINT}\n--- moto log ---\n{}",
                    log_tail(&log, 30)
                ),
                Ready::TimedOut => {
                    let _ = child.kill();
                    let _ = child.wait();
                    panic!(
                        "moto_server at {url} did not answer GET /moto-api/ within {READY_TIMEOUT:?}\n\
                         --- moto log ---\n{}",
                        log_tail(&log, 30)
                    );
                }
            }
        }
        panic!("moto_server could not bind a free port in {BIND_ATTEMPTS} attempts\n{}", log_tail(&log, 30))
    }

    /// Empties every backend (`POST /moto-api/reset`). A reset moto builds the fixture in about
    /// 0.5 s where a fresh one takes about 4 s (its first EC2 calls load the region's data), so
    /// tests that need many fresh accounts reuse one moto per worker.
    pub fn reset(&self) {
        let resp = http_request(&self.url, "POST", "/moto-api/reset", &[], b"").expect("POST /moto-api/reset");
        assert_eq!(resp.status, 200, "moto reset answered {resp:?}");
    }

    /// The path of moto's combined stdout/stderr log.
    pub fn log_path(&self) -> &std::path::Path {
        &self.log
    }
}

enum Ready {
    Yes,
    AddressInUse,
    Exited(String),
    TimedOut,
}

/// Polls `GET /moto-api/` until it answers 200, the child exits, or the timeout passes.
fn wait_ready(child: &mut Child, url: &str, log: &std::path::Path) -> Ready {
    let start = Instant::now();
    loop {
        if let Ok(Some(status)) = child.try_wait() {
            let tail = log_tail(log, 30);
            return if tail.contains("Address already in use") {
                Ready::AddressInUse
            } else {
                Ready::Exited(status.to_string())
            };
        }
        if http_request(url, "GET", "/moto-api/", &[], b"").is_ok_and(|r| r.status == 200) {
            return Ready::Yes;
        }
        if start.elapsed() > READY_TIMEOUT {
            return Ready::TimedOut;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A loopback port that was free a moment ago.
pub fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("binding 127.0.0.1:0");
    listener.local_addr().expect("reading the bound address").port()
}
