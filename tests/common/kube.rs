//! A real kube-apiserver (built by `scripts/test-deps.sh` from the Go module proxy: the newest
//! Kubernetes minor EKS offers, and the oldest it still supports) with its own etcd, for tests.
//!
//! Exists so albctl's Kubernetes code is tested against the real API server's validation,
//! server-side apply and RBAC rather than against fakes (design section 8). Every server binds
//! loopback ports that were free when it started, keeps its data in a temporary directory and
//! an etcd prefix of its own, and is killed on Drop (a watchdog kills it too if the test process
//! dies first). There is no kubelet or controller-manager: tests mark Deployments Available and
//! give Services endpoints with the helpers below. Nothing here touches a real cluster.

#![allow(dead_code)]

use std::fs;
use std::io::{Read as _, Seek as _, SeekFrom, Write as _};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::time::{Duration, Instant};

use k8s_openapi::api::apps::v1::Deployment;
use k8s_openapi::api::discovery::v1::EndpointSlice;
use k8s_openapi::apiextensions_apiserver::pkg::apis::apiextensions::v1::CustomResourceDefinition;
use kube::api::{Api, DynamicObject, Patch, PatchParams};
use kube::core::GroupVersionKind;
use kube::discovery::{Discovery, Scope};
use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, Issuer, KeyPair, KeyUsagePurpose};
use serde_json::Value;
use serde_json::json;

/// How long the API server may take to answer `/readyz` with 200.
const READY_TIMEOUT: Duration = super::wait::PATIENCE;
/// Field manager of the writes these helpers make.
const TEST_MANAGER: &str = "albctl-test";

static SERIAL: AtomicU32 = AtomicU32::new(0);

/// A running etcd + kube-apiserver pair on loopback.
pub struct KubeApiServer {
    /// `https://127.0.0.1:<port>`.
    pub url: String,
    /// PEM file with the CA that signed the server's certificate.
    pub ca_file: PathBuf,
    /// Bearer token of an administrator (group `system:masters`).
    pub token: String,
    /// Bearer token of a user with no RBAC bindings at all (for Forbidden paths).
    pub unprivileged_token: String,
    /// How long the server took to become ready.
    pub startup: Duration,
    ca_der: Vec<u8>,
    extra: Vec<String>,
    dir: tempfile::TempDir,
    etcd: Child,
    apiserver: Child,
    watchdog: Option<(Child, ChildStdin)>,
}

/// The API server every test runs on unless it asks for another: the newest Kubernetes minor EKS
/// offers. Must match `KUBE_CURRENT` in `scripts/test-deps.sh`.
pub const CURRENT_VERSION: &str = "v1.37.2";
/// The oldest minor EKS still supports (extended support) that the Go module proxy serves, for the
/// smaller matrix. Must match `KUBE_OLDEST` in `scripts/test-deps.sh`.
pub const OLDEST_VERSION: &str = "v1.32.13";
/// The etcd both servers store in. Must match `ETCD_VERSION` in `scripts/test-deps.sh`.
pub const ETCD_VERSION: &str = "v3.6.17";

/// Which kube-apiserver build a test runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Server {
    /// [`CURRENT_VERSION`].
    Current,
    /// [`OLDEST_VERSION`].
    Oldest,
}

