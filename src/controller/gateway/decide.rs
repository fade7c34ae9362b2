//! Pure decisions of the Gateway API part: which `--gateway-api` mode applies (the flag, else
//! the last run's choice recorded on the Deployment), which objects of the Gateway API bundle
//! may be written (never a downgrade, never an experimental-channel CRD, never one another
//! field manager or AWS owns unless `--adopt` says so), which GatewayClasses to make, which of
//! the controller's gates its startup detection will turn on, and whether the running
//! controller must restart to see CRDs it started without.
//!
//! No kube client, no I/O: inputs are the objects as read (JSON), outputs are values.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::{Value, json};

use crate::model::gateway::{ALB_GATEWAY_CONTROLLER, LBC_GATEWAY_GROUP, NLB_GATEWAY_CONTROLLER};
use crate::model::gateway_api::{
    self, BUNDLE_VERSION, CHANNEL_ANNOTATION, DETECTED_ANNOTATION, GATES, MIN_BUNDLE_VERSION, MODE_ANNOTATION,
    RESTART_ANNOTATION, STANDARD_CRDS, bundle_marks, parse_version, served_versions,
};
use crate::model::ownership::foreign_field_managers;
use crate::model::{FIELD_MANAGER, GatewayApiMode, MANAGED_BY_LABEL};

/// Where the mode of this run came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ModeSource {
    /// `--gateway-api` on the command line.
    Flag,
    /// The last run's choice, recorded on the controller Deployment.
    LastRun,
    /// Neither: `auto`.
    Default,
}

/// The mode of this run: the flag, else the choice recorded on the Deployment, else `auto`.
pub fn resolve_mode(flag: Option<GatewayApiMode>, deployment: Option<&Value>) -> (GatewayApiMode, ModeSource) {
    if let Some(mode) = flag {
        return (mode, ModeSource::Flag);
    }
    let recorded =
        deployment.and_then(|d| d["metadata"]["annotations"][MODE_ANNOTATION].as_str()).and_then(GatewayApiMode::parse);
    match recorded {
        Some(mode) => (mode, ModeSource::LastRun),
        None => (GatewayApiMode::Auto, ModeSource::Default),
    }
}

/// What the Gateway part reads before it decides, by object name (present objects only).
#[derive(Debug, Clone, Default)]
pub struct GatewayObserved {
    /// CRDs of group `gateway.networking.k8s.io` and `gateway.k8s.aws`.
    pub crds: BTreeMap<String, Value>,
    /// The bundle's ValidatingAdmissionPolicy and its binding, by kind.
    pub policies: BTreeMap<String, Value>,
    /// GatewayClasses albctl would make, by name.
    pub classes: BTreeMap<String, Value>,
    /// The controller Deployment.
    pub deployment: Option<Value>,
}

/// Everything but the cluster's objects that the decision depends on.
#[derive(Debug, Clone)]
pub struct GatewayChoice<'a> {
    /// The mode of this run.
    pub mode: GatewayApiMode,
    /// Where it came from.
    pub source: ModeSource,
    /// The server can hold the Gateway API CRDs (1.25 and newer: CEL validation).
    pub server_supported: bool,
    /// EKS manages the Gateway API CRDs (Auto Mode, `gatewayApi.crds.managed`).
    pub aws_managed: bool,
    /// `--adopt`: take over bundle objects another field manager owns.
    pub adopt: bool,
    /// The bundle to install (`install` only, and only when it is needed), with where it came from.
    pub bundle: Option<(&'a [Value], String)>,
    /// The controller's gateway CRDs as albctl renders them (`auto` and `install`).
    pub controller_crds: &'a [Value],
    /// GatewayClass names for ALB and NLB.
    pub class_names: (&'a str, &'a str),
}

/// One bundle object to write, and whose fields it takes over (`--adopt`).
#[derive(Debug, Clone)]
pub struct BundleWrite {
    /// The object as the bundle ships it.
    pub object: Value,
    /// The other field managers whose fields albctl takes over.
    pub take_over_from: Option<String>,
    /// The cluster already holds every field of it (as read by the plan): not even read again.
    pub unchanged: bool,
}

