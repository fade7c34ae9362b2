//! The controller's IAM policy: the project's own documents in `policies/`, embedded in the binary, and
//! the pure logic that reads and compares policy documents.
//!
//! It exists because policy text is a poor thing to compare. IAM returns documents URL-encoded, statements
//! come in any order, actions are case-insensitive, and a condition value may be a string or a list. What
//! matters is what a document grants, so this module turns a document into a set of [`Grant`]s and compares
//! those. It also names the upstream policy revision an existing document corresponds to, so that `policy
//! diff` and `doctor` can say "this policy is the one for v2.7.0 and lacks these actions".
//!
//! It must stay pure: no AWS SDK, no tokio, no I/O beyond `include_str!` (tests read the upstream reference
//! copies, nothing else does).

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

use anyhow::{Context as _, bail};
use percent_encoding::percent_decode_str;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::model::Partition;

/// The controller release the embedded policies are pinned to (`policies/VERSION`), e.g. `v3.5.0`.
pub const CONTROLLER_VERSION: &str = include_str!("../policies/VERSION").trim_ascii();

const POLICY_AWS: &str = include_str!("../policies/aws.json");
const POLICY_AWS_CN: &str = include_str!("../policies/aws-cn.json");
const POLICY_AWS_US_GOV: &str = include_str!("../policies/aws-us-gov.json");
const POLICY_AWS_EUSC: &str = include_str!("../policies/aws-eusc.json");
const POLICY_AWS_ISO: &str = include_str!("../policies/aws-iso.json");
const POLICY_AWS_ISO_B: &str = include_str!("../policies/aws-iso-b.json");
const POLICY_AWS_ISO_E: &str = include_str!("../policies/aws-iso-e.json");
const POLICY_AWS_ISO_F: &str = include_str!("../policies/aws-iso-f.json");
const REVISIONS_YAML: &str = include_str!("../policies/revisions.yaml");

/// The embedded controller policy for a partition, exactly as stored in `policies/<partition>.json`.
pub fn embedded_text(partition: Partition) -> &'static str {
    match partition {
        Partition::Aws => POLICY_AWS,
        Partition::AwsCn => POLICY_AWS_CN,
        Partition::AwsUsGov => POLICY_AWS_US_GOV,
        Partition::AwsEusc => POLICY_AWS_EUSC,
        Partition::AwsIso => POLICY_AWS_ISO,
        Partition::AwsIsoB => POLICY_AWS_ISO_B,
        Partition::AwsIsoE => POLICY_AWS_ISO_E,
        Partition::AwsIsoF => POLICY_AWS_ISO_F,
    }
}

/// The embedded controller policy for a partition, parsed.
pub fn embedded_document(partition: Partition) -> Value {
    // NB: the tests parse every embedded file, so this cannot fail in a tested build.
    serde_json::from_str(embedded_text(partition)).expect("embedded policy documents are valid JSON")
}

/// Parses a policy document as IAM or an emulator returns it.
///
/// IAM returns documents percent-encoded (RFC 3986: a space is `%20`, and a literal `+` stays a `+`);
/// moto returns plain JSON. Plain JSON is tried first, then the percent-decoded text. The result must be a
/// JSON object with a `Statement`.
pub fn parse_document(raw: &str) -> anyhow::Result<Value> {
    let text = raw.trim();
    if text.is_empty() {
        bail!("the policy document is empty");
    }
    let doc: Value = match serde_json::from_str(text) {
        Ok(doc) => doc,
        Err(json_err) if text.contains('%') => {
            let decoded = percent_decode_str(text)
                .decode_utf8()
                .context("the policy document looks URL-encoded but does not decode to UTF-8 text")?;
            serde_json::from_str(&decoded)
                .with_context(|| format!("the policy document is neither JSON ({json_err}) nor URL-encoded JSON"))?
        }
        Err(json_err) => bail!("the policy document is neither JSON ({json_err}) nor URL-encoded JSON"),
    };
    match doc.as_object() {
        None => bail!("the policy document is JSON but not an object"),
        Some(map) if !map.contains_key("Statement") => bail!("the policy document has no Statement"),
        Some(_) => Ok(doc),
    }
}

/// Whether a grant's action (or resource) is the one named or everything except those named.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// `Action` / `Resource`: exactly the one named.
    Listed,
    /// `NotAction` / `NotResource`: everything except the comma-separated list named.
    AllExcept,
}

impl Scope {
    fn is_listed(&self) -> bool {
        *self == Scope::Listed
    }
}

