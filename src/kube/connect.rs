//! Deciding how to reach the cluster's Kubernetes API, and building a client that keeps working.
//!
//! Two ways in (design section 5): by default the cluster's own endpoint and CA from
//! DescribeCluster with an EKS token albctl makes itself; with `--kubeconfig`/`--context` a
//! kubeconfig, as kubectl would use it. `--server` and `--certificate-authority` override the
//! endpoint and the CA in both cases (tunnels, private endpoints, tests).
//!
//! The decision ([`plan_connection`]) is pure and unit-tested; [`connect`] does the I/O: it reads
//! the CA, resolves AWS credentials, makes the token, and asks the server for its version once,
//! so an unreachable endpoint, a CA mismatch or a rejected token fails here with the next step
//! named instead of halfway through an apply.
//!
//! NB: kube keeps a static bearer token for the life of a `Client`, and EKS tokens live
//! 15 minutes. [`Kube::client`] hands out a client whose token is younger than ten minutes,
//! rebuilding it when needed; long waits call it again rather than holding one client.
//!
//! NB: kube and the AWS SDK share one rustls with only the ring provider compiled in, which
//! rustls then picks by itself; nothing here installs a provider (a second one would make
//! client creation panic).

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::SystemTime;

use anyhow::Context as _;
use aws_credential_types::provider::{ProvideCredentials, SharedCredentialsProvider};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use kube::config::{KubeConfigOptions, Kubeconfig};

use super::token::{self, EksToken};
use crate::error::AlbctlError;
use crate::model::Partition;
use crate::model::observed::ClusterInfo;

/// The next step when the API server cannot be reached.
const UNREACHABLE_HINT: &str = "if the cluster endpoint is private, run albctl from inside the VPC or through a tunnel \
     with --server URL --certificate-authority FILE; or use a working kubeconfig with --kubeconfig PATH / --context NAME";

/// What the user said about reaching the Kubernetes API (`--kubeconfig`, `--context`,
/// `--server`, `--certificate-authority`, and `--cluster` for a token with no described cluster).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    /// The cluster name an EKS token is bound to when no cluster was described.
    pub cluster: Option<String>,
    /// A kubeconfig file to use instead of the cluster's endpoint.
    pub kubeconfig: Option<PathBuf>,
    /// A kubeconfig context (implies a kubeconfig).
    pub context: Option<String>,
    /// An API server URL replacing the cluster's endpoint.
    pub server: Option<String>,
    /// A PEM file with the API server's CA.
    pub certificate_authority: Option<PathBuf>,
}

impl From<&Options> for Options {
    fn from(options: &Options) -> Options {
        options.clone()
    }
}

/// How albctl will reach the Kubernetes API.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConnectionPlan {
    /// Through a kubeconfig (`--kubeconfig` and/or `--context`), as kubectl would.
    Kubeconfig {
        /// The kubeconfig file; `None` is kubectl's default (`$KUBECONFIG`, else `~/.kube/config`).
        path: Option<PathBuf>,
        /// The context; `None` is the kubeconfig's current context.
        context: Option<String>,
        /// `--server`, replacing the context's cluster URL.
        server: Option<String>,
        /// `--certificate-authority`, replacing the context's CA.
        ca_file: Option<PathBuf>,
    },
    /// Directly to an EKS endpoint with an EKS token albctl makes.
    Eks(EksEndpoint),
}

/// An API server reached with an EKS token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EksEndpoint {
    /// The API server URL.
    pub server: String,
    /// Where [`EksEndpoint::server`] came from.
    pub server_from: Origin,
    /// The CA that signs the server's certificate.
    pub ca: CaSource,
    /// The cluster name the token is bound to (`x-k8s-aws-id`).
    pub cluster: String,
}

/// Where a connection setting came from, for messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// A command-line flag.
    Flag,
    /// EKS DescribeCluster.
    DescribeCluster,
}

