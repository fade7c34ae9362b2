//! The Gateway API standard bundle albctl installs with `--gateway-api install`: the pinned
//! release asset over HTTPS, refused unless its sha256 is the pinned one, or a file the user
//! gives (`--gateway-api-bundle`, for clusters without internet), judged by its own marks.
//! Everything here happens before the first write of a run.

use anyhow::Context as _;
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::error::AlbctlError;
use crate::model::gateway_api::{
    BUNDLE_SHA256, BUNDLE_URL, BUNDLE_VERSION, MIN_BUNDLE_VERSION, bundle_marks, parse_version,
};

/// Environment variable that points the download at another URL. For albctl's own tests (a
/// local HTTPS server); the pinned sha256 is checked all the same.
pub const TEST_URL_ENV: &str = "ALBCTL_TEST_GATEWAY_API_BUNDLE_URL";

/// A bundle's objects in the order they are applied (CRDs, then the admission policy and its
/// binding), with where they came from.
#[derive(Debug, Clone)]
pub struct Bundle {
    /// Its parsed documents, CRDs first, then the admission policy and its binding.
    pub objects: Vec<Value>,
    /// `URL (sha256 ...)` or `file PATH`.
    pub source: String,
}

/// The bundle from `file`, or else the pinned release asset.
pub async fn load(file: Option<&std::path::Path>) -> anyhow::Result<Bundle> {
    match file {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| AlbctlError::usage(format!("--gateway-api-bundle {}: {e}", path.display())))?;
            let objects = parse(&text)
                .map_err(|e| AlbctlError::usage(format!("--gateway-api-bundle {}: {e:#}", path.display())))?;
            Ok(Bundle { objects, source: format!("file {}", path.display()) })
        }
        None => {
            let url = std::env::var(TEST_URL_ENV).unwrap_or_else(|_| BUNDLE_URL.to_string());
            let bytes = download(&url).await?;
            verify(&bytes, &url)?;
            let text = String::from_utf8(bytes).context("the Gateway API bundle is not UTF-8")?;
            let objects = parse(&text)?;
            Ok(Bundle { objects, source: format!("{url} (sha256 {BUNDLE_SHA256})") })
        }
    }
}

/// Refuses bytes whose sha256 is not the pinned one, in one line.
pub fn verify(bytes: &[u8], url: &str) -> anyhow::Result<()> {
    let digest = Sha256::digest(bytes);
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    if hex != BUNDLE_SHA256 {
        return Err(AlbctlError::refused(format!(
            "the Gateway API bundle from {url} has sha256 {hex}, not the pinned {BUNDLE_SHA256} of {BUNDLE_VERSION}: \
             refused, nothing was written; download it yourself, check it, and pass --gateway-api-bundle FILE"
        )));
    }
    Ok(())
}

/// The objects of a standard-channel bundle, CRDs first. Refuses anything that is not one: an
/// object without the bundle's marks, the experimental channel, or a release older than the
/// controller needs.
pub fn parse(text: &str) -> anyhow::Result<Vec<Value>> {
    let docs = crate::controller::render::yaml::from_multiple(text).context("parsing the Gateway API bundle")?;
    let mut objects: Vec<Value> = docs.into_iter().filter(Value::is_object).collect();
    if objects.is_empty() {
        anyhow::bail!("it holds no Kubernetes objects");
    }
    let min = parse_version(MIN_BUNDLE_VERSION);
    for obj in &objects {
        let name =
            format!("{} {}", obj["kind"].as_str().unwrap_or("?"), obj["metadata"]["name"].as_str().unwrap_or("?"));
        let (version, channel) = bundle_marks(obj);
        let Some(version) = version else {
            anyhow::bail!(
                "{name} has no gateway.networking.k8s.io/bundle-version annotation: not a Gateway API bundle"
            );
        };
        if channel != Some("standard") {
            anyhow::bail!(
                "{name} is on the {} channel: albctl installs the standard channel only",
                channel.unwrap_or("unknown")
            );
        }
        if parse_version(version) < min {
            anyhow::bail!("{name} is from {version}; the controller needs {MIN_BUNDLE_VERSION} or newer");
        }
    }
    objects.sort_by_key(|o| o["kind"] != "CustomResourceDefinition");
    Ok(objects)
}

/// GETs `url` over HTTPS (rustls with ring, the system's roots; `SSL_CERT_FILE` adds a CA file).
async fn download(url: &str) -> anyhow::Result<Vec<u8>> {
    let mut roots = rustls::RootCertStore::empty();
    let native = rustls_native_certs::load_native_certs();
    for cert in native.certs {
        let _ = roots.add(cert);
    }
    let provider = std::sync::Arc::new(rustls::crypto::ring::default_provider());
    let tls = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .context("setting up TLS")?
        .with_root_certificates(roots)
        .with_no_client_auth();
    let client = reqwest::Client::builder()
        .use_preconfigured_tls(tls)
        .https_only(true)
        .timeout(std::time::Duration::from_secs(60))
        .build()
        .context("setting up the HTTPS client")?;
    let fail = |e: String| {
        AlbctlError::refused(format!(
            "downloading the Gateway API bundle from {url}: {e}; nothing was written. Without internet access, \
             download it elsewhere and pass --gateway-api-bundle FILE"
        ))
    };
    let response = client.get(url).send().await.map_err(|e| fail(format!("{e:#}")))?;
    if !response.status().is_success() {
        return Err(fail(format!("HTTP {}", response.status())));
    }
    Ok(response.bytes().await.map_err(|e| fail(format!("{e:#}")))?.to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(kind: &str, version: &str, channel: &str) -> String {
        format!(
            "apiVersion: v1\nkind: {kind}\nmetadata:\n  name: x\n  annotations:\n    \
             gateway.networking.k8s.io/bundle-version: {version}\n    gateway.networking.k8s.io/channel: {channel}\n"
        )
    }

    #[test]
    fn a_wrong_checksum_is_one_line_naming_both_sums() {
        let err = verify(b"not the bundle", "https://example.test/b.yaml").unwrap_err().to_string();
        assert!(!err.contains('\n'), "{err}");
        assert!(err.contains(BUNDLE_SHA256) && err.contains("--gateway-api-bundle"), "{err}");
    }

    #[test]
    fn the_standard_channel_of_a_supported_release_parses_crds_first() {
        let text = format!(
            "{}---\n{}",
            doc("ValidatingAdmissionPolicy", "v1.6.0", "standard"),
            doc("CustomResourceDefinition", "v1.6.0", "standard")
        );
        let objects = parse(&text).unwrap();
        assert_eq!(objects[0]["kind"], "CustomResourceDefinition");
        let err = parse(&doc("CustomResourceDefinition", "v1.6.0", "experimental")).unwrap_err().to_string();
        assert!(err.contains("experimental"), "{err}");
        let err = parse(&doc("CustomResourceDefinition", "v1.5.1", "standard")).unwrap_err().to_string();
        assert!(err.contains("v1.5.1"), "{err}");
        assert!(parse("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n").is_err());
    }
}