impl BundleWrite {
    fn new(object: &Value, existing: Option<&Value>, take_over_from: Option<String>) -> BundleWrite {
        let unchanged = take_over_from.is_none() && existing.is_some_and(|e| crate::kube::apply::contains(e, object));
        BundleWrite { object: object.clone(), take_over_from, unchanged }
    }
}

/// The Gateway part's account, printed with the plan and the result.
#[derive(Debug, Clone, Serialize)]
pub struct GatewayDoc {
    /// `auto`, `install` or `off`.
    pub mode: GatewayApiMode,
    /// Where the mode came from.
    pub mode_from: ModeSource,
    /// `on` (both Gateway controllers), `partial` (one of them) or `off`.
    pub support: &'static str,
    /// The gates the controller's startup detection turns on once this run is done.
    pub gates: BTreeMap<&'static str, bool>,
    /// The Gateway API CRDs as this run found them, before it wrote: `v1.6.0 standard`, `absent`, ...
    pub standard_crds: String,
    /// Where the installed bundle came from (URL with its verified sha256, or the file).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bundle: Option<String>,
    /// Objects left as they are, one line each, with why.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub left_alone: Vec<String>,
    /// Why the controller is (or would be) restarted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub restart: Option<String>,
    /// What the user should know: why support is off and the command that turns it on.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// The decision: what to write and what the controller's manifests carry.
#[derive(Debug, Clone)]
pub struct GatewayPlan {
    /// Bundle objects to apply (CRDs first, then the admission policy and binding).
    pub bundle: Vec<BundleWrite>,
    /// GatewayClasses to apply.
    pub classes: Vec<BundleWrite>,
    /// Whether the controller's gateway CRDs are rendered.
    pub controller_crds: bool,
    /// Gates to set false explicitly (`off`).
    pub gates_off: bool,
    /// Deployment annotations albctl sets ([`MODE_ANNOTATION`], [`DETECTED_ANNOTATION`]).
    pub deployment_annotations: BTreeMap<String, String>,
    /// Pod-template annotations albctl sets ([`RESTART_ANNOTATION`]).
    pub pod_annotations: BTreeMap<String, String>,
    /// What is printed with the plan and the result: mode, support, gates, bundle, notes.
    pub doc: GatewayDoc,
}

/// Decides the Gateway part (see the module docs).
pub fn plan_gateway(choice: &GatewayChoice<'_>, observed: &GatewayObserved) -> GatewayPlan {
    let doc = GatewayDoc {
        mode: choice.mode,
        mode_from: choice.source,
        support: "off",
        gates: BTreeMap::new(),
        standard_crds: describe_standard(&observed.crds),
        bundle: None,
        left_alone: Vec::new(),
        restart: None,
        notes: Vec::new(),
    };
    let mut deployment_annotations = BTreeMap::new();
    deployment_annotations.insert(MODE_ANNOTATION.to_string(), choice.mode.as_str().to_string());
    let mut plan = GatewayPlan {
        bundle: Vec::new(),
        classes: Vec::new(),
        controller_crds: false,
        gates_off: false,
        deployment_annotations,
        pod_annotations: BTreeMap::new(),
        doc,
    };
    if choice.mode == GatewayApiMode::Off {
        plan.gates_off = true;
        plan.doc.gates = GATES.iter().map(|g| (g.name, false)).collect();
        plan.doc.notes.push(
            "--gateway-api off: the controller's Gateway feature gates are set to false; rerun with \
             --gateway-api auto or install to turn Gateway support on"
                .into(),
        );
        let (record, pod) = restart_marks(observed, "off", false, &mut plan.doc);
        plan.deployment_annotations.extend(record);
        plan.pod_annotations = pod;
        return plan;
    }
    if !choice.server_supported {
        plan.doc.gates = GATES.iter().map(|g| (g.name, false)).collect();
        plan.doc.notes.push(
            "Gateway support stays off: the Gateway API CRDs need Kubernetes 1.25 or newer (CEL validation)".into(),
        );
        return plan;
    }
    plan.controller_crds = true;

    // What the cluster will hold once the bundle objects albctl may write are written.
    let mut after = observed.crds.clone();
    if let Some((bundle, source)) = &choice.bundle {
        plan.doc.bundle = Some(source.clone());
        for obj in bundle.iter() {
            match decide_bundle_object(obj, observed, choice) {
                Ok(write) => {
                    if obj["kind"] == "CustomResourceDefinition"
                        && let Some(name) = obj["metadata"]["name"].as_str()
                    {
                        after.insert(name.to_string(), obj.clone());
                    }
                    // NB: unchanged objects too: the apply reports them unchanged and writes nothing.
                    plan.bundle.push(write);
                }
                Err(line) => plan.doc.left_alone.push(line),
            }
        }
    }
    for crd in choice.controller_crds {
        if let Some(name) = crd["metadata"]["name"].as_str() {
            after.insert(name.to_string(), crd.clone());
        }
    }

    let gates: BTreeMap<&'static str, bool> = GATES.iter().map(|g| (g.name, gate_detected(g, &after))).collect();
    let (alb, nlb) = (gates["ALBGatewayAPI"], gates["NLBGatewayAPI"]);
    plan.doc.support = match (alb, nlb) {
        (true, true) => "on",
        (false, false) => "off",
        _ => "partial",
    };
    plan.doc.gates = gates.clone();
    explain(&mut plan.doc, &after, choice);

    let (alb_class, nlb_class) = choice.class_names;
    for (on, name, controller) in [(alb, alb_class, ALB_GATEWAY_CONTROLLER), (nlb, nlb_class, NLB_GATEWAY_CONTROLLER)] {
        if !on {
            continue;
        }
        match decide_class(name, controller, observed.classes.get(name)) {
            Ok(class) => plan.classes.push(BundleWrite::new(&class, observed.classes.get(name), None)),
            Err(line) => plan.doc.left_alone.push(line),
        }
    }

    let value = gates.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(",");
    let changed_now = crds_change(observed, &after);
    let (record, pod) = restart_marks(observed, &value, changed_now && (alb || nlb), &mut plan.doc);
    plan.deployment_annotations.extend(record);
    plan.pod_annotations = pod;
    plan
}

/// The marks that make the controller restart exactly when the CRDs its startup detection
/// sees change. The Deployment records what the controller detects ([`DETECTED_ANNOTATION`]);
/// when a running controller's record differs from what the cluster now gives (or, with no
/// record, when this run installs or upgrades CRDs that turn a gate on), the pod template gets a
/// new [`RESTART_ANNOTATION`], which rolls the pods; otherwise the pod template keeps the one it
/// has. Returns the Deployment's and the pod template's annotations.
fn restart_marks(
    observed: &GatewayObserved,
    value: &str,
    restart_without_record: bool,
    doc: &mut GatewayDoc,
) -> (BTreeMap<String, String>, BTreeMap<String, String>) {
    let record = BTreeMap::from([(DETECTED_ANNOTATION.to_string(), value.to_string())]);
    let mut pod = BTreeMap::new();
    let Some(deployment) = &observed.deployment else { return (record, pod) };
    let started = deployment["metadata"]["annotations"][DETECTED_ANNOTATION].as_str();
    let restart = match started {
        Some(s) => s != value,
        None => restart_without_record,
    };
    let previous = deployment["spec"]["template"]["metadata"]["annotations"][RESTART_ANNOTATION].as_str();
    if restart {
        doc.restart = Some(match started {
            Some(s) => format!(
                "the controller detects its Gateway CRDs only at startup: it started with {s}, the cluster now gives {value}"
            ),
            None => format!(
                "the controller detects its Gateway CRDs only at startup and started without the CRDs installed now ({value})"
            ),
        });
        let generation = deployment["metadata"]["generation"].as_i64().unwrap_or(0);
        pod.insert(RESTART_ANNOTATION.to_string(), format!("{value} (after generation {generation})"));
    } else if let Some(p) = previous {
        pod.insert(RESTART_ANNOTATION.to_string(), p.to_string());
    }
    (record, pod)
}

/// Whether this run creates a CRD or makes one serve a version it did not serve before.
fn crds_change(observed: &GatewayObserved, after: &BTreeMap<String, Value>) -> bool {
    after.iter().any(|(name, crd)| match observed.crds.get(name) {
        None => true,
        Some(before) => {
            let was = served_versions(before);
            served_versions(crd).iter().any(|v| !was.contains(v))
        }
    })
}

fn find_observed<'a>(obj: &Value, observed: &'a GatewayObserved) -> Option<&'a Value> {
    let name = obj["metadata"]["name"].as_str()?;
    match obj["kind"].as_str()? {
        "CustomResourceDefinition" => observed.crds.get(name),
        kind => observed.policies.get(kind),
    }
}

