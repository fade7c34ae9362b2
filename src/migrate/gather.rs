//! Reads what `migrate` translates: manifests (through lint's reader, which keeps the file and
//! line of every object and key), or a cluster's Ingresses, IngressClasses, Services, workloads
//! (for readiness probes) and the nginx controller's ConfigMap; and, live, the region's ACM
//! certificates. Reads only.

use std::path::PathBuf;

use anyhow::Context as _;

use super::certificates::Certificate;
use crate::aws;
use crate::context::Context;
use crate::kube::inventory::Inventory;
use crate::lint::gather::{self, Object};
use crate::lint::live::address;

/// The objects of the files, directories and stdin given; a bad file is one line naming the
/// file and line.
pub fn read_files(paths: &[PathBuf]) -> anyhow::Result<Vec<Object>> {
    gather::read_inputs(paths).map_err(|e| {
        let text = format!("{e:#}").replace("run albctl lint again", "run albctl migrate ingress-nginx again");
        anyhow::anyhow!(text)
    })
}

/// The kinds read from a cluster, with the API versions tried in order.
const KINDS: &[(&[&str], &str)] = &[
    (&["networking.k8s.io/v1"], "IngressClass"),
    (&["networking.k8s.io/v1", "networking.k8s.io/v1beta1", "extensions/v1beta1"], "Ingress"),
    (&["v1"], "Service"),
    (&["apps/v1"], "Deployment"),
    (&["apps/v1"], "StatefulSet"),
    (&["apps/v1"], "DaemonSet"),
];

/// The cluster's objects `migrate` reads, and the nginx ConfigMap `namespace/name` if it exists.
pub async fn read_cluster(client: kube::Client, cluster: &str, configmap: (&str, &str)) -> anyhow::Result<Vec<Object>> {
    let mut inventory = Inventory::new(client);
    let mut out = Vec::new();
    for (versions, kind) in KINDS {
        let items =
            inventory.list(versions, kind, None, "").await.with_context(|| format!("listing {kind} objects"))?;
        out.extend(items.into_iter().map(|item| live_object(cluster, item)));
    }
    let (ns, name) = configmap;
    let maps = inventory
        .list(&["v1"], "ConfigMap", Some(ns), "")
        .await
        .with_context(|| format!("listing ConfigMaps in namespace {ns}"))?;
    out.extend(maps.into_iter().filter(|m| m["metadata"]["name"] == name).map(|item| live_object(cluster, item)));
    // NB: the API server lists in its own order; sort so that the output does not depend on it.
    out.sort_by(|a, b| (&a.kind, &a.namespace, &a.name).cmp(&(&b.kind, &b.namespace, &b.name)));
    Ok(out)
}

fn live_object(cluster: &str, mut item: serde_json::Value) -> Object {
    if let Some(meta) = item["metadata"].as_object_mut() {
        for noise in ["managedFields", "resourceVersion", "uid", "creationTimestamp", "generation"] {
            meta.remove(noise);
        }
    }
    if let Some(obj) = item.as_object_mut() {
        obj.remove("status");
    }
    let file = address(cluster, &item);
    let mut o = Object::new(item, file, None);
    if o.value["metadata"]["namespace"].is_null() {
        o.namespace = String::new();
    }
    o
}

/// The ACM certificates of the context's region.
pub async fn read_certificates(ctx: &Context) -> anyhow::Result<Vec<Certificate>> {
    let found = aws::acm::list_certificates(&ctx.aws.acm).await?;
    Ok(found.into_iter().map(|c| Certificate { arn: c.arn, status: c.status, names: c.names }).collect())
}
