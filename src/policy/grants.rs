//! A policy document as a set of grants, and what one set of grants lacks against another.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

use serde::Serialize;
use serde_json::{Map, Value};

use super::documents::embedded_document;
use crate::model::Partition;

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

    pub(super) fn is_allow(&self) -> bool {
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

/// Upstream's spelling of every action any embedded policy grants, by lowercased action.
pub(super) static UPSTREAM_SPELLING: LazyLock<BTreeMap<String, String>> = LazyLock::new(|| {
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

/// The statements of a document (`Statement` may be one object or a list).
pub(super) fn statements(doc: &Value) -> impl Iterator<Item = &Map<String, Value>> {
    let list: &[Value] = match doc.get("Statement") {
        Some(Value::Array(items)) => items,
        Some(one @ Value::Object(_)) => std::slice::from_ref(one),
        _ => &[],
    };
    list.iter().filter_map(Value::as_object)
}

/// The strings of a value that may be one string or a list of strings.
pub(super) fn strings(value: &Value) -> impl Iterator<Item = &str> {
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

pub(super) fn display_action(key: &str, written: &str) -> String {
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
pub(super) fn action_keys(doc: &Value) -> BTreeSet<String> {
    grants(doc).into_iter().filter(|g| g.is_allow() && g.action_scope == Scope::Listed).map(|g| g.action).collect()
}

/// Whether some `Allow` grant covers a concrete lowercased action, whatever its resource and condition.
pub(super) fn allows_action(allowed: &[Grant], action: &str) -> bool {
    allowed.iter().any(|g| action_covered(g, action))
}

fn action_covered(grant: &Grant, action: &str) -> bool {
    match grant.action_scope {
        Scope::Listed => wildcard_matches(&grant.action, action),
        Scope::AllExcept => !grant.action.split(',').any(|excluded| wildcard_matches(excluded, action)),
    }
}

/// Whether some `Allow` grant is at least as broad as `needed`: it covers the action, its resource pattern
/// covers the needed one, and it has no condition or the same one. `NotResource` grants never count.
pub(super) fn covers_grant(allowed: &[Grant], needed: &Grant) -> bool {
    allowed.iter().any(|g| {
        action_covered(g, &needed.action)
            && g.resource_scope == Scope::Listed
            && wildcard_matches(&g.resource, &needed.resource)
            && (g.condition.is_none() || g.condition == needed.condition)
    })
}

/// IAM wildcard matching (`*` any run of characters, `?` one character), for actions, resources and
/// condition values such as a trust policy's `StringLike` subject. The text may itself be a pattern;
/// then `?` and literals never match its `*`, so a match means the pattern covers all it covers.
pub fn wildcard_matches(pattern: &str, text: &str) -> bool {
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