impl Server {
    /// The `gitVersion` the server reports.
    pub fn version(self) -> &'static str {
        match self {
            Server::Current => CURRENT_VERSION,
            Server::Oldest => OLDEST_VERSION,
        }
    }

    /// `(major, minor)` of [`Server::version`], as albctl reads a server's version.
    pub fn major_minor(self) -> (u32, u32) {
        let mut parts = self.version().trim_start_matches('v').split('.').map(|p| p.parse::<u32>().expect("a number"));
        (parts.next().expect("a major"), parts.next().expect("a minor"))
    }

    /// The binary: `$ALBCTL_TEST_KUBE_APISERVER` (current) or `$ALBCTL_TEST_KUBE_APISERVER_OLDEST`,
    /// else `${ALBCTL_CACHE:-$HOME/.cache/albctl}/bin/kube-apiserver-<version>`.
    pub fn binary(self) -> PathBuf {
        let var = match self {
            Server::Current => "ALBCTL_TEST_KUBE_APISERVER",
            Server::Oldest => "ALBCTL_TEST_KUBE_APISERVER_OLDEST",
        };
        std::env::var_os(var)
            .map(PathBuf::from)
            .unwrap_or_else(|| cache_dir().join(format!("bin/kube-apiserver-{}", self.version())))
    }
}

fn cache_dir() -> PathBuf {
    std::env::var_os("ALBCTL_CACHE")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(std::env::var_os("HOME").expect("HOME is not set")).join(".cache/albctl"))
}

/// The current kube-apiserver binary (see [`Server::binary`]).
pub fn apiserver_binary() -> PathBuf {
    Server::Current.binary()
}

/// The etcd binary: `$ALBCTL_TEST_ETCD`, else `${ALBCTL_CACHE:-$HOME/.cache/albctl}/bin/etcd-<version>`.
pub fn etcd_binary() -> PathBuf {
    std::env::var_os("ALBCTL_TEST_ETCD")
        .map(PathBuf::from)
        .unwrap_or_else(|| cache_dir().join(format!("bin/etcd-{ETCD_VERSION}")))
}

fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("binding a loopback port");
    listener.local_addr().expect("local address").port()
}

fn log_tail(path: &Path, lines: usize) -> String {
    let mut text = String::new();
    if let Ok(mut f) = fs::File::open(path) {
        let len = f.metadata().map(|m| m.len()).unwrap_or(0);
        let _ = f.seek(SeekFrom::Start(len.saturating_sub(64 * 1024)));
        let _ = f.read_to_string(&mut text);
    }
    let all: Vec<&str> = text.lines().collect();
    all[all.len().saturating_sub(lines)..].join("\n")
}

/// The start of a Go crash (`panic:` / `fatal error:`) in a log, which a tail would miss under
/// the goroutine dump.
fn crash_report(path: &Path) -> String {
    let text = fs::read_to_string(path).unwrap_or_default();
    let Some(start) = text.lines().position(|l| l.starts_with("panic:") || l.starts_with("fatal error:")) else {
        return String::new();
    };
    let head: Vec<&str> = text.lines().skip(start.saturating_sub(5)).take(40).collect();
    format!("--- kube-apiserver crash ---\n{}\n", head.join("\n"))
}

fn random_hex(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    fs::File::open("/dev/urandom").and_then(|mut f| f.read_exact(&mut buf)).expect("reading /dev/urandom");
    buf.iter().map(|b| format!("{b:02x}")).collect()
}

fn write(path: &Path, contents: &str) {
    fs::write(path, contents).unwrap_or_else(|e| panic!("writing {}: {e}", path.display()));
}

struct Pki {
    ca_pem: String,
    ca_der: Vec<u8>,
    serving_crt: String,
    serving_key: String,
    sa_private: String,
    sa_public: String,
}

fn make_pki() -> Pki {
    let ca_key = KeyPair::generate().unwrap();
    let mut ca = CertificateParams::default();
    ca.distinguished_name.push(DnType::CommonName, "albctl-test-apiserver-ca");
    ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::DigitalSignature];
    let ca_cert = ca.self_signed(&ca_key).unwrap();
    let issuer = Issuer::new(ca, ca_key);

    let key = KeyPair::generate().unwrap();
    let mut leaf =
        CertificateParams::new(vec!["127.0.0.1".to_string(), "localhost".to_string(), "kubernetes".to_string()])
            .unwrap();
    leaf.distinguished_name.push(DnType::CommonName, "kube-apiserver");
    let leaf_cert = leaf.signed_by(&key, &issuer).unwrap();

    let sa = KeyPair::generate().unwrap();
    Pki {
        ca_pem: ca_cert.pem(),
        ca_der: ca_cert.der().to_vec(),
        serving_crt: leaf_cert.pem(),
        serving_key: key.serialize_pem(),
        sa_private: sa.serialize_pem(),
        sa_public: sa.public_key_pem(),
    }
}