/// One (Effect, Action, Resource, Condition) tuple a policy statement grants (or denies).
///
/// Two grants are equal when they mean the same: the action compares case-insensitively (IAM actions are),
/// the condition compares as canonical JSON. A statement with `Action` and `Resource` lists expands into
/// one grant per action and resource. A `NotAction` (or `NotResource`) statement is NOT split: "all except
/// A and B" is not "all except A" plus "all except B", so it becomes grants whose action (or resource) is
/// the whole sorted exclusion list with the [`Scope::AllExcept`] scope.
///
/// NB: `Principal`, `Sid` and the document `Version` are not part of a grant; identity policies have no
/// principal.
#[derive(Debug, Clone, Serialize)]
pub struct Grant {
    /// `Allow` or `Deny`, as written.
    pub effect: String,
    /// [`Scope::AllExcept`] for a `NotAction` statement.
    #[serde(skip_serializing_if = "Scope::is_listed")]
    pub action_scope: Scope,
    /// The action (pattern), lowercased: the comparison key.
    #[serde(skip)]
    pub action: String,
    /// The action as upstream spells it when upstream grants it, else as the document wrote it.
    #[serde(rename = "action")]
    pub action_display: String,
    /// [`Scope::AllExcept`] for a `NotResource` statement.
    #[serde(skip_serializing_if = "Scope::is_listed")]
    pub resource_scope: Scope,
    /// The resource (ARN pattern), case preserved: ARNs are case-sensitive.
    pub resource: String,
    /// The condition block as canonical JSON (keys sorted, every value a sorted list of strings);
    /// `None` when the statement has no condition.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub condition: Option<String>,
}

impl Grant {
    fn key(&self) -> (&str, Scope, &str, Scope, &str, Option<&str>) {
        (&self.effect, self.action_scope, &self.action, self.resource_scope, &self.resource, self.condition.as_deref())
    }

    fn is_allow(&self) -> bool {
        self.effect == "Allow"
    }
}

impl PartialEq for Grant {
    fn eq(&self, other: &Self) -> bool {
        self.key() == other.key()
    }
}

impl Eq for Grant {}

impl PartialOrd for Grant {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Grant {
    fn cmp(&self, other: &Self) -> Ordering {
        self.key().cmp(&other.key())
    }
}

/// Every grant of a policy document (see [`Grant`]).
///
/// Statements without an `Effect`, or without exactly one of `Action`/`NotAction` and one of
/// `Resource`/`NotResource`, grant nothing (IAM rejects them).
pub fn grants(doc: &Value) -> BTreeSet<Grant> {
    let mut out = BTreeSet::new();
    for statement in statements(doc) {
        let Some(effect) = statement.get("Effect").and_then(Value::as_str) else { continue };
        let Some(actions) = scoped(statement, "Action", "NotAction", |s| s.to_ascii_lowercase()) else { continue };
        let Some(resources) = scoped(statement, "Resource", "NotResource", str::to_string) else { continue };
        let condition = canonical_condition(statement.get("Condition"));
        for (action_scope, action, written) in &actions {
            for (resource_scope, resource, _) in &resources {
                out.insert(Grant {
                    effect: effect.to_string(),
                    action_scope: *action_scope,
                    action: action.clone(),
                    action_display: display_action(action, written),
                    resource_scope: *resource_scope,
                    resource: resource.clone(),
                    condition: condition.clone(),
                });
            }
        }
    }
    out
}

/// Whether two documents grant the same (the same set of [`Grant`]s), whatever their layout.
pub fn equivalent(a: &Value, b: &Value) -> bool {
    grants(a) == grants(b)
}

/// What changes when `existing` is replaced by `desired`, by grant and by action.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct PolicyDiff {
    /// Actions with at least one grant in `desired` that `existing` lacks, as `service:Action`, sorted.
    pub added_actions: Vec<String>,
    /// Actions with at least one grant in `existing` that `desired` lacks, as `service:Action`, sorted.
    pub removed_actions: Vec<String>,
    /// Grants of `desired` that `existing` lacks.
    pub added: Vec<Grant>,
    /// Grants of `existing` that `desired` lacks.
    pub removed: Vec<Grant>,
}

impl PolicyDiff {
    /// The two documents grant the same.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty()
    }

    /// The existing document lacks grants the desired one has.
    pub fn lacks_permissions(&self) -> bool {
        !self.added.is_empty()
    }

    /// The existing document has grants the desired one does not (replacing it would drop them).
    ///
    /// NB: a `Deny` only the existing document has also counts: it is a difference worth showing, even
    /// though dropping it grants more rather than less.
    pub fn grants_extra(&self) -> bool {
        !self.removed.is_empty()
    }
}

/// Compares an existing document with the desired one, grant by grant.
///
/// Action lists name only `Action` grants; `NotAction` grants appear in `added`/`removed` alone.
pub fn diff(existing: &Value, desired: &Value) -> PolicyDiff {
    let have = grants(existing);
    let want = grants(desired);
    let added: Vec<Grant> = want.difference(&have).cloned().collect();
    let removed: Vec<Grant> = have.difference(&want).cloned().collect();
    PolicyDiff { added_actions: action_names(&added), removed_actions: action_names(&removed), added, removed }
}

