//! albctl reaches a cluster with no kubeconfig: an EKS token it makes from its AWS credentials,
//! checked by a real kube-apiserver the way EKS checks it.
//!
//! The API server (`common::kube`) authenticates bearer tokens through a TokenReview
//! webhook, `scripts/token-webhook.py`, which does what aws-iam-authenticator does on EKS: it
//! decodes the presigned STS URL, verifies its SigV4 signature for this cluster's name, replays it
//! against moto's GetCallerIdentity and maps the caller's ARN to `system:masters`. albctl gets only
//! `--cluster`, `--server` and `--certificate-authority`, and moto's AWS environment.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdout, Command, Stdio};

use albctl::cli::{Cli, GlobalArgs};
use albctl::controller::render;
use albctl::kube::connect::{self, Kube};
use albctl::kube::token::presigned_token;
use albctl::model::Partition;
use aws_credential_types::Credentials;
use clap::Parser;
use k8s_openapi::api::apps::v1::Deployment;
use k8s_openapi::api::core::v1::{Namespace, ServiceAccount};
use kube::api::{Api, ListParams, PostParams};

use crate::common::env::albctl_bin;
use crate::common::kube::{KubeApiServer, add_ready_endpoints, mark_deployment_available};
use crate::common::{AwsEnv, TEST_ACCESS_KEY, TEST_REGION, TEST_SECRET_KEY, fixture, log_tail};

const CLUSTER: &str = "demo";
const NAMESPACE: &str = "kube-system";

/// `scripts/token-webhook.py` on a loopback port; killed on drop.
struct TokenWebhook {
    log: PathBuf,
    config: PathBuf,
    child: Child,
    _stdout: BufReader<ChildStdout>,
    _dir: tempfile::TempDir,
}

/// One line of the webhook's review log.
#[derive(Debug, serde::Deserialize)]
struct Review {
    authenticated: bool,
    reason: String,
    username: Option<String>,
}

impl TokenWebhook {
    /// Starts the webhook for `cluster`, replaying tokens against `sts_url` and verifying their
    /// signatures with `secret_key`; writes the kubeconfig-format file kube-apiserver reads.
    fn start(sts_url: &str, cluster: &str, secret_key: &str) -> TokenWebhook {
        let dir = tempfile::tempdir().expect("creating a temp dir for the webhook");
        let log = dir.path().join("reviews.jsonl");
        let stderr_path = dir.path().join("webhook.stderr");
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/token-webhook.py");
        let mut child = Command::new("python3")
            .arg(&script)
            .args(["--sts-url", sts_url, "--cluster", cluster, "--secret-key", secret_key, "--log"])
            .arg(&log)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(std::fs::File::create(&stderr_path).expect("creating the webhook stderr file"))
            .spawn()
            .unwrap_or_else(|e| panic!("starting python3 {}: {e}", script.display()));
        let mut stdout = BufReader::new(child.stdout.take().expect("webhook stdout is piped"));
        let mut first = String::new();
        let _ = stdout.read_line(&mut first);
        let Some(url) = first.trim().strip_prefix("listening ").map(str::to_string) else {
            let _ = child.kill();
            let _ = child.wait();
            panic!("token-webhook.py did not start (first line {first:?})\n{}", log_tail(&stderr_path, 30));
        };
        // NB: kube-apiserver reads the webhook's address from a kubeconfig-format file; a plain
        // http:// server is accepted (no certificate-authority needed on loopback).
        let config = dir.path().join("webhook.kubeconfig");
        let kubeconfig = serde_json::json!({
            "apiVersion": "v1",
            "kind": "Config",
            "clusters": [{"name": "token-webhook", "cluster": {"server": format!("{url}/authenticate")}}],
            "users": [{"name": "kube-apiserver", "user": {}}],
            "contexts": [{"name": "webhook", "context": {"cluster": "token-webhook", "user": "kube-apiserver"}}],
            "current-context": "webhook",
        });
        std::fs::write(&config, kubeconfig.to_string()).expect("writing the webhook kubeconfig");
        TokenWebhook { log, config, child, _stdout: stdout, _dir: dir }
    }

    /// The kube-apiserver flags that make it authenticate through this webhook.
    fn apiserver_flags(&self) -> Vec<String> {
        vec![
            format!("--authentication-token-webhook-config-file={}", self.config.display()),
            "--authentication-token-webhook-version=v1beta1".to_string(),
        ]
    }

    /// Every review so far, in order.
    fn reviews(&self) -> Vec<Review> {
        std::fs::read_to_string(&self.log)
            .unwrap_or_default()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("bad review line {l:?}: {e}")))
            .collect()
    }
}