/// Whether one bundle object may be written; the one line saying why not, if not.
fn decide_bundle_object(
    obj: &Value,
    observed: &GatewayObserved,
    choice: &GatewayChoice<'_>,
) -> Result<BundleWrite, String> {
    let what = format!(
        "{} {}",
        obj["kind"].as_str().unwrap_or_default(),
        obj["metadata"]["name"].as_str().unwrap_or_default()
    );
    let Some(existing) = find_observed(obj, observed) else {
        if choice.aws_managed {
            return Err(format!("{what}: absent, but EKS manages this cluster's Gateway API CRDs: left to AWS"));
        }
        return Ok(BundleWrite::new(obj, None, None));
    };
    if choice.aws_managed {
        return Err(format!("{what}: managed by AWS (EKS Auto Mode's managed Gateway API CRDs): left as is"));
    }
    let (theirs, channel) = bundle_marks(existing);
    let (ours, _) = bundle_marks(obj);
    if channel == Some("experimental") {
        return Err(format!(
            "{what}: on the experimental channel ({}): left as is (replacing it with the standard channel would drop \
             fields objects may use)",
            theirs.unwrap_or("unknown version")
        ));
    }
    if let (Some(t), Some(o)) = (theirs.and_then(parse_version), ours.and_then(parse_version))
        && t > o
    {
        return Err(format!(
            "{what}: at {}, newer than the bundle's {}: left as is (albctl never downgrades)",
            theirs.unwrap_or_default(),
            ours.unwrap_or_default()
        ));
    }
    let managed = existing["metadata"]["managedFields"].as_array().cloned().unwrap_or_default();
    let others = foreign_field_managers(&managed, FIELD_MANAGER);
    if others.is_empty() {
        return Ok(BundleWrite::new(obj, Some(existing), None));
    }
    if choice.adopt {
        return Ok(BundleWrite::new(obj, Some(existing), Some(others.join(", "))));
    }
    Err(format!(
        "{what}: owned by field manager{} {}: left as is (rerun with --adopt to take it over)",
        if others.len() > 1 { "s" } else { "" },
        others.join(", ")
    ))
}