/// The certificate authority to trust for the API server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CaSource {
    /// A PEM file (`--certificate-authority`).
    File(PathBuf),
    /// DescribeCluster's `certificateAuthority.data`: base64 of PEM.
    ClusterData(String),
    /// No CA given: the system's trust store (a `--server` with a publicly trusted certificate).
    SystemRoots,
}

/// Decides how to connect from the flags and the cluster DescribeCluster returned (if any).
///
/// `--kubeconfig` or `--context` selects a kubeconfig. Otherwise the endpoint is `--server`
/// or the cluster's, the CA is `--certificate-authority` or the cluster's, and the token is
/// bound to the cluster's name (or `--cluster` when no cluster was described).
pub fn plan_connection(options: &Options, cluster: Option<&ClusterInfo>) -> anyhow::Result<ConnectionPlan> {
    if let Some(server) = &options.server {
        check_server_url(server)?;
    }
    if options.kubeconfig.is_some() || options.context.is_some() {
        return Ok(ConnectionPlan::Kubeconfig {
            path: options.kubeconfig.clone(),
            context: options.context.clone(),
            server: options.server.clone(),
            ca_file: options.certificate_authority.clone(),
        });
    }
    let name = cluster.map(|c| c.name.clone()).or_else(|| options.cluster.clone());
    let (server, server_from) = match (&options.server, cluster.and_then(|c| non_empty(&c.endpoint))) {
        (Some(server), _) => (server.clone(), Origin::Flag),
        (None, Some(endpoint)) => (endpoint.to_string(), Origin::DescribeCluster),
        (None, None) => {
            return Err(AlbctlError::usage(match cluster {
                Some(c) => format!(
                    "EKS cluster {} has no API endpoint in DescribeCluster (status {}); wait until it is ACTIVE, \
                     or pass --server URL (with --certificate-authority FILE), or --kubeconfig PATH / --context NAME",
                    c.name,
                    c.status.as_deref().unwrap_or("unknown")
                ),
                None => "no Kubernetes API to talk to: pass --cluster NAME to use the EKS cluster's endpoint, \
                         or --server URL (with --certificate-authority FILE), or --kubeconfig PATH / --context NAME"
                    .to_string(),
            }));
        }
    };
    let Some(name) = name else {
        return Err(AlbctlError::usage(
            "the EKS token albctl sends to --server is bound to a cluster name: pass --cluster NAME, \
             or use --kubeconfig PATH / --context NAME",
        ));
    };
    let ca = match (&options.certificate_authority, cluster.and_then(|c| non_empty(&c.certificate_authority))) {
        (Some(file), _) => CaSource::File(file.clone()),
        (None, Some(data)) => CaSource::ClusterData(data.to_string()),
        (None, None) if server_from == Origin::Flag => CaSource::SystemRoots,
        (None, None) => {
            return Err(AlbctlError::usage(format!(
                "EKS cluster {name} has no certificate authority in DescribeCluster; \
                 pass --certificate-authority FILE with the API server's CA"
            )));
        }
    };
    Ok(ConnectionPlan::Eks(EksEndpoint { server, server_from, ca, cluster: name }))
}