impl Drop for TokenWebhook {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// moto with the fixture cluster, the webhook in front of moto's STS, and an API server using it.
struct World {
    env: AwsEnv,
    webhook: TokenWebhook,
    server: KubeApiServer,
}

impl World {
    async fn start() -> World {
        let env = AwsEnv::start();
        fixture::build(&env, CLUSTER).await;
        let webhook = TokenWebhook::start(&env.moto.url, CLUSTER, TEST_SECRET_KEY);
        let flags = webhook.apiserver_flags();
        let server = KubeApiServer::start_with(&flags.iter().map(String::as_str).collect::<Vec<_>>());
        World { env, webhook, server }
    }

    /// Global flags as the CLI parses them: no kubeconfig, only the server and its CA.
    fn global(&self) -> GlobalArgs {
        let ca = self.server.ca_file.display().to_string();
        let args = ["albctl", "--cluster", CLUSTER, "--server", &self.server.url, "--certificate-authority", &ca];
        Cli::try_parse_from(args.into_iter().chain(["doctor"])).expect("parsing the global flags").global
    }

    /// albctl's context (GetCallerIdentity, DescribeCluster) against moto with `credentials`.
    async fn context(&self, credentials: Credentials) -> albctl::context::Context {
        let config = self
            .env
            .sdk()
            .await
            .into_builder()
            .credentials_provider(aws_credential_types::provider::SharedCredentialsProvider::new(credentials));
        albctl::context::resolve_with_config(config.build(), &self.global(), true)
            .await
            .expect("resolving the context against moto")
    }
}

fn moto_credentials() -> Credentials {
    Credentials::new(TEST_ACCESS_KEY, TEST_SECRET_KEY, None, None, "albctl-tests")
}

async fn list_namespaces(client: kube::Client) -> Result<Vec<String>, kube::Error> {
    let list = Api::<Namespace>::all(client).list(&ListParams::default()).await?;
    Ok(list.items.into_iter().filter_map(|n| n.metadata.name).collect())
}

fn assert_unauthorized(result: Result<Vec<String>, kube::Error>, what: &str) {
    match result {
        Err(kube::Error::Api(status)) => assert_eq!(status.code, 401, "{what}: {status:?}"),
        other => panic!("{what}: expected 401 Unauthorized, got {other:?}"),
    }
}

#[tokio::test]
async fn eks_token_authenticates_to_kube_apiserver_without_kubeconfig() {
    let world = World::start().await;
    let ctx = world.context(moto_credentials()).await;
    let global = world.global();
    assert!(global.kubeconfig.is_none() && global.context.is_none());

    let kube: Kube = connect::connect(&ctx, &global).await.unwrap_or_else(|e| {
        panic!("connect failed: {e:#}\n{:?}\n{}", world.webhook.reviews(), world.server.log_tail())
    });
    assert_eq!(kube.version(), crate::common::kube::Server::Current.major_minor());
    assert!(kube.target().contains(&world.server.url), "{}", kube.target());

    let client = kube.client().await.unwrap();
    let namespaces = list_namespaces(client.clone()).await.expect("listing namespaces with the EKS token");
    assert!(namespaces.iter().any(|n| n == "kube-system"), "{namespaces:?}");
    // Authorized as system:masters through the webhook's groups, so writes work too.
    let ns: Namespace = serde_json::from_value(serde_json::json!({"metadata": {"name": "albctl-token-test"}})).unwrap();
    Api::<Namespace>::all(client).create(&PostParams::default(), &ns).await.expect("creating a namespace");

    let reviews = world.webhook.reviews();
    assert!(!reviews.is_empty(), "the API server never asked the webhook");
    for review in &reviews {
        assert!(review.authenticated, "review rejected: {}", review.reason);
        assert_eq!(review.username.as_deref(), Some(ctx.caller_arn.as_str()));
    }
}

#[tokio::test]
async fn api_server_rejects_garbage_and_foreign_tokens_with_401() {
    let world = World::start().await;
    let now = std::time::SystemTime::now();

    assert_unauthorized(list_namespaces(world.server.client_with_token("garbage").await).await, "garbage token");
    assert_unauthorized(
        list_namespaces(world.server.client_with_token("k8s-aws-v1.garbage").await).await,
        "garbage EKS token",
    );
    let other_cluster = presigned_token(&moto_credentials(), TEST_REGION, Partition::Aws, "other", now).unwrap();
    assert_unauthorized(
        list_namespaces(world.server.client_with_token(other_cluster.secret()).await).await,
        "token bound to another cluster",
    );
    let wrong_key = Credentials::new(TEST_ACCESS_KEY, "not-the-secret", None, None, "test");
    let forged = presigned_token(&wrong_key, TEST_REGION, Partition::Aws, CLUSTER, now).unwrap();
    assert_unauthorized(
        list_namespaces(world.server.client_with_token(forged.secret()).await).await,
        "token with a bad signature",
    );

    // The same token albctl would make, sent the same way, is accepted: the rejections above are
    // about the tokens, not the client.
    let good = presigned_token(&moto_credentials(), TEST_REGION, Partition::Aws, CLUSTER, now).unwrap();
    list_namespaces(world.server.client_with_token(good.secret()).await).await.expect("a good token is accepted");

    let reasons: Vec<String> = world.webhook.reviews().into_iter().map(|r| r.reason).collect();
    for expected in ["no k8s-aws-v1. prefix", "not base64url", "signature does not verify"] {
        assert!(reasons.iter().any(|r| r.contains(expected)), "no review said {expected:?}: {reasons:?}");
    }

    // connect() turns the 401 of its first request into an error that names the next step.
    let ctx = world.context(wrong_key).await;
    let err = connect::connect(&ctx, &world.global()).await.expect_err("a token with a bad signature must fail");
    let text = format!("{err:#}");
    assert!(text.contains("401") && text.contains("--kubeconfig"), "{text}");
    assert!(!text.contains("k8s-aws-v1."), "the token leaked into the error: {text}");
}

#[tokio::test]
async fn connect_errors_name_the_next_step() {
    let world = World::start().await;
    let ctx = world.context(moto_credentials()).await;

    // Nothing listens: say how to reach a private endpoint.
    let mut global = world.global();
    global.server = Some(format!("https://127.0.0.1:{}", crate::common::moto::free_port()));
    let err = format!("{:#}", connect::connect(&ctx, &global).await.expect_err("no server there"));
    assert!(err.contains("cannot reach") && err.contains("--server") && err.contains("--kubeconfig"), "{err}");

    // A CA that did not sign the server's certificate: say which flag fixes it.
    let key = rcgen::KeyPair::generate().unwrap();
    let mut params = rcgen::CertificateParams::new(vec!["other-ca".to_string()]).unwrap();
    params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    let other_ca = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(other_ca.path(), params.self_signed(&key).unwrap().pem()).unwrap();
    let mut global = world.global();
    global.certificate_authority = Some(other_ca.path().to_path_buf());
    let err = format!("{:#}", connect::connect(&ctx, &global).await.expect_err("wrong CA"));
    assert!(err.contains("--certificate-authority"), "{err}");
}

#[tokio::test]
async fn albctl_apply_uses_the_eks_token_with_only_server_and_ca() {
    let world = World::start().await;
    let ca = world.server.ca_file.display().to_string();
    let mut cmd = world.env.command(albctl_bin());
    cmd.args(["apply", "--cluster", CLUSTER, "--server", &world.server.url, "--certificate-authority", &ca])
        .args(["--timeout", crate::common::wait::ALBCTL_TIMEOUT])
        .env("NO_COLOR", "1")
        .env_remove("KUBECONFIG")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let child = cmd.spawn().expect("starting albctl apply");

    // No kubelet or controller-manager: play their part once albctl has made the objects.
    let admin = world.server.client().await;
    let deployments: Api<Deployment> = Api::namespaced(admin.clone(), NAMESPACE);
    let deadline = std::time::Instant::now() + crate::common::wait::PATIENCE;
    while deployments.get_opt(render::DEPLOYMENT_NAME).await.unwrap().is_none() {
        assert!(
            std::time::Instant::now() < deadline,
            "albctl never created the Deployment: {:?}",
            world.webhook.reviews()
        );
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    mark_deployment_available(&admin, NAMESPACE, render::DEPLOYMENT_NAME).await;
    add_ready_endpoints(&admin, NAMESPACE, render::WEBHOOK_SERVICE_NAME, "10.0.0.10").await;

    let out = tokio::task::spawn_blocking(move || child.wait_with_output()).await.unwrap().unwrap();
    let (stdout, stderr) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "albctl apply failed: {:?}\n{stdout}\n{stderr}", out.status);
    assert!(
        stdout.contains(&format!(
            "Kubernetes {}",
            crate::common::fixture::eks_version(crate::common::kube::CURRENT_VERSION)
        )),
        "{stdout}"
    );
    assert!(!stderr.contains("k8s-aws-v1.") && !stdout.contains("k8s-aws-v1."), "the token leaked");

    // Every request albctl made was authenticated by the webhook as moto's caller.
    let reviews = world.webhook.reviews();
    assert!(!reviews.is_empty(), "the API server never asked the webhook");
    for review in &reviews {
        assert!(review.authenticated, "review rejected: {}", review.reason);
        assert_eq!(review.username.as_deref(), Some("arn:aws:sts::123456789012:user/moto"));
    }
    let sa: Api<ServiceAccount> = Api::namespaced(admin, NAMESPACE);
    let sa = sa.get("aws-load-balancer-controller").await.expect("albctl applied the ServiceAccount");
    let managers: Vec<_> =
        sa.metadata.managed_fields.unwrap_or_default().into_iter().filter_map(|m| m.manager).collect();
    assert!(managers.iter().any(|m| m == "albctl"), "{managers:?}");
}