impl KubeApiServer {
    /// Starts etcd and the current kube-apiserver and waits until `/readyz` answers 200 (panics
    /// with the logs' tails otherwise).
    pub fn start() -> KubeApiServer {
        Self::start_with(&[])
    }

    /// [`KubeApiServer::start`] with extra kube-apiserver flags (e.g. an authentication webhook).
    pub fn start_with(extra: &[&str]) -> KubeApiServer {
        Self::start_server(Server::Current, extra)
    }

    /// [`KubeApiServer::start`] on the given build.
    pub fn start_server(server: Server, extra: &[&str]) -> KubeApiServer {
        let extra: Vec<String> = extra.iter().map(|s| s.to_string()).collect();
        // A port that was free a moment ago can be taken by someone else before the server
        // binds it (the machine may be shared): try again with fresh ports.
        let mut last = String::new();
        for _ in 0..3 {
            match Self::try_start(server, &extra) {
                Ok(server) => return server,
                Err(e) if e.contains("address already in use") => last = e,
                Err(e) => panic!("{e}"),
            }
        }
        panic!("{last}")
    }

    fn try_start(server: Server, extra: &[String]) -> Result<KubeApiServer, String> {
        let apiserver_bin = server.binary();
        let etcd_bin = etcd_binary();
        for (what, path) in [("kube-apiserver", &apiserver_bin), ("etcd", &etcd_bin)] {
            assert!(path.is_file(), "{what} not found at {}: run scripts/test-deps.sh", path.display());
        }
        let started = Instant::now();
        let dir = tempfile::Builder::new().prefix("albctl-kube-").tempdir().expect("temporary directory");
        let p = |name: &str| dir.path().join(name);

        let pki = make_pki();
        write(&p("ca.crt"), &pki.ca_pem);
        write(&p("serving.crt"), &pki.serving_crt);
        write(&p("serving.key"), &pki.serving_key);
        write(&p("sa.key"), &pki.sa_private);
        write(&p("sa.pub"), &pki.sa_public);
        let token = random_hex(24);
        let unprivileged_token = random_hex(24);
        write(
            &p("tokens.csv"),
            &format!(
                "{token},albctl-test-admin,uid-admin,\"system:masters\"\n{unprivileged_token},albctl-test-nobody,uid-nobody\n"
            ),
        );

        let (client_port, peer_port, secure_port) = (free_port(), free_port(), free_port());
        let serial = SERIAL.fetch_add(1, Ordering::Relaxed);
        let prefix = format!("/albctl-test-{}-{serial}-{}", std::process::id(), random_hex(4));

        let etcd_log = p("etcd.log");
        let etcd = Command::new(&etcd_bin)
            .args([
                "--name=albctl-test".to_string(),
                format!("--data-dir={}", p("etcd").display()),
                format!("--listen-client-urls=http://127.0.0.1:{client_port}"),
                format!("--advertise-client-urls=http://127.0.0.1:{client_port}"),
                format!("--listen-peer-urls=http://127.0.0.1:{peer_port}"),
                format!("--initial-advertise-peer-urls=http://127.0.0.1:{peer_port}"),
                format!("--initial-cluster=albctl-test=http://127.0.0.1:{peer_port}"),
                "--logger=zap".to_string(),
                "--log-level=warn".to_string(),
            ])
            .stdin(Stdio::null())
            .stdout(Stdio::from(fs::File::create(&etcd_log).unwrap()))
            .stderr(Stdio::from(fs::File::create(p("etcd.err")).unwrap()))
            .spawn()
            .map_err(|e| format!("starting {}: {e}", etcd_bin.display()))?;

        let apiserver_log = p("kube-apiserver.log");
        let mut args = vec![
            "--bind-address=127.0.0.1".to_string(),
            "--advertise-address=127.0.0.1".to_string(),
            // NB: the reconciler of the `kubernetes` Service's endpoints refuses a loopback address.
            "--endpoint-reconciler-type=none".to_string(),
            format!("--secure-port={secure_port}"),
            format!("--etcd-servers=http://127.0.0.1:{client_port}"),
            format!("--etcd-prefix={prefix}"),
            "--service-cluster-ip-range=10.96.0.0/16".to_string(),
            format!("--tls-cert-file={}", p("serving.crt").display()),
            format!("--tls-private-key-file={}", p("serving.key").display()),
            format!("--token-auth-file={}", p("tokens.csv").display()),
            "--authorization-mode=RBAC".to_string(),
            "--service-account-issuer=https://kubernetes.default.svc".to_string(),
            format!("--service-account-key-file={}", p("sa.pub").display()),
            format!("--service-account-signing-key-file={}", p("sa.key").display()),
            "--enable-admission-plugins=NamespaceLifecycle,ServiceAccount".to_string(),
            "--profiling=false".to_string(),
            format!("--cert-dir={}", p("certs").display()),
        ];
        args.extend(extra.iter().cloned());
        let apiserver = Command::new(&apiserver_bin)
            .args(&args)
            .stdin(Stdio::null())
            .stdout(Stdio::from(fs::File::create(p("kube-apiserver.out")).unwrap()))
            .stderr(Stdio::from(fs::File::create(&apiserver_log).unwrap()))
            .spawn()
            .map_err(|e| format!("starting {}: {e}", apiserver_bin.display()))?;

        // If this process dies without running Drop, the watchdog's stdin closes and it kills both.
        let watchdog = Command::new("sh")
            .args(["-c", "read _ignored; kill -9 \"$@\" 2>/dev/null", "albctl-test-watchdog"])
            .arg(etcd.id().to_string())
            .arg(apiserver.id().to_string())
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .ok()
            .map(|mut child| {
                let stdin = child.stdin.take().expect("watchdog stdin");
                (child, stdin)
            });

        let mut server = KubeApiServer {
            url: format!("https://127.0.0.1:{secure_port}"),
            ca_file: p("ca.crt"),
            token,
            unprivileged_token,
            startup: Duration::ZERO,
            ca_der: pki.ca_der,
            extra: extra.to_vec(),
            dir,
            etcd,
            apiserver,
            watchdog,
        };
        server.wait_ready(started)?;
        server.startup = started.elapsed();
        Ok(server)
    }