/// The GatewayClass albctl makes for one Gateway controller, or why it leaves an existing one.
fn decide_class(name: &str, controller: &str, existing: Option<&Value>) -> Result<Value, String> {
    if let Some(e) = existing {
        let theirs = e["spec"]["controllerName"].as_str().unwrap_or_default();
        if theirs != controller {
            return Err(format!(
                "GatewayClass {name}: exists for controller {theirs}, not {controller}: left as is (pick another name \
                 with --gateway-class-{})",
                if controller == ALB_GATEWAY_CONTROLLER { "alb" } else { "nlb" }
            ));
        }
        if let Some(m) = crate::model::ownership::foreign_manager(&e["metadata"]) {
            return Err(format!("GatewayClass {name}: exists and is managed by {m}: left as is"));
        }
    }
    Ok(json!({
        "apiVersion": "gateway.networking.k8s.io/v1",
        "kind": "GatewayClass",
        "metadata": {"name": name, "labels": {
            MANAGED_BY_LABEL.0: MANAGED_BY_LABEL.1,
            "app.kubernetes.io/name": crate::controller::render::APP_NAME,
        }},
        "spec": {"controllerName": controller},
    }))
}

/// Whether the controller's startup detection turns `gate` on with these CRDs.
fn gate_detected(gate: &gateway_api::Gate, crds: &BTreeMap<String, Value>) -> bool {
    let serves = |group: &str, kind: &str| {
        crds.values().any(|c| {
            c["spec"]["group"] == group && c["spec"]["names"]["kind"] == kind && served_versions(c).contains(&"v1")
        })
    };
    gate.gateway_api_kinds.iter().all(|k| serves(crate::model::gateway::GATEWAY_API_GROUP, k))
        && (!gate.needs_lbc_kinds
            || ["LoadBalancerConfiguration", "TargetGroupConfiguration", "ListenerRuleConfiguration"]
                .iter()
                .all(|k| serves(LBC_GATEWAY_GROUP, k)))
}

