//! Helm's release records: the `sh.helm.release.v1.<release>.v<N>` Secrets (labels `owner=helm`,
//! `name=<release>`) by which Helm tracks an install. Listed so a takeover can say what tracks
//! the objects, deleted by `setup --adopt --forget-helm-release` so Helm no longer does.

use anyhow::Context as _;
use k8s_openapi::api::core::v1::Secret;
use kube::Client;
use kube::api::{Api, DeleteParams, ListParams};

/// The names of a release's record Secrets in its namespace, oldest revision first.
pub async fn release_records(client: &Client, namespace: &str, release: &str) -> anyhow::Result<Vec<String>> {
    let api: Api<Secret> = Api::namespaced(client.clone(), namespace);
    let params = ListParams::default().labels(&format!("owner=helm,name={release}"));
    let list = api.list(&params).await.with_context(|| format!("listing Helm release {release}'s records"))?;
    let prefix = format!("sh.helm.release.v1.{release}.v");
    let mut names: Vec<(u64, String)> = list
        .items
        .into_iter()
        .filter_map(|s| s.metadata.name)
        .filter_map(|n| n.strip_prefix(&prefix).and_then(|v| v.parse().ok()).map(|v| (v, n.clone())))
        .collect();
    names.sort();
    Ok(names.into_iter().map(|(_, n)| n).collect())
}

/// Deletes a release's record Secrets (a server-side dry run with `dry_run`); the names deleted.
pub async fn forget_release(
    client: &Client,
    namespace: &str,
    release: &str,
    dry_run: bool,
) -> anyhow::Result<Vec<String>> {
    let api: Api<Secret> = Api::namespaced(client.clone(), namespace);
    let names = release_records(client, namespace, release).await?;
    for name in &names {
        let params = DeleteParams { dry_run, ..DeleteParams::default() };
        match api.delete(name, &params).await {
            Ok(_) => {}
            Err(kube::Error::Api(s)) if s.is_not_found() => {}
            Err(e) => {
                return Err(anyhow::Error::new(e).context(format!("deleting Helm release record {namespace}/{name}")));
            }
        }
    }
    Ok(names)
}