    fn logs(&self) -> String {
        let log = self.dir.path().join("kube-apiserver.log");
        format!(
            "{}--- kube-apiserver log (tail) ---\n{}\n--- etcd log (tail) ---\n{}\n{}",
            crash_report(&log),
            log_tail(&log, 40),
            log_tail(&self.dir.path().join("etcd.log"), 15),
            log_tail(&self.dir.path().join("etcd.err"), 15),
        )
    }

    fn wait_ready(&mut self, started: Instant) -> Result<(), String> {
        let config = self.config();
        let stop = Arc::new(AtomicBool::new(false));
        let stop_poller = Arc::clone(&stop);
        // A runtime of its own on its own thread: callers may be inside a tokio runtime already.
        let poller = std::thread::spawn(move || -> bool {
            let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
            rt.block_on(async move {
                let client = kube::Client::try_from(config).expect("client");
                while !stop_poller.load(Ordering::Relaxed) {
                    let req = http::Request::get("/readyz").body(Vec::new()).expect("request");
                    if let Ok(Ok(body)) = tokio::time::timeout(Duration::from_secs(5), client.request_text(req)).await
                        && body.trim() == "ok"
                    {
                        return true;
                    }
                    tokio::time::sleep(Duration::from_millis(200)).await;
                }
                false
            })
        });
        loop {
            if poller.is_finished() {
                return match poller.join() {
                    Ok(true) => Ok(()),
                    _ => Err(format!("the readiness poller failed\n{}", self.logs())),
                };
            }
            let exited = [("etcd", &mut self.etcd), ("kube-apiserver", &mut self.apiserver)].into_iter().find_map(
                |(what, child)| child.try_wait().ok().flatten().map(|status| format!("{what} exited early ({status})")),
            );
            if let Some(exited) = exited {
                stop.store(true, Ordering::Relaxed);
                let _ = poller.join();
                return Err(format!("{exited}\n{}", self.logs()));
            }
            if started.elapsed() > READY_TIMEOUT {
                stop.store(true, Ordering::Relaxed);
                let _ = poller.join();
                return Err(format!(
                    "kube-apiserver at {} did not answer /readyz with 200 within {READY_TIMEOUT:?}\n{}",
                    self.url,
                    self.logs()
                ));
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn config(&self) -> kube::Config {
        self.config_for(&self.token)
    }

    fn config_for(&self, token: &str) -> kube::Config {
        let mut config = kube::Config::new(self.url.parse().expect("server URL"));
        config.root_cert = Some(vec![self.ca_der.clone()]);
        config.auth_info.token = Some(token.to_string().into());
        config.default_namespace = "default".into();
        config
    }

    /// A client authenticated as the administrator.
    pub async fn client(&self) -> kube::Client {
        kube::Client::try_from(self.config()).expect("building a kube client")
    }

    /// A client authenticated with `token` (e.g. [`KubeApiServer::unprivileged_token`]).
    pub async fn client_with_token(&self, token: &str) -> kube::Client {
        kube::Client::try_from(self.config_for(token)).expect("building a kube client")
    }

    /// The extra kube-apiserver flags this server was started with.
    pub fn extra_args(&self) -> Vec<String> {
        self.extra.clone()
    }

    /// The temporary directory holding the server's files (logs, certificates).
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// Writes (once) and returns a kubeconfig for the administrator, for `--kubeconfig`.
    pub fn kubeconfig(&self) -> PathBuf {
        let path = self.dir.path().join("kubeconfig");
        if !path.exists() {
            let config = json!({
                "apiVersion": "v1",
                "kind": "Config",
                "clusters": [{"name": "albctl-test", "cluster": {
                    "server": self.url,
                    "certificate-authority": self.ca_file.display().to_string(),
                }}],
                "users": [{"name": "albctl-test-admin", "user": {"token": self.token}}],
                "contexts": [{"name": "albctl-test", "context": {"cluster": "albctl-test", "user": "albctl-test-admin"}}],
                "current-context": "albctl-test",
            });
            // JSON is valid YAML; kubectl and kube-rs read it as a kubeconfig.
            let mut f = fs::File::create(&path).expect("creating the kubeconfig");
            f.write_all(serde_json::to_string_pretty(&config).unwrap().as_bytes()).expect("writing the kubeconfig");
        }
        path
    }

    /// The tail of the API server's log, for assertion messages.
    pub fn log_tail(&self) -> String {
        self.logs()
    }
}

impl Drop for KubeApiServer {
    fn drop(&mut self) {
        if let Some((mut child, stdin)) = self.watchdog.take() {
            let _ = child.kill();
            drop(stdin);
            let _ = child.wait();
        }
        for child in [&mut self.apiserver, &mut self.etcd] {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// Marks a Deployment rolled out and Available, as the controller-manager and kubelets would:
/// observedGeneration = generation; replicas, readyReplicas, availableReplicas and
/// updatedReplicas = spec.replicas; conditions Available=True and Progressing=True.
pub async fn mark_deployment_available(client: &kube::Client, ns: &str, name: &str) {
    let api: Api<Deployment> = Api::namespaced(client.clone(), ns);
    let deploy = api.get(name).await.unwrap_or_else(|e| panic!("getting deployment {ns}/{name}: {e}"));
    let generation = deploy.metadata.generation.unwrap_or(1);
    let replicas = deploy.spec.as_ref().and_then(|s| s.replicas).unwrap_or(1);
    let now = time::OffsetDateTime::now_utc()
        .replace_nanosecond(0)
        .unwrap()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap();
    let status = json!({
        "status": {
            "observedGeneration": generation,
            "replicas": replicas,
            "readyReplicas": replicas,
            "availableReplicas": replicas,
            "updatedReplicas": replicas,
            "conditions": [
                {
                    "type": "Available", "status": "True", "reason": "MinimumReplicasAvailable",
                    "message": "Deployment has minimum availability.",
                    "lastUpdateTime": now, "lastTransitionTime": now,
                },
                {
                    "type": "Progressing", "status": "True", "reason": "NewReplicaSetAvailable",
                    "message": format!("ReplicaSet \"{name}\" has successfully progressed."),
                    "lastUpdateTime": now, "lastTransitionTime": now,
                },
            ],
        }
    });
    api.patch_status(name, &PatchParams::default(), &Patch::Merge(&status))
        .await
        .unwrap_or_else(|e| panic!("patching the status of deployment {ns}/{name}: {e}"));
}

/// Creates or replaces the EndpointSlice of `service` with one ready endpoint `ip`, port 9443
/// (named `webhook-server`, like the webhook Service's port), as the EndpointSlice controller would.
pub async fn add_ready_endpoints(client: &kube::Client, ns: &str, service: &str, ip: &str) {
    let api: Api<EndpointSlice> = Api::namespaced(client.clone(), ns);
    let name = endpoint_slice_name(service);
    let slice = json!({
        "apiVersion": "discovery.k8s.io/v1",
        "kind": "EndpointSlice",
        "metadata": {"name": name, "namespace": ns, "labels": {
            "kubernetes.io/service-name": service,
            "endpointslice.kubernetes.io/managed-by": "endpointslice-controller.k8s.io",
        }},
        "addressType": "IPv4",
        "endpoints": [{"addresses": [ip], "conditions": {"ready": true, "serving": true, "terminating": false}}],
        "ports": [{"name": "webhook-server", "port": 9443, "protocol": "TCP"}],
    });
    api.patch(&name, &PatchParams::apply(TEST_MANAGER).force(), &Patch::Apply(&slice))
        .await
        .unwrap_or_else(|e| panic!("applying EndpointSlice {ns}/{name}: {e}"));
}

/// The name [`add_ready_endpoints`] gives the one EndpointSlice it makes for `service`.
pub fn endpoint_slice_name(service: &str) -> String {
    format!("{service}-test")
}

/// What a kubelet and the EndpointSlice controller would do for the controller's pods, once the
/// controller Deployment exists: mark it Available (again, after each new rollout) and give the
/// webhook Service a ready endpoint. Returns whether the Deployment exists.
pub async fn play_kubelet(client: &kube::Client) -> bool {
    let (ns, name) = ("kube-system", "aws-load-balancer-controller");
    let deployments: Api<Deployment> = Api::namespaced(client.clone(), ns);
    let Ok(Some(d)) = deployments.get_opt(name).await else { return false };
    let status = d.status.as_ref();
    let available = status.and_then(|s| s.available_replicas).unwrap_or(0);
    let rolled = status.and_then(|s| s.observed_generation) == d.metadata.generation;
    if available == 0 || !rolled {
        mark_deployment_available(client, ns, name).await;
        add_ready_endpoints(client, ns, "aws-load-balancer-webhook-service", "10.0.0.10").await;
    }
    true
}

/// The kubelet for a whole albctl run: plays [`play_kubelet`] every 100 ms in the background
/// until stopped, so every rollout the run makes (first install, restarts) becomes Available.
pub struct Kubelet {
    stop: Arc<AtomicBool>,
    task: tokio::task::JoinHandle<()>,
}

impl Kubelet {
    /// Starts playing on `client`'s server.
    pub fn start(client: &kube::Client) -> Kubelet {
        let stop = Arc::new(AtomicBool::new(false));
        let (client, flag) = (client.clone(), Arc::clone(&stop));
        let task = tokio::spawn(async move {
            while !flag.load(Ordering::Relaxed) {
                play_kubelet(&client).await;
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        });
        Kubelet { stop, task }
    }

    /// Stops playing (after the current round).
    pub async fn stop(self) {
        self.stop.store(true, Ordering::Relaxed);
        self.task.await.expect("the kubelet task panicked");
    }
}

fn gvk_of(obj: &Value) -> GroupVersionKind {
    let api_version = obj["apiVersion"].as_str().unwrap();
    let (group, version) = api_version.split_once('/').unwrap_or(("", api_version));
    GroupVersionKind::gvk(group, version, obj["kind"].as_str().unwrap())
}

fn name_of(obj: &Value) -> String {
    format!("{}/{}", obj["kind"].as_str().unwrap_or("?"), obj["metadata"]["name"].as_str().unwrap_or("?"))
}

/// Server-side apply of each object (field manager `albctl`, as albctl writes), dry-run or for
/// real; returns the failures as "Kind/name: error".
pub async fn apply_objects(client: &kube::Client, objects: &[Value], dry_run: bool) -> Vec<String> {
    let discovery = Discovery::new(client.clone()).run().await.expect("discovery");
    let mut params = PatchParams::apply("albctl");
    if dry_run {
        params = params.dry_run();
    }
    let mut failures = Vec::new();
    for obj in objects {
        let gvk = gvk_of(obj);
        let Some((ar, caps)) = discovery.resolve_gvk(&gvk) else {
            failures.push(format!("{}: the server does not serve {gvk:?}", name_of(obj)));
            continue;
        };
        let api: Api<DynamicObject> = match caps.scope {
            Scope::Namespaced => {
                Api::namespaced_with(client.clone(), obj["metadata"]["namespace"].as_str().unwrap(), &ar)
            }
            Scope::Cluster => Api::all_with(client.clone(), &ar),
        };
        let name = obj["metadata"]["name"].as_str().unwrap();
        if let Err(e) = api.patch(name, &params, &Patch::Apply(obj)).await {
            failures.push(format!("{}: {e}", name_of(obj)));
        }
    }
    failures
}

/// Waits until each named CRD is Established (panics after [`super::wait::PATIENCE`] naming it).
pub async fn wait_established(client: &kube::Client, names: &[&str]) {
    let api: Api<CustomResourceDefinition> = Api::all(client.clone());
    for name in names {
        super::wait::until_true(&format!("CRD {name} to be Established"), super::wait::PATIENCE, || async {
            let crd = api.get_opt(name).await.unwrap_or_else(|e| panic!("reading CRD {name}: {e}"));
            crd.and_then(|c| c.status)
                .and_then(|s| s.conditions)
                .is_some_and(|c| c.iter().any(|c| c.type_ == "Established" && c.status == "True"))
        })
        .await;
    }
}

/// Waits until the named object is gone (panics after [`super::wait::PATIENCE`] naming it); a
/// CRD's deletion waits for the API server's own clean-up of its objects, which a loaded machine
/// makes slow.
pub async fn wait_gone<K>(api: &Api<K>, name: &str)
where
    K: kube::Resource + Clone + serde::de::DeserializeOwned + std::fmt::Debug,
{
    super::wait::until_true(&format!("{name} to be deleted"), super::wait::PATIENCE, || async {
        api.get_opt(name).await.unwrap_or_else(|e| panic!("reading {name}: {e}")).is_none()
    })
    .await;
}