/// `v1.6.0 standard`, `absent`, or the mix found.
fn describe_standard(crds: &BTreeMap<String, Value>) -> String {
    let found: Vec<&Value> = STANDARD_CRDS.iter().filter_map(|n| crds.get(*n)).collect();
    if found.is_empty() {
        return "absent".into();
    }
    let mut marks: Vec<String> = found
        .iter()
        .map(|c| {
            let (v, ch) = bundle_marks(c);
            format!("{} {}", v.unwrap_or("unversioned"), ch.unwrap_or("unknown channel"))
        })
        .collect();
    marks.sort();
    marks.dedup();
    let missing = STANDARD_CRDS.len() - found.len();
    let mut out = marks.join(" + ");
    if missing > 0 {
        out.push_str(&format!(" ({missing} of {} CRDs missing)", STANDARD_CRDS.len()));
    }
    out
}

/// The notes: why support is off or partial and the command that helps; old or experimental CRDs.
fn explain(doc: &mut GatewayDoc, after: &BTreeMap<String, Value>, choice: &GatewayChoice<'_>) {
    let missing: Vec<String> = GATES
        .iter()
        .filter(|g| !doc.gates[g.name])
        .map(|g| {
            let kinds: Vec<&str> = g
                .gateway_api_kinds
                .iter()
                .copied()
                .filter(|k| {
                    !after.values().any(|c| c["spec"]["names"]["kind"] == *k && served_versions(c).contains(&"v1"))
                })
                .collect();
            format!("{} (needs {} at gateway.networking.k8s.io/v1)", g.name, kinds.join(", "))
        })
        .collect();
    let installable = !choice.aws_managed && choice.mode == GatewayApiMode::Auto;
    if !missing.is_empty() {
        let next = if installable {
            "; run with --gateway-api install to install the Gateway API standard bundle ".to_string() + BUNDLE_VERSION
        } else if choice.aws_managed {
            "; EKS manages this cluster's Gateway API CRDs: see the cluster's Auto Mode Gateway API setting".to_string()
        } else {
            String::new()
        };
        let word = if doc.support == "off" { "Gateway support stays off" } else { "Gateway support is partial" };
        doc.notes.push(format!("{word}: the controller turns off {}{next}", missing.join(", ")));
    }
    let min = parse_version(MIN_BUNDLE_VERSION);
    let mut old: Vec<String> = Vec::new();
    for crd in after.values().filter(|c| c["spec"]["group"] == crate::model::gateway::GATEWAY_API_GROUP) {
        let (v, ch) = bundle_marks(crd);
        if v.and_then(parse_version) < min {
            old.push(format!(
                "{} ({})",
                crd["metadata"]["name"].as_str().unwrap_or_default(),
                v.unwrap_or("no version")
            ));
        }
        if ch == Some("experimental") && !doc.notes.iter().any(|n| n.contains(CHANNEL_ANNOTATION)) {
            doc.notes.push(format!(
                "the Gateway API CRDs are on the experimental channel ({CHANNEL_ANNOTATION}); albctl leaves them as they are"
            ));
        }
    }
    if !old.is_empty() {
        doc.notes.push(format!(
            "Gateway API CRDs older than {MIN_BUNDLE_VERSION}, which the controller v3.5.0 is built against: {}{}",
            old.join(", "),
            if installable { "; --gateway-api install upgrades them" } else { "" }
        ));
    }
}

#[cfg(test)]
#[path = "decide_tests.rs"]
mod tests;
