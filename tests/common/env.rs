//! One test's AWS world: moto, the proxy in front of it, and how to call both.
//!
//! The albctl binary only ever sees the proxy (through the standard `AWS_ENDPOINT_URL`), with an
//! AWS environment scrubbed of anything inherited from the developer's shell, so a test can never
//! reach a real account. Fixture and assertion calls use [`AwsEnv::sdk`], which goes to moto
//! directly and so never shows up in the proxy's log.

use std::process::{Command, Output};

use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_credential_types::Credentials;
use aws_smithy_http_client::tls::{Provider, rustls_provider::CryptoMode};

use super::{AwsProxy, Moto, TEST_ACCESS_KEY, TEST_REGION, TEST_SECRET_KEY};

/// moto plus the recording proxy, started for one test; both stop when this is dropped.
pub struct AwsEnv {
    /// The emulator.
    pub moto: Moto,
    /// The proxy albctl talks to.
    pub proxy: AwsProxy,
    /// The region of the fixture and of every albctl run (`us-west-2`).
    pub region: String,
}

impl AwsEnv {
    /// moto plus a proxy that only records.
    pub fn start() -> AwsEnv {
        AwsEnv::start_with_proxy_options(&[])
    }

    /// moto plus a proxy started with these options (faults, delays, replacements).
    pub fn start_with_proxy_options(options: &[&str]) -> AwsEnv {
        let moto = Moto::start();
        let proxy = AwsProxy::start(&moto.url, options);
        AwsEnv { moto, proxy, region: TEST_REGION.to_string() }
    }

    /// An existing moto, reset to empty, with a new proxy started with `options` in front of it.
    pub fn on_reset_moto(moto: Moto, options: &[&str]) -> AwsEnv {
        moto.reset();
        let proxy = AwsProxy::start(&moto.url, options);
        AwsEnv { moto, proxy, region: TEST_REGION.to_string() }
    }

    /// Stops the proxy and hands back the moto, for [`AwsEnv::on_reset_moto`].
    pub fn into_moto(self) -> Moto {
        let AwsEnv { moto, .. } = self;
        moto
    }

    /// SDK config that talks to moto directly (not logged by the proxy).
    pub async fn sdk(&self) -> SdkConfig {
        sdk_config(&self.moto.url, &self.region).await
    }

    /// SDK config that goes through the proxy, for tests of the proxy itself.
    pub async fn sdk_via_proxy(&self) -> SdkConfig {
        sdk_config(&self.proxy.url, &self.region).await
    }

    /// Runs the albctl binary against the proxy with a clean AWS environment.
    pub fn albctl(&self, args: &[&str]) -> Output {
        self.albctl_with_env(args, &[], &[])
    }

    /// Like [`AwsEnv::albctl`], then sets `extra_env` and removes `removed_env` (applied last,
    /// so a test can also drop one of the harness's own variables, e.g. `AWS_REGION`).
    pub fn albctl_with_env(&self, args: &[&str], extra_env: &[(&str, &str)], removed_env: &[&str]) -> Output {
        let mut cmd = self.command(albctl_bin());
        cmd.args(args).env("NO_COLOR", "1");
        cmd.envs(extra_env.iter().copied());
        for name in removed_env {
            cmd.env_remove(name);
        }
        cmd.output().expect("running the albctl binary")
    }

    /// A command for `program` with the AWS environment pointed at the proxy.
    pub fn command(&self, program: impl AsRef<std::ffi::OsStr>) -> Command {
        let mut cmd = Command::new(program);
        // NB: drop every inherited AWS_* (profiles, session tokens, AWS_ENDPOINT_URL_<SERVICE>, web
        // identity, CA bundles) and ALBCTL_* (ALBCTL_CLUSTER is --cluster), plus HTTP proxies.
        for (name, _) in std::env::vars_os() {
            let name = name.to_string_lossy();
            let proxy_var = matches!(name.to_ascii_uppercase().as_str(), "HTTP_PROXY" | "HTTPS_PROXY" | "ALL_PROXY");
            if name.starts_with("AWS_") || name.starts_with("ALBCTL_") || proxy_var {
                cmd.env_remove(name.as_ref());
            }
        }
        cmd.env("AWS_ENDPOINT_URL", &self.proxy.url)
            .env("AWS_REGION", &self.region)
            .env("AWS_ACCESS_KEY_ID", TEST_ACCESS_KEY)
            .env("AWS_SECRET_ACCESS_KEY", TEST_SECRET_KEY)
            .env("AWS_CONFIG_FILE", "/dev/null")
            .env("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")
            .env("AWS_EC2_METADATA_DISABLED", "true");
        cmd
    }
}

/// The albctl binary under test: cargo's for integration tests, else `$ALBCTL_BIN` (the demo).
pub fn albctl_bin() -> std::path::PathBuf {
    match option_env!("CARGO_BIN_EXE_albctl") {
        Some(path) => path.into(),
        None => std::env::var_os("ALBCTL_BIN").expect("ALBCTL_BIN names the albctl binary").into(),
    }
}

/// An SDK config for a loopback endpoint: static test credentials, fixed region, and no reading
/// of the host's environment or profile files.
pub async fn sdk_config(endpoint: &str, region: &str) -> SdkConfig {
    // NB: the crate builds aws-config without default features, so there is no default client.
    let http = aws_smithy_http_client::Builder::new().tls_provider(Provider::Rustls(CryptoMode::Ring)).build_https();
    aws_config::defaults(BehaviorVersion::latest())
        .empty_test_environment()
        .http_client(http)
        .region(Region::new(region.to_string()))
        .credentials_provider(Credentials::new(TEST_ACCESS_KEY, TEST_SECRET_KEY, None, None, "albctl-tests"))
        .endpoint_url(endpoint)
        .load()
        .await
}
