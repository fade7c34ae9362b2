//! Reads the Gateway API facts doctor judges: the CRDs the controller's Gateway support needs
//! (by name, all at once) and the routes of the five kinds its Gateways serve. Reads only;
//! Gateways and GatewayClasses come from the load balancer inventory's read, not a second one.
//!
//! A route kind the server does not serve at `gateway.networking.k8s.io/v1` (its CRD absent or
//! too old) lists as empty; Forbidden is an error, never "absent".

use k8s_openapi::apiextensions_apiserver::pkg::apis::apiextensions::v1::CustomResourceDefinition;
use kube::Client;
use kube::api::{Api, ApiResource, DynamicObject, ListParams};
use kube::core::GroupVersionKind;
use serde_json::{Value, json};

use super::facts::GatewayApiFacts;
use super::gateway_needs::{NEEDED_CRDS, ROUTE_KINDS};
use crate::model::gateway::GATEWAY_API_GROUP;

/// The needed CRDs and every route, concurrently.
pub async fn read_gateway_api(client: &Client) -> anyhow::Result<GatewayApiFacts> {
    let crd_api: Api<CustomResourceDefinition> = Api::all(client.clone());
    let crds = futures::future::try_join_all(NEEDED_CRDS.iter().map(|needed| {
        let api = crd_api.clone();
        async move {
            let crd = api.get_opt(needed.name).await?;
            anyhow::Ok((needed.name.to_string(), crd.map(|c| slim(&c)).transpose()?))
        }
    }));
    let routes = futures::future::try_join_all(ROUTE_KINDS.iter().map(|(kind, plural)| list_v1(client, kind, plural)));
    let (crds, routes) = tokio::join!(crds, routes);
    Ok(GatewayApiFacts { crds: crds?, routes: routes?.concat() })
}

/// A CRD without its schemas: metadata (annotations, creation time, managed fields), group, kind
/// and each version's name with its served and storage flags.
fn slim(crd: &CustomResourceDefinition) -> anyhow::Result<Value> {
    let versions: Vec<Value> =
        crd.spec.versions.iter().map(|v| json!({"name": v.name, "served": v.served, "storage": v.storage})).collect();
    Ok(json!({
        "metadata": serde_json::to_value(&crd.metadata)?,
        "spec": {"group": crd.spec.group, "names": {"kind": crd.spec.names.kind}, "versions": versions},
    }))
}

/// Every object of a route kind at `gateway.networking.k8s.io/v1`, none when not served.
async fn list_v1(client: &Client, kind: &str, plural: &str) -> anyhow::Result<Vec<Value>> {
    let ar = ApiResource::from_gvk_with_plural(&GroupVersionKind::gvk(GATEWAY_API_GROUP, "v1", kind), plural);
    let api: Api<DynamicObject> = Api::all_with(client.clone(), &ar);
    match api.list(&ListParams::default()).await {
        Ok(list) => list
            .items
            .into_iter()
            .map(|o| {
                let mut v = serde_json::to_value(o)?;
                v["kind"] = Value::String(kind.to_string());
                Ok(v)
            })
            .collect(),
        // NB: a group/version that is not served answers a plain 404, not a NotFound Status.
        Err(kube::Error::Api(s)) if s.code == 404 => Ok(vec![]),
        Err(e) => Err(anyhow::Error::new(e).context(format!("listing {kind} objects"))),
    }
}
