//! Upstream's policy revisions (`policies/revisions.yaml`) and the newest one an existing document
//! grants everything of.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::documents::{REVISIONS_YAML, embedded_document};
use super::grants::{Grant, UPSTREAM_SPELLING, action_keys, allows_action, covers_grant, grants};
use crate::model::Partition;

/// One upstream revision of the controller policy (aws partition), from `policies/revisions.yaml`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Revision {
    /// The first release tag that shipped this policy.
    pub first_tag: String,
    /// The last release tag known to ship it (the tag before the next revision).
    pub last_tag: String,
    /// What changed, in a few words.
    pub note: String,
    /// Actions this revision added.
    #[serde(default)]
    pub added: Vec<String>,
    /// Actions this revision stopped granting.
    #[serde(default)]
    pub removed: Vec<String>,
    /// Grants this revision added without adding an action, as IAM statements (aws partition ARNs).
    #[serde(default)]
    pub added_statements: Vec<Value>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RevisionsFile {
    #[serde(rename = "upstream")]
    _upstream: String,
    revisions: Vec<Revision>,
}

/// What a revision requires in full: its own additions and every earlier one's.
pub(super) struct Requirements {
    /// Lowercased action -> upstream spelling.
    pub(super) actions: BTreeMap<String, String>,
    /// Statements (aws partition) whose grants must be covered.
    pub(super) statements: Vec<Value>,
}

static REVISIONS: LazyLock<Vec<Revision>> = LazyLock::new(|| {
    // NB: the tests parse this file, so this cannot fail in a tested build.
    let file: RevisionsFile = serde_saphyr::from_str(REVISIONS_YAML).expect("policies/revisions.yaml is valid");
    file.revisions
});

pub(super) static REQUIREMENTS: LazyLock<Vec<Requirements>> = LazyLock::new(|| {
    let mut actions = BTreeMap::new();
    let mut statements = Vec::new();
    REVISIONS
        .iter()
        .map(|revision| {
            for action in &revision.added {
                actions.insert(action.to_ascii_lowercase(), action.clone());
            }
            for action in &revision.removed {
                actions.remove(&action.to_ascii_lowercase());
            }
            statements.extend(revision.added_statements.iter().cloned());
            Requirements { actions: actions.clone(), statements: statements.clone() }
        })
        .collect()
});

/// Upstream's policy revisions (aws partition), oldest first.
pub fn revisions() -> &'static [Revision] {
    &REVISIONS
}

/// The upstream revision an existing policy corresponds to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RevisionMatch {
    /// The first release tag that shipped the matched revision.
    pub first_tag: String,
    /// The last release tag that shipped it.
    pub last_tag: String,
    /// Actions the pinned controller version needs that the document does not grant, sorted.
    pub missing_actions: Vec<String>,
}

/// The newest upstream revision whose every action the document grants, for the aws partition
/// (and aws-cn, aws-us-gov, aws-eusc, whose policies grant the same actions). See [`matching_revision_in`].
pub fn matching_revision(doc: &Value) -> Option<RevisionMatch> {
    matching_revision_in(doc, Partition::Aws)
}

/// The newest upstream revision whose every action the document grants, leaving out the actions upstream
/// omits from the partition's policy (the isolated partitions lack five); `None` when the document does
/// not even grant the first v2 policy's actions.
///
/// An action is granted when an `Allow` statement's `Action` matches it (wildcards `*` and `?` count) or an
/// `Allow` statement's `NotAction` does not exclude it; resources and conditions are not weighed, except
/// for the statements a revision added without adding an action (`added_statements` in revisions.yaml),
/// which must be covered grant by grant. For the full grant-level picture use [`diff`](super::diff) against
/// [`embedded_document`].
pub fn matching_revision_in(doc: &Value, partition: Partition) -> Option<RevisionMatch> {
    // Actions upstream leaves out of this partition's policy (none for aws, five for the isolated ones).
    let excluded: BTreeSet<String> = action_keys(&embedded_document(Partition::Aws))
        .difference(&action_keys(&embedded_document(partition)))
        .cloned()
        .collect();
    let needed = |action: &String| !excluded.contains(action);
    let allowed: Vec<Grant> = grants(doc).into_iter().filter(Grant::is_allow).collect();
    let missing = |requirements: &Requirements| -> Vec<String> {
        let mut names: Vec<String> = requirements
            .actions
            .iter()
            .filter(|(key, _)| needed(key) && !allows_action(&allowed, key))
            .map(|(_, name)| name.clone())
            .collect();
        names.sort();
        names
    };
    let pinned = REQUIREMENTS.last()?;
    REVISIONS.iter().zip(REQUIREMENTS.iter()).rev().find_map(|(revision, requirements)| {
        let statements_covered = requirements.statements.iter().all(|statement| {
            let needed_grants = grants(&serde_json::json!({ "Statement": [in_partition(statement, partition)] }));
            needed_grants.iter().filter(|g| needed(&g.action)).all(|g| covers_grant(&allowed, g))
        });
        (statements_covered && missing(requirements).is_empty()).then(|| RevisionMatch {
            first_tag: revision.first_tag.clone(),
            last_tag: revision.last_tag.clone(),
            missing_actions: missing(pinned),
        })
    })
}

/// The actions the pinned controller version needs in `partition` (upstream spelling, sorted), split into
/// those the document's `Allow` statements grant (whatever the resource and condition) and those they do not.
pub fn pinned_action_coverage(doc: &Value, partition: Partition) -> (Vec<String>, Vec<String>) {
    let allowed: Vec<Grant> = grants(doc).into_iter().filter(Grant::is_allow).collect();
    let spelled = |key: &String| UPSTREAM_SPELLING.get(key).cloned().unwrap_or_else(|| key.clone());
    let (mut granted, mut missing) = (Vec::new(), Vec::new());
    for key in action_keys(&embedded_document(partition)) {
        if allows_action(&allowed, &key) { granted.push(spelled(&key)) } else { missing.push(spelled(&key)) }
    }
    granted.sort();
    missing.sort();
    (granted, missing)
}

/// A statement with its aws-partition ARNs moved to `partition`.
fn in_partition(statement: &Value, partition: Partition) -> Value {
    match statement {
        Value::String(s) => Value::String(s.replace("arn:aws:", &format!("arn:{partition}:"))),
        Value::Array(items) => Value::Array(items.iter().map(|v| in_partition(v, partition)).collect()),
        Value::Object(map) => Value::Object(map.iter().map(|(k, v)| (k.clone(), in_partition(v, partition))).collect()),
        other => other.clone(),
    }
}