fn action_names(grants: &[Grant]) -> Vec<String> {
    let mut by_key = BTreeMap::new();
    for grant in grants.iter().filter(|g| g.action_scope == Scope::Listed) {
        by_key.entry(grant.action.as_str()).or_insert_with(|| grant.action_display.clone());
    }
    let mut names: Vec<String> = by_key.into_values().collect();
    names.sort();
    names
}

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
struct Requirements {
    /// Lowercased action -> upstream spelling.
    actions: BTreeMap<String, String>,
    /// Statements (aws partition) whose grants must be covered.
    statements: Vec<Value>,
}

static REVISIONS: LazyLock<Vec<Revision>> = LazyLock::new(|| {
    // NB: the tests parse this file, so this cannot fail in a tested build.
    let file: RevisionsFile = serde_saphyr::from_str(REVISIONS_YAML).expect("policies/revisions.yaml is valid");
    file.revisions
});

static REQUIREMENTS: LazyLock<Vec<Requirements>> = LazyLock::new(|| {
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

/// Upstream's spelling of every action any embedded policy grants, by lowercased action.
static UPSTREAM_SPELLING: LazyLock<BTreeMap<String, String>> = LazyLock::new(|| {
    let mut spelling = BTreeMap::new();
    for partition in Partition::ALL {
        for statement in statements(&embedded_document(partition)) {
            if let Some(actions) = statement.get("Action") {
                for action in strings(actions) {
                    spelling.insert(action.to_ascii_lowercase(), action.to_string());
                }
            }
        }
    }
    spelling
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
/// which must be covered grant by grant. For the full grant-level picture use [`diff`] against
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

/// IAM-style wildcard matching (`*` any run, `?` one character), for condition values such as a trust
/// policy's `StringLike` subject.
pub fn wildcard_matches(pattern: &str, text: &str) -> bool {
    wildcard_match(pattern, text)
}

/// The statements of a document (`Statement` may be one object or a list).
fn statements(doc: &Value) -> impl Iterator<Item = &Map<String, Value>> {
    let list: &[Value] = match doc.get("Statement") {
        Some(Value::Array(items)) => items,
        Some(one @ Value::Object(_)) => std::slice::from_ref(one),
        _ => &[],
    };
    list.iter().filter_map(Value::as_object)
}

/// The strings of a value that may be one string or a list of strings.
fn strings(value: &Value) -> impl Iterator<Item = &str> {
    let list: &[Value] = match value {
        Value::Array(items) => items,
        one => std::slice::from_ref(one),
    };
    list.iter().filter_map(Value::as_str)
}

/// `(scope, comparison key, as written)` for each action or resource of a statement, or `None` when the
/// statement has neither or both of `listed`/`excepted`. An exclusion list stays one entry.
fn scoped(
    statement: &Map<String, Value>,
    listed: &str,
    excepted: &str,
    key: impl Fn(&str) -> String,
) -> Option<Vec<(Scope, String, String)>> {
    match (statement.get(listed), statement.get(excepted)) {
        (Some(value), None) => Some(strings(value).map(|s| (Scope::Listed, key(s), s.to_string())).collect()),
        (None, Some(value)) => {
            let excluded: BTreeMap<String, &str> = strings(value).map(|s| (key(s), s)).collect();
            let keys: Vec<&str> = excluded.keys().map(String::as_str).collect();
            let written: Vec<&str> = excluded.values().copied().collect();
            Some(vec![(Scope::AllExcept, keys.join(","), written.join(","))])
        }
        _ => None,
    }
}

fn display_action(key: &str, written: &str) -> String {
    UPSTREAM_SPELLING.get(key).cloned().unwrap_or_else(|| written.to_string())
}

/// The condition block as canonical JSON: operators and keys sorted, each value a sorted, deduplicated list
/// of strings (IAM treats `"x"` like `["x"]`, and `false` like `"false"`). An empty block is no condition.
fn canonical_condition(condition: Option<&Value>) -> Option<String> {
    let canonical = match condition? {
        Value::Null => return None,
        Value::Object(operators) if operators.is_empty() => return None,
        Value::Object(operators) => {
            let sorted: BTreeMap<&String, Value> = operators
                .iter()
                .map(|(operator, block)| {
                    let block = match block {
                        Value::Object(keys) => {
                            let keys: BTreeMap<&String, Value> = keys.iter().map(|(k, v)| (k, value_set(v))).collect();
                            Value::Object(keys.into_iter().map(|(k, v)| (k.clone(), v)).collect())
                        }
                        other => sorted_keys(other),
                    };
                    (operator, block)
                })
                .collect();
            Value::Object(sorted.into_iter().map(|(k, v)| (k.clone(), v)).collect())
        }
        other => sorted_keys(other),
    };
    Some(canonical.to_string())
}

fn value_set(value: &Value) -> Value {
    let list: &[Value] = match value {
        Value::Array(items) => items,
        one => std::slice::from_ref(one),
    };
    let set: BTreeSet<String> = list
        .iter()
        .map(|v| match v {
            Value::String(s) => s.clone(),
            other => sorted_keys(other).to_string(),
        })
        .collect();
    Value::Array(set.into_iter().map(Value::String).collect())
}

/// A copy with every object's keys in sorted order (serde_json keeps insertion order here).
fn sorted_keys(value: &Value) -> Value {
    match value {
        Value::Object(map) => {
            let sorted: BTreeMap<&String, Value> = map.iter().map(|(k, v)| (k, sorted_keys(v))).collect();
            Value::Object(sorted.into_iter().map(|(k, v)| (k.clone(), v)).collect())
        }
        Value::Array(items) => Value::Array(items.iter().map(sorted_keys).collect()),
        other => other.clone(),
    }
}

/// The lowercased actions of a document's `Allow` + `Action` statements.
fn action_keys(doc: &Value) -> BTreeSet<String> {
    grants(doc).into_iter().filter(|g| g.is_allow() && g.action_scope == Scope::Listed).map(|g| g.action).collect()
}

/// Whether some `Allow` grant covers a concrete lowercased action, whatever its resource and condition.
fn allows_action(allowed: &[Grant], action: &str) -> bool {
    allowed.iter().any(|g| action_covered(g, action))
}

fn action_covered(grant: &Grant, action: &str) -> bool {
    match grant.action_scope {
        Scope::Listed => wildcard_match(&grant.action, action),
        Scope::AllExcept => !grant.action.split(',').any(|excluded| wildcard_match(excluded, action)),
    }
}

/// Whether some `Allow` grant is at least as broad as `needed`: it covers the action, its resource pattern
/// covers the needed one, and it has no condition or the same one. `NotResource` grants never count.
fn covers_grant(allowed: &[Grant], needed: &Grant) -> bool {
    allowed.iter().any(|g| {
        action_covered(g, &needed.action)
            && g.resource_scope == Scope::Listed
            && wildcard_match(&g.resource, &needed.resource)
            && (g.condition.is_none() || g.condition == needed.condition)
    })
}

/// IAM wildcard matching: `*` matches any run of characters, `?` one character. The text may itself be a
/// pattern; then `?` and literals never match its `*`, so a match means the pattern covers all it covers.
fn wildcard_match(pattern: &str, text: &str) -> bool {
    let (p, t): (Vec<char>, Vec<char>) = (pattern.chars().collect(), text.chars().collect());
    let (mut pi, mut ti) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        if pi < p.len() && p[pi] == '*' {
            star = Some((pi, ti));
            pi += 1;
        } else if pi < p.len() && t[ti] != '*' && (p[pi] == '?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if let Some((star_pi, star_ti)) = star {
            pi = star_pi + 1;
            ti = star_ti + 1;
            star = Some((star_pi, star_ti + 1));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|c| *c == '*')
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

#[cfg(test)]
mod tests {
    use super::*;
    use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
    use serde_json::json;

    const REFERENCE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/reference/aws-load-balancer-controller");

    fn reference_text(path: &str) -> String {
        let full = format!("{REFERENCE}/{path}");
        std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("reading {full}: {e}"))
    }

    fn reference(path: &str) -> Value {
        parse_document(&reference_text(path)).unwrap_or_else(|e| panic!("parsing {path}: {e:#}"))
    }

    fn upstream_file(partition: Partition) -> &'static str {
        match partition {
            Partition::Aws => "v3.5.0/iam_policy.json",
            Partition::AwsCn => "v3.5.0/iam_policy_cn.json",
            Partition::AwsUsGov => "v3.5.0/iam_policy_us-gov.json",
            Partition::AwsEusc => "v3.5.0/iam_policy_eusc.json",
            Partition::AwsIso => "v3.5.0/iam_policy_iso.json",
            Partition::AwsIsoB => "v3.5.0/iam_policy_isob.json",
            Partition::AwsIsoE => "v3.5.0/iam_policy_isoe.json",
            Partition::AwsIsoF => "v3.5.0/iam_policy_isof.json",
        }
    }

    fn tag(tag: &str) -> (u32, u32, u32) {
        let parts: Vec<u32> =
            tag.strip_prefix('v').expect("tags start with v").split('.').map(|p| p.parse().unwrap()).collect();
        assert_eq!(parts.len(), 3, "{tag}");
        (parts[0], parts[1], parts[2])
    }

    fn allowed_actions(doc: &Value) -> BTreeSet<String> {
        action_keys(doc)
    }

    /// The full action set of a revision, from revisions.yaml.
    fn revision_actions(first_tag: &str) -> BTreeSet<String> {
        let index = revisions().iter().position(|r| r.first_tag == first_tag).expect(first_tag);
        REQUIREMENTS[index].actions.keys().cloned().collect()
    }

    const V2_7_0_MISSING: [&str; 9] = [
        "ec2:DescribeIpamPools",
        "ec2:DescribeRouteTables",
        "ec2:GetSecurityGroupsForVpc",
        "elasticloadbalancing:DescribeCapacityReservation",
        "elasticloadbalancing:DescribeListenerAttributes",
        "elasticloadbalancing:ModifyCapacityReservation",
        "elasticloadbalancing:ModifyIpPools",
        "elasticloadbalancing:ModifyListenerAttributes",
        "elasticloadbalancing:SetRulePriorities",
    ];

    #[test]
    fn embedded_grants_exactly_upstream_in_every_partition() {
        for partition in Partition::ALL {
            let ours = embedded_document(partition);
            let upstream = reference(upstream_file(partition));
            let (ours_grants, upstream_grants) = (grants(&ours), grants(&upstream));
            assert!(upstream_grants.len() > 70, "{partition}: only {} grants", upstream_grants.len());
            assert_eq!(ours_grants, upstream_grants, "{partition}: grants differ from upstream");
            assert_eq!(ours["Version"], upstream["Version"], "{partition}");
            let arn_prefix = format!("arn:{partition}:");
            for grant in &ours_grants {
                assert!(grant.resource == "*" || grant.resource.starts_with(&arn_prefix), "{partition}: {grant:?}");
            }
        }
    }

    #[test]
    fn embedded_aws_grants_exactly_upstream() {
        let diff = diff(&reference("v3.5.0/iam_policy.json"), &embedded_document(Partition::Aws));
        assert!(diff.is_empty(), "{diff:?}");
        assert_eq!(allowed_actions(&embedded_document(Partition::Aws)).len(), 80);
    }

    #[test]
    fn iso_partitions_lack_exactly_five_actions() {
        let aws = allowed_actions(&embedded_document(Partition::Aws));
        for partition in [Partition::AwsIso, Partition::AwsIsoB, Partition::AwsIsoE, Partition::AwsIsoF] {
            let lacking: Vec<String> =
                aws.difference(&allowed_actions(&embedded_document(partition))).cloned().collect();
            assert_eq!(
                lacking,
                [
                    "elasticloadbalancing:describecapacityreservation",
                    "elasticloadbalancing:describelistenerattributes",
                    "elasticloadbalancing:describetruststores",
                    "elasticloadbalancing:modifycapacityreservation",
                    "elasticloadbalancing:modifylistenerattributes",
                ],
                "{partition}"
            );
        }
    }

    #[test]
    fn embedded_files_are_not_copies_of_upstream() {
        let dir = format!("{REFERENCE}/v3.5.0");
        let upstream: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("reading {dir}: {e}"))
            .map(|entry| entry.unwrap().path())
            .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
            .map(|path| (path.display().to_string(), std::fs::read(&path).unwrap()))
            .collect();
        assert!(upstream.len() >= 8, "expected the upstream policy copies in {dir}");
        for partition in Partition::ALL {
            let ours = embedded_text(partition).as_bytes();
            for (path, bytes) in &upstream {
                assert_ne!(ours, bytes.as_slice(), "policies/{partition}.json is a byte copy of {path}");
            }
            // The project's layout: a Sid on every statement, actions sorted.
            for statement in statements(&embedded_document(partition)) {
                assert!(statement.get("Sid").and_then(Value::as_str).is_some_and(|s| !s.is_empty()), "{partition}");
                let actions: Vec<&str> = strings(&statement["Action"]).collect();
                assert!(actions.is_sorted(), "{partition}: {actions:?}");
            }
        }
    }

    #[test]
    fn controller_version_is_the_charts_app_version() {
        assert_eq!(CONTROLLER_VERSION, "v3.5.0");
        let chart = reference_text("v3.5.0/Chart.yaml");
        let app_version = chart
            .lines()
            .find_map(|line| line.strip_prefix("appVersion:"))
            .map(|v| v.trim().trim_matches('"'))
            .expect("Chart.yaml has appVersion");
        assert_eq!(CONTROLLER_VERSION, app_version);
        assert_eq!(revisions().last().unwrap().last_tag, CONTROLLER_VERSION);
    }

    #[test]
    fn url_encoded_document_round_trips() {
        for partition in Partition::ALL {
            let text = embedded_text(partition);
            let encoded = utf8_percent_encode(text, NON_ALPHANUMERIC).to_string();
            assert!(serde_json::from_str::<Value>(&encoded).is_err(), "the encoded form must not be JSON");
            let parsed = parse_document(&encoded).unwrap();
            assert_eq!(parsed, embedded_document(partition), "{partition}");
        }
    }

    #[test]
    fn plus_in_url_encoded_document_is_not_a_space() {
        let encoded = "%7B%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Action%22%3A%22s3%3AGetObject%22%2C\
                       %22Resource%22%3A%22arn%3Aaws%3As3%3A%3A%3Aa+b%20c%22%7D%5D%7D";
        let doc = parse_document(encoded).unwrap();
        assert_eq!(doc["Statement"][0]["Resource"], "arn:aws:s3:::a+b c");
    }

    #[test]
    fn plain_json_is_parsed_as_is() {
        let text =
            r#" {"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"ec2:DescribeVpcs","Resource":"*"}} "#;
        let doc = parse_document(text).unwrap();
        assert_eq!(doc["Statement"]["Action"], "ec2:DescribeVpcs");
    }

    #[test]
    fn parse_document_names_the_problem() {
        let cases = [
            ("", "empty"),
            ("not a policy", "neither JSON"),
            ("%7Bnope", "neither JSON"),
            ("%FF%FE", "UTF-8"),
            ("[1,2]", "not an object"),
            (r#"{"Version":"2012-10-17"}"#, "no Statement"),
        ];
        for (raw, expected) in cases {
            let err = format!("{:#}", parse_document(raw).unwrap_err());
            assert!(err.contains(expected), "{raw:?}: {err}");
        }
    }

    #[test]
    fn diff_of_v2_7_0_against_embedded_names_the_missing_actions() {
        let diff = diff(&reference("v2.7.0/iam_policy.json"), &embedded_document(Partition::Aws));
        assert_eq!(diff.added_actions, V2_7_0_MISSING);
        assert!(diff.removed_actions.is_empty(), "{:?}", diff.removed_actions);
        assert!(diff.removed.is_empty());
        assert_eq!(diff.added.len(), 9);
        assert!(diff.lacks_permissions());
        assert!(!diff.grants_extra());
        assert!(!diff.is_empty());
    }

    #[test]
    fn each_reference_version_matches_its_revision() {
        let table = [
            ("v2.4.7", "v2.4.7", "v2.6.2"),
            ("v2.7.0", "v2.7.0", "v2.8.3"),
            ("v2.7.2", "v2.7.0", "v2.8.3"),
            ("v2.8.3", "v2.7.0", "v2.8.3"),
            ("v2.9.0", "v2.9.0", "v2.9.2"),
            ("v2.10.0", "v2.10.0", "v2.10.1"),
            ("v2.11.0", "v2.11.0", "v2.11.0"),
            ("v2.12.0", "v2.12.0", "v2.12.0"),
            ("v3.5.0", "v2.13.0", "v3.5.0"),
        ];
        let pinned = allowed_actions(&embedded_document(Partition::Aws));
        for (version, first_tag, last_tag) in table {
            let doc = reference(&format!("{version}/iam_policy.json"));
            let found = matching_revision(&doc).unwrap_or_else(|| panic!("{version} matches no revision"));
            assert_eq!((found.first_tag.as_str(), found.last_tag.as_str()), (first_tag, last_tag), "{version}");
            let expected_missing: BTreeSet<String> = pinned.difference(&allowed_actions(&doc)).cloned().collect();
            let missing: BTreeSet<String> = found.missing_actions.iter().map(|a| a.to_ascii_lowercase()).collect();
            assert_eq!(missing, expected_missing, "{version}");
        }
        let v2_7_0 = matching_revision(&reference("v2.7.0/iam_policy.json")).unwrap();
        assert_eq!(v2_7_0.missing_actions, V2_7_0_MISSING);
    }

    #[test]
    fn embedded_document_matches_newest_revision_in_every_partition() {
        for partition in Partition::ALL {
            let found = matching_revision_in(&embedded_document(partition), partition).unwrap();
            let expected = RevisionMatch {
                first_tag: "v2.13.0".into(),
                last_tag: CONTROLLER_VERSION.into(),
                missing_actions: vec![],
            };
            assert_eq!(found, expected, "{partition}");
        }
        assert_eq!(matching_revision(&embedded_document(Partition::Aws)).unwrap().first_tag, "v2.13.0");
    }

    #[test]
    fn revisions_agree_with_reference_files() {
        let tags: Vec<(u32, u32, u32)> =
            revisions().iter().flat_map(|r| [tag(&r.first_tag), tag(&r.last_tag)]).collect();
        assert!(tags.is_sorted(), "revision tags out of order: {tags:?}");
        assert!(revisions().windows(2).all(|w| tag(&w[0].last_tag) < tag(&w[1].first_tag)));
        assert_eq!(revisions().first().unwrap().first_tag, "v2.0.0");
        for revision in revisions() {
            assert!(!revision.note.is_empty(), "{}", revision.first_tag);
            for action in revision.added.iter().chain(&revision.removed) {
                assert_eq!(display_action(&action.to_ascii_lowercase(), "?"), *action, "spelling of {action}");
            }
        }
        // Every reference version grants exactly its revision's actions, and every statement a revision
        // added without an action is in the reference files from that revision on.
        let table = [
            ("v2.4.7", "v2.4.7"),
            ("v2.7.0", "v2.7.0"),
            ("v2.7.2", "v2.7.0"),
            ("v2.8.3", "v2.7.0"),
            ("v2.9.0", "v2.9.0"),
            ("v2.10.0", "v2.10.0"),
            ("v2.11.0", "v2.11.0"),
            ("v2.12.0", "v2.12.0"),
            ("v3.5.0", "v2.13.0"),
        ];
        for (version, first_tag) in table {
            let doc = reference(&format!("{version}/iam_policy.json"));
            assert_eq!(allowed_actions(&doc), revision_actions(first_tag), "{version}");
            let index = revisions().iter().position(|r| r.first_tag == first_tag).unwrap();
            let have = grants(&doc);
            for statement in &REQUIREMENTS[index].statements {
                let needed = grants(&json!({ "Statement": [statement] }));
                assert!(!needed.is_empty());
                assert!(needed.is_subset(&have), "{version} lacks {statement}");
            }
        }
        assert_eq!(revision_actions("v2.13.0"), allowed_actions(&embedded_document(Partition::Aws)));
    }

    #[test]
    fn policy_without_tag_on_create_statement_matches_the_revision_before() {
        let mut doc = reference("v2.4.7/iam_policy.json");
        let list = doc["Statement"].as_array_mut().unwrap();
        let before = list.len();
        list.retain(|s| {
            s.get("Condition")
                .and_then(|c| c.get("StringEquals"))
                .is_none_or(|c| c.get("elasticloadbalancing:CreateAction").is_none())
        });
        assert_eq!(list.len(), before - 1);
        let found = matching_revision(&doc).unwrap();
        assert_eq!((found.first_tag.as_str(), found.last_tag.as_str()), ("v2.3.0", "v2.4.6"));
    }

    #[test]
    fn wildcard_policy_matches_the_newest_revision() {
        let doc = json!({"Statement": [
            {"Effect": "Allow", "Action": ["elasticloadbalancing:*", "ec2:*", "iam:*", "acm:*", "cognito-idp:*",
                "waf-regional:*", "wafv2:*", "shield:*"], "Resource": "*"},
        ]});
        let found = matching_revision(&doc).unwrap();
        assert_eq!((found.first_tag.as_str(), found.missing_actions.len()), ("v2.13.0", 0));
        let not_action =
            json!({"Statement": {"Effect": "Allow", "NotAction": "ec2:DescribeRouteTables", "Resource": "*"}});
        let found = matching_revision(&not_action).unwrap();
        assert_eq!(
            (found.first_tag.as_str(), found.missing_actions),
            ("v2.12.0", vec!["ec2:DescribeRouteTables".into()])
        );
    }

    #[test]
    fn unrelated_policy_matches_no_revision() {
        let doc = json!({"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]});
        assert_eq!(matching_revision(&doc), None);
        let denied = json!({"Statement": [{"Effect": "Deny", "Action": "*", "Resource": "*"}]});
        assert_eq!(matching_revision(&denied), None);
    }

    /// The embedded document rewritten: statements and lists reversed, actions in other case, one-element
    /// lists as strings, condition values reversed, compact JSON.
    fn reformatted(doc: &Value) -> Value {
        let mut doc = doc.clone();
        let list = doc["Statement"].as_array_mut().unwrap();
        list.reverse();
        for statement in list.iter_mut() {
            let statement = statement.as_object_mut().unwrap();
            statement.remove("Sid");
            let mut actions: Vec<Value> = strings(&statement["Action"])
                .enumerate()
                .map(|(i, a)| Value::String(if i % 2 == 0 { a.to_ascii_lowercase() } else { a.to_ascii_uppercase() }))
                .collect();
            actions.reverse();
            statement["Action"] = if actions.len() == 1 { actions.pop().unwrap() } else { Value::Array(actions) };
            if let Some(Value::Array(resources)) = statement.get_mut("Resource") {
                resources.reverse();
            }
            if let Some(Value::Object(operators)) = statement.get_mut("Condition") {
                for block in operators.values_mut() {
                    for value in block.as_object_mut().unwrap().values_mut() {
                        match value {
                            Value::Array(values) => values.reverse(),
                            one => *one = json!([one.clone()]),
                        }
                    }
                }
            }
        }
        serde_json::from_str(&serde_json::to_string(&doc).unwrap()).unwrap()
    }

    #[test]
    fn diff_is_empty_for_reordered_reformatted_document() {
        for partition in Partition::ALL {
            let desired = embedded_document(partition);
            let existing = reformatted(&desired);
            assert_ne!(existing, desired);
            let diff = diff(&existing, &desired);
            assert!(diff.is_empty(), "{partition}: {diff:?}");
            assert!(!diff.lacks_permissions() && !diff.grants_extra());
            assert!(equivalent(&existing, &desired));
        }
    }

    #[test]
    fn extra_action_shows_in_removed_actions() {
        let desired = embedded_document(Partition::Aws);
        let mut existing = desired.clone();
        existing["Statement"]
            .as_array_mut()
            .unwrap()
            .push(json!({"Effect": "Allow", "Action": ["ec2:DescribeImages", "elasticloadbalancing:addtags"], "Resource": "*"}));
        let diff = diff(&existing, &desired);
        assert_eq!(diff.removed_actions, ["ec2:DescribeImages", "elasticloadbalancing:AddTags"]);
        assert!(diff.added_actions.is_empty());
        assert!(diff.grants_extra() && !diff.lacks_permissions());
        assert!(!equivalent(&existing, &desired));
    }

    #[test]
    fn changed_condition_is_a_different_grant() {
        let desired = embedded_document(Partition::Aws);
        let mut existing = desired.clone();
        let statement = existing["Statement"]
            .as_array_mut()
            .unwrap()
            .iter_mut()
            .find(|s| s["Sid"] == "CreateElbServiceLinkedRole")
            .unwrap();
        statement["Condition"]["StringEquals"]["iam:AWSServiceName"] = json!("ec2.amazonaws.com");
        let diff = diff(&existing, &desired);
        assert_eq!(diff.added_actions, ["iam:CreateServiceLinkedRole"]);
        assert_eq!(diff.removed_actions, ["iam:CreateServiceLinkedRole"]);
        assert_eq!((diff.added.len(), diff.removed.len()), (1, 1));
    }

    #[test]
    fn not_action_statements_are_not_split() {
        let together = json!({"Statement": {"Effect": "Allow", "NotAction": ["iam:*", "sts:*"], "Resource": "*"}});
        let apart = json!({"Statement": [
            {"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"},
            {"Effect": "Allow", "NotAction": "sts:*", "Resource": "*"},
        ]});
        assert!(!equivalent(&together, &apart));
        let reordered = json!({"Statement": [{"Effect": "Allow", "NotAction": ["STS:*", "iam:*"], "Resource": "*"}]});
        assert!(equivalent(&together, &reordered));
        let grant = grants(&together).into_iter().next().unwrap();
        assert_eq!((grant.action_scope, grant.action.as_str()), (Scope::AllExcept, "iam:*,sts:*"));
        let listed = json!({"Statement": {"Effect": "Allow", "Action": ["iam:*", "sts:*"], "Resource": "*"}});
        assert!(!equivalent(&together, &listed));
    }

    #[test]
    fn condition_values_compare_as_sets_of_strings() {
        let doc = |condition: Value| json!({"Statement": {"Effect": "Allow", "Action": "ec2:CreateTags", "Resource": "*", "Condition": condition}});
        let a = doc(json!({"Null": {"aws:RequestTag/k": "false"}, "StringEquals": {"ec2:CreateAction": ["A", "B"]}}));
        let b =
            doc(json!({"StringEquals": {"ec2:CreateAction": ["B", "A", "B"]}, "Null": {"aws:RequestTag/k": [false]}}));
        let c = doc(json!({"Null": {"aws:RequestTag/k": "true"}, "StringEquals": {"ec2:CreateAction": ["A", "B"]}}));
        assert!(equivalent(&a, &b));
        assert!(!equivalent(&a, &c));
        let none = doc(json!({}));
        assert_eq!(grants(&none).into_iter().next().unwrap().condition, None);
    }

    #[test]
    fn grants_serialize_with_upstream_spelling() {
        let doc = json!({"Statement": {"Effect": "Allow", "Action": "ELASTICLOADBALANCING:addtags", "Resource": "*"}});
        let grant = grants(&doc).into_iter().next().unwrap();
        assert_eq!(
            serde_json::to_value(&grant).unwrap(),
            json!({"effect": "Allow", "action": "elasticloadbalancing:AddTags", "resource": "*"})
        );
    }

    #[test]
    fn wildcards_match_like_iam() {
        assert!(wildcard_match("ec2:describe*", "ec2:describevpcs"));
        assert!(wildcard_match("*", "anything"));
        assert!(wildcard_match("ec2:describe?pcs", "ec2:describevpcs"));
        assert!(!wildcard_match("ec2:describe*", "elasticloadbalancing:describetags"));
        assert!(!wildcard_match("ec2:describevpcs", "ec2:describevpcsx"));
        assert!(wildcard_match(
            "arn:aws:elasticloadbalancing:*:*:*",
            "arn:aws:elasticloadbalancing:*:*:targetgroup/*/*"
        ));
        assert!(!wildcard_match("arn:aws:elasticloadbalancing:?:*:*", "arn:aws:elasticloadbalancing:*:*:x"));
    }
}