fn non_empty(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

/// A bearer token goes only over TLS, except to loopback (`kubectl proxy`, tunnels' local ends).
fn check_server_url(server: &str) -> anyhow::Result<()> {
    let uri: http::Uri =
        server.parse().map_err(|e| AlbctlError::usage(format!("--server '{server}' is not a URL: {e}")))?;
    let host = uri.host().unwrap_or_default();
    match uri.scheme_str() {
        Some("https") if !host.is_empty() => Ok(()),
        Some("http") if matches!(host, "127.0.0.1" | "localhost" | "[::1]") => Ok(()),
        _ => Err(AlbctlError::usage(format!(
            "--server '{server}' must be an https:// URL (http:// only to 127.0.0.1 or localhost), e.g. https://127.0.0.1:6443"
        ))),
    }
}

/// DER certificates from a CA source; `None` means the system trust store.
pub fn load_root_certs(ca: &CaSource) -> anyhow::Result<Option<Vec<Vec<u8>>>> {
    match ca {
        CaSource::SystemRoots => Ok(None),
        CaSource::File(path) => {
            let pem =
                std::fs::read(path).with_context(|| format!("reading --certificate-authority {}", path.display()))?;
            pem_certificates(&pem, &format!("--certificate-authority {}", path.display())).map(Some)
        }
        CaSource::ClusterData(data) => {
            let pem = STANDARD.decode(data.trim()).context(
                "DescribeCluster's certificateAuthority.data is not base64; pass --certificate-authority FILE",
            )?;
            pem_certificates(&pem, "the cluster CA from DescribeCluster").map(Some)
        }
    }
}

/// The DER of every `CERTIFICATE` block in `pem`; an error naming `what` if there is none.
fn pem_certificates(pem: &[u8], what: &str) -> anyhow::Result<Vec<Vec<u8>>> {
    let mut certs = Vec::new();
    for block in x509_parser::pem::Pem::iter_from_buffer(pem) {
        let block = block.map_err(|e| anyhow::anyhow!("{what} is not valid PEM: {e}"))?;
        if block.label == "CERTIFICATE" {
            certs.push(block.contents);
        }
    }
    anyhow::ensure!(!certs.is_empty(), "{what} holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
    Ok(certs)
}

/// A connection to the cluster's API server.
///
/// Cheap to share by reference; [`Kube::client`] returns a clone of the current client.
pub struct Kube {
    target: String,
    version: (u32, u32),
    current: Mutex<Current>,
    refresh: Option<TokenSource>,
}

struct Current {
    client: kube::Client,
    /// The token inside `client`, when albctl made it.
    token: Option<EksToken>,
}

/// What it takes to make a new token and a client around it.
struct TokenSource {
    config: kube::Config,
    credentials: SharedCredentialsProvider,
    region: String,
    partition: Partition,
    cluster: String,
}

impl std::fmt::Debug for Kube {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Kube").field("target", &self.target).field("version", &self.version).finish_non_exhaustive()
    }
}

impl Kube {
    /// Wraps an existing client (no token refresh), asking the server for its version.
    pub async fn from_client(client: kube::Client, target: impl Into<String>) -> anyhow::Result<Kube> {
        let target = target.into();
        let version = server_version(&client).await.map_err(|e| explain(e, &target))?;
        Ok(Kube { target, version, current: Mutex::new(Current { client, token: None }), refresh: None })
    }

    /// A client with a fresh enough token: a new one when albctl's token is older than
    /// [`token::REFRESH_AFTER`] (kubeconfig clients refresh their own exec credentials).
    pub async fn client(&self) -> anyhow::Result<kube::Client> {
        self.client_at(SystemTime::now()).await
    }

    async fn client_at(&self, now: SystemTime) -> anyhow::Result<kube::Client> {
        let Some(source) = &self.refresh else { return Ok(self.lock().client.clone()) };
        {
            let current = self.lock();
            if current.token.as_ref().is_some_and(|t| !t.should_refresh(now)) {
                return Ok(current.client.clone());
            }
        }
        // NB: not holding the lock across the await; two callers may both refresh, harmlessly.
        let (client, token) = source.client(now).await?;
        tracing::debug!("made a new EKS token for {}", self.target);
        *self.lock() = Current { client: client.clone(), token: Some(token) };
        Ok(client)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Current> {
        self.current.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The API server's version, `(major, minor)`, read when connecting.
    pub fn version(&self) -> (u32, u32) {
        self.version
    }

    /// The API server and how it was chosen, for messages (`https://... (endpoint from DescribeCluster)`).
    pub fn target(&self) -> &str {
        &self.target
    }
}

impl TokenSource {
    async fn client(&self, now: SystemTime) -> anyhow::Result<(kube::Client, EksToken)> {
        let credentials = self.credentials.provide_credentials().await.map_err(|e| {
            let detail = aws_smithy_types::error::display::DisplayErrorContext(&e).to_string();
            tracing::info!("credential chain: {detail}");
            anyhow::Error::from(AlbctlError::NoCredentials { detail })
        })?;
        let token = token::presigned_token(&credentials, &self.region, self.partition, &self.cluster, now)?;
        let mut config = self.config.clone();
        config.auth_info.token = Some(token.secret().to_string().into());
        let client = kube::Client::try_from(config).context("building the Kubernetes client")?;
        Ok((client, token))
    }
}

/// What a connection needs to know of the resolved context: the cluster as DescribeCluster
/// told it (endpoint, CA), and the AWS identity that signs the EKS token.
pub trait ClusterTarget {
    /// The cluster, when one was described.
    fn described_cluster(&self) -> Option<&ClusterInfo>;
    /// The AWS config whose credentials sign the token.
    fn sdk_config(&self) -> &aws_types::SdkConfig;
    /// The region (regional STS endpoint of the token).
    fn region(&self) -> &str;
    /// The partition (STS host of the token).
    fn partition(&self) -> Partition;
}

/// Connects to the cluster's API server as [`plan_connection`] decides, and checks that it
/// answers and accepts albctl's credentials (by reading its version).
pub async fn connect(ctx: &impl ClusterTarget, options: impl Into<Options>) -> anyhow::Result<Kube> {
    let options = options.into();
    tracing::debug!("connecting to the Kubernetes API");
    match plan_connection(&options, ctx.described_cluster())? {
        ConnectionPlan::Kubeconfig { path, context, server, ca_file } => {
            let config =
                kubeconfig_config(path.as_deref(), context.clone(), server.as_deref(), ca_file.as_deref()).await?;
            let target = format!(
                "{} (kubeconfig {}{})",
                config.cluster_url,
                path.as_deref().map_or_else(|| "default".to_string(), |p| p.display().to_string()),
                context.map(|c| format!(", context {c}")).unwrap_or_default()
            );
            let client = kube::Client::try_from(config).context("building the Kubernetes client")?;
            Kube::from_client(client, target).await
        }
        ConnectionPlan::Eks(endpoint) => {
            let credentials = ctx.sdk_config().credentials_provider().ok_or_else(|| {
                anyhow::Error::from(AlbctlError::NoCredentials {
                    detail: "the AWS config has no credentials provider".into(),
                })
            })?;
            let mut config = kube::Config::new(
                endpoint
                    .server
                    .parse()
                    .with_context(|| format!("the API server URL '{}' is not a URL", endpoint.server))?,
            );
            config.root_cert = load_root_certs(&endpoint.ca)?;
            let source = TokenSource {
                config,
                credentials,
                region: ctx.region().to_string(),
                partition: ctx.partition(),
                cluster: endpoint.cluster.clone(),
            };
            let (client, token) = source.client(SystemTime::now()).await?;
            let target = format!(
                "{} ({} EKS cluster {})",
                endpoint.server,
                match endpoint.server_from {
                    Origin::Flag => "--server for",
                    Origin::DescribeCluster => "endpoint of",
                },
                endpoint.cluster
            );
            let version = server_version(&client).await.map_err(|e| explain(e, &target))?;
            Ok(Kube {
                target,
                version,
                current: Mutex::new(Current { client, token: Some(token) }),
                refresh: Some(source),
            })
        }
    }
}

/// A client config from a kubeconfig, with `--server`/`--certificate-authority` applied on top.
async fn kubeconfig_config(
    path: Option<&Path>,
    context: Option<String>,
    server: Option<&str>,
    ca_file: Option<&Path>,
) -> anyhow::Result<kube::Config> {
    let kubeconfig = match path {
        Some(path) => {
            Kubeconfig::read_from(path).with_context(|| format!("reading --kubeconfig {}", path.display()))?
        }
        None => Kubeconfig::read()
            .context("reading the default kubeconfig ($KUBECONFIG or ~/.kube/config); pass --kubeconfig PATH")?,
    };
    let options = KubeConfigOptions { context: context.clone(), ..KubeConfigOptions::default() };
    let mut config =
        kube::Config::from_custom_kubeconfig(kubeconfig, &options).await.with_context(|| match context {
            Some(c) => format!("using context '{c}' of the kubeconfig (list them with `kubectl config get-contexts`)"),
            None => "using the kubeconfig's current context".to_string(),
        })?;
    if let Some(server) = server {
        config.cluster_url = server.parse().with_context(|| format!("--server '{server}' is not a URL"))?;
        config.tls_server_name = None;
    }
    if let Some(file) = ca_file {
        config.root_cert = load_root_certs(&CaSource::File(file.to_path_buf()))?;
        config.root_cert_file = None;
    }
    Ok(config)
}

/// Turns an error of the first request into one that names the cause and the next step.
fn explain(err: kube::Error, target: &str) -> anyhow::Error {
    if let kube::Error::Api(status) = &err {
        let hint = match status.code {
            401 => {
                "the API server did not accept albctl's credentials (401 Unauthorized); check that --cluster and \
                    --region name this cluster and that the clock is right, or use --kubeconfig PATH"
            }
            403 => {
                "the API server refused albctl's identity (403 Forbidden); give the caller an EKS access entry \
                    (or aws-auth mapping) with cluster-admin, or use --kubeconfig PATH"
            }
            _ => "the API server answered with an error",
        };
        return anyhow::anyhow!("{target}: {hint}: {}", status.message);
    }
    let chain = error_chain(&err);
    let lower = chain.to_lowercase();
    if lower.contains("certificate") || lower.contains("unknownissuer") || lower.contains("tls") {
        anyhow::anyhow!(
            "{target}: the TLS connection failed ({chain}); the server's certificate is not signed by the CA in use: \
             pass the API server's CA with --certificate-authority FILE"
        )
    } else {
        anyhow::anyhow!("cannot reach the Kubernetes API at {target}: {chain}; {UNREACHABLE_HINT}")
    }
}

/// Every message in an error's source chain, deduplicated, joined with ": ".
fn error_chain(err: &(dyn std::error::Error + 'static)) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut next = Some(err);
    while let Some(e) = next {
        let text = e.to_string();
        if !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
        next = e.source();
    }
    parts.join(": ")
}

/// The API server's `(major, minor)` version from `GET /version`.
pub async fn server_version(client: &kube::Client) -> Result<(u32, u32), kube::Error> {
    let info = client.apiserver_version().await?;
    Ok(parse_server_version(&info.major, &info.minor, &info.git_version).unwrap_or_else(|| {
        tracing::warn!(
            "cannot read the API server version (major '{}', minor '{}', gitVersion '{}'); assuming 1.0",
            info.major,
            info.minor,
            info.git_version
        );
        (1, 0)
    }))
}

/// Parses a server version: `major`/`minor` as the server reports them (`"1"`, `"20+"` on
/// EKS), falling back to `gitVersion` (`v1.20.2-eks-...`) when they are empty.
pub fn parse_server_version(major: &str, minor: &str, git_version: &str) -> Option<(u32, u32)> {
    fn leading_number(s: &str) -> Option<u32> {
        let digits: String = s.trim().chars().take_while(char::is_ascii_digit).collect();
        digits.parse().ok()
    }
    if let (Some(major), Some(minor)) = (leading_number(major), leading_number(minor)) {
        return Some((major, minor));
    }
    let mut parts = git_version.trim().trim_start_matches('v').split('.');
    Some((leading_number(parts.next()?)?, leading_number(parts.next()?)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn global() -> Options {
        Options { cluster: Some("demo".into()), ..Options::default() }
    }

    fn cluster(endpoint: Option<&str>, ca: Option<&str>) -> ClusterInfo {
        ClusterInfo {
            name: "demo".into(),
            arn: "arn:aws:eks:us-west-2:123456789012:cluster/demo".into(),
            version: Some("1.30".into()),
            status: Some("ACTIVE".into()),
            endpoint: endpoint.map(str::to_string),
            certificate_authority: ca.map(str::to_string),
            issuer: None,
            vpc_id: "vpc-1".into(),
            subnet_ids: vec![],
            security_group_ids: vec![],
            cluster_security_group_id: None,
            auto_mode: Default::default(),
        }
    }

    const ENDPOINT: &str = "https://ABC.gr7.us-west-2.eks.amazonaws.com";

    fn eks(plan: ConnectionPlan) -> EksEndpoint {
        match plan {
            ConnectionPlan::Eks(e) => e,
            other => panic!("expected a direct EKS connection, got {other:?}"),
        }
    }

    #[test]
    fn plan_uses_describe_cluster_endpoint_and_ca_by_default() {
        let c = cluster(Some(ENDPOINT), Some("Q0EK"));
        let e = eks(plan_connection(&global(), Some(&c)).unwrap());
        assert_eq!(e.server, ENDPOINT);
        assert_eq!(e.server_from, Origin::DescribeCluster);
        assert_eq!(e.ca, CaSource::ClusterData("Q0EK".into()));
        assert_eq!(e.cluster, "demo");
    }

    #[test]
    fn plan_server_and_ca_flags_override_the_cluster() {
        let mut g = global();
        g.server = Some("https://127.0.0.1:6443".into());
        g.certificate_authority = Some("ca.pem".into());
        let c = cluster(Some(ENDPOINT), Some("Q0EK"));
        let e = eks(plan_connection(&g, Some(&c)).unwrap());
        assert_eq!(e.server, "https://127.0.0.1:6443");
        assert_eq!(e.server_from, Origin::Flag);
        assert_eq!(e.ca, CaSource::File("ca.pem".into()));

        // Each flag overrides on its own.
        g.certificate_authority = None;
        let e = eks(plan_connection(&g, Some(&c)).unwrap());
        assert_eq!(e.ca, CaSource::ClusterData("Q0EK".into()));
    }

    #[test]
    fn plan_server_without_any_ca_uses_system_roots() {
        let mut g = global();
        g.server = Some("https://k8s.example.com".into());
        let e = eks(plan_connection(&g, None).unwrap());
        assert_eq!(e.ca, CaSource::SystemRoots);
        assert_eq!(e.cluster, "demo", "the token is bound to --cluster when no cluster was described");
    }

    #[test]
    fn plan_without_endpoint_names_server_and_kubeconfig() {
        let mut g = global();
        g.cluster = None;
        let err = plan_connection(&g, None).unwrap_err().to_string();
        assert!(err.contains("--server") && err.contains("--kubeconfig") && err.contains("--cluster"), "{err}");

        let mut creating = cluster(None, None);
        creating.status = Some("CREATING".into());
        let err = plan_connection(&global(), Some(&creating)).unwrap_err().to_string();
        assert!(err.contains("CREATING") && err.contains("--server") && err.contains("--kubeconfig"), "{err}");
    }

    #[test]
    fn plan_server_without_cluster_name_asks_for_one() {
        let mut g = global();
        g.cluster = None;
        g.server = Some("https://127.0.0.1:6443".into());
        let err = plan_connection(&g, None).unwrap_err().to_string();
        assert!(err.contains("--cluster NAME"), "{err}");
    }

    #[test]
    fn plan_described_endpoint_without_ca_asks_for_one() {
        let err = plan_connection(&global(), Some(&cluster(Some(ENDPOINT), Some(" ")))).unwrap_err().to_string();
        assert!(err.contains("--certificate-authority"), "{err}");
    }

    #[test]
    fn plan_context_without_kubeconfig_uses_the_default_kubeconfig() {
        let mut g = global();
        g.context = Some("prod".into());
        let plan = plan_connection(&g, Some(&cluster(Some(ENDPOINT), Some("Q0EK")))).unwrap();
        assert_eq!(
            plan,
            ConnectionPlan::Kubeconfig { path: None, context: Some("prod".into()), server: None, ca_file: None }
        );
    }

    #[test]
    fn plan_kubeconfig_keeps_server_and_ca_overrides() {
        let mut g = global();
        g.kubeconfig = Some("/tmp/kc".into());
        g.server = Some("https://127.0.0.1:6443".into());
        g.certificate_authority = Some("ca.pem".into());
        let plan = plan_connection(&g, None).unwrap();
        assert_eq!(
            plan,
            ConnectionPlan::Kubeconfig {
                path: Some("/tmp/kc".into()),
                context: None,
                server: Some("https://127.0.0.1:6443".into()),
                ca_file: Some("ca.pem".into()),
            }
        );
    }

    #[test]
    fn plan_refuses_plain_http_to_remote_servers() {
        let mut g = global();
        for ok in ["https://10.0.0.1:443", "http://127.0.0.1:8001", "http://localhost:8001"] {
            g.server = Some(ok.into());
            assert!(plan_connection(&g, None).is_ok(), "{ok}");
        }
        for bad in ["http://10.0.0.1", "k8s.example.com", "ftp://x"] {
            g.server = Some(bad.into());
            let err = plan_connection(&g, None).unwrap_err().to_string();
            assert!(err.contains("https://"), "{bad}: {err}");
        }
    }

    fn test_ca_pem() -> String {
        let key = rcgen::KeyPair::generate().unwrap();
        let mut params = rcgen::CertificateParams::new(vec!["test-ca".to_string()]).unwrap();
        params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
        params.self_signed(&key).unwrap().pem()
    }

    #[test]
    fn root_certs_from_file_and_from_cluster_data_agree() {
        let pem = test_ca_pem();
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("ca.pem");
        std::fs::write(&file, &pem).unwrap();
        let from_file = load_root_certs(&CaSource::File(file)).unwrap().unwrap();
        let from_data = load_root_certs(&CaSource::ClusterData(STANDARD.encode(&pem))).unwrap().unwrap();
        assert_eq!(from_file.len(), 1);
        assert_eq!(from_file, from_data);
        assert_eq!(load_root_certs(&CaSource::SystemRoots).unwrap(), None);
    }

    #[test]
    fn root_certs_errors_name_the_source() {
        let err = load_root_certs(&CaSource::ClusterData("not base64!".into())).unwrap_err().to_string();
        assert!(err.contains("--certificate-authority"), "{err}");
        let err = load_root_certs(&CaSource::ClusterData(STANDARD.encode("hello"))).unwrap_err().to_string();
        assert!(err.contains("no PEM certificate"), "{err}");
        let err = load_root_certs(&CaSource::File("/nonexistent/ca.pem".into())).unwrap_err();
        assert!(format!("{err:#}").contains("/nonexistent/ca.pem"), "{err:#}");
    }

    #[tokio::test]
    async fn client_gets_a_new_token_after_ten_minutes() {
        let credentials = aws_credential_types::Credentials::new("AKID", "secret", None, None, "test");
        let source = TokenSource {
            config: kube::Config::new("https://127.0.0.1:1".parse().unwrap()),
            credentials: SharedCredentialsProvider::new(credentials),
            region: "us-west-2".into(),
            partition: Partition::Aws,
            cluster: "demo".into(),
        };
        let start = SystemTime::now();
        let (client, token) = source.client(start).await.unwrap();
        let kube = Kube {
            target: "test".into(),
            version: (1, 20),
            current: Mutex::new(Current { client, token: Some(token.clone()) }),
            refresh: Some(source),
        };
        let token_now = || kube.lock().token.clone().unwrap();
        kube.client_at(start + std::time::Duration::from_secs(9 * 60)).await.unwrap();
        assert_eq!(token_now(), token, "a 9-minute-old token is kept");
        kube.client_at(start + std::time::Duration::from_secs(10 * 60)).await.unwrap();
        let renewed = token_now();
        assert_ne!(renewed.secret(), token.secret(), "a 10-minute-old token is replaced");
        assert_eq!(renewed.expires_at(), start + std::time::Duration::from_secs(24 * 60));
    }

    #[test]
    fn server_versions_parse() {
        assert_eq!(parse_server_version("1", "20", ""), Some((1, 20)));
        assert_eq!(parse_server_version("1", "20+", "v1.20.7-eks-d88609"), Some((1, 20)));
        assert_eq!(parse_server_version("", "", "v1.30.2-eks-1552ad0"), Some((1, 30)));
        assert_eq!(parse_server_version("", "", "unknown"), None);
    }
}
