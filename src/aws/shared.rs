//! Account-wide reads made once and shared by every cluster of a fleet run: the controller
//! policy (and its versions) and the ELB service-linked role are the same for every cluster
//! of an account, so twenty clusters need them read once, not twenty times.
//!
//! Each read is memoised by its key; concurrent callers of the same key wait for the one read
//! in flight. A failed read is remembered too (as its one-line message, and as AccessDenied
//! when it was one), so every cluster reports the same failure without asking again.

use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex};

use tokio::sync::OnceCell;

use crate::error::AlbctlError;
use crate::model::observed::{PolicyState, PolicyVersionInfo};

/// A failed read as it is kept: enough to rebuild the error a caller branches on.
#[derive(Debug, Clone)]
struct Failure {
    denied: Option<(String, String)>,
    message: String,
}

impl Failure {
    fn of(e: &anyhow::Error) -> Failure {
        let denied = match e.downcast_ref::<AlbctlError>() {
            Some(AlbctlError::AccessDenied { action, detail }) => Some((action.clone(), detail.clone())),
            _ => None,
        };
        Failure { denied, message: format!("{e:#}") }
    }

    fn error(&self) -> anyhow::Error {
        match &self.denied {
            Some((action, detail)) => {
                AlbctlError::AccessDenied { action: action.clone(), detail: detail.clone() }.into()
            }
            None => anyhow::anyhow!("{}", self.message),
        }
    }
}

type Cell<T> = Arc<OnceCell<Result<T, Failure>>>;

/// One memo table: key -> the read's outcome.
struct Memo<T> {
    cells: Mutex<HashMap<String, Cell<T>>>,
}

impl<T: Clone> Memo<T> {
    fn new() -> Memo<T> {
        Memo { cells: Mutex::new(HashMap::new()) }
    }

    async fn get<F, Fut>(&self, key: &str, read: F) -> anyhow::Result<T>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = anyhow::Result<T>>,
    {
        let cell = {
            let mut cells = self.cells.lock().unwrap_or_else(|e| e.into_inner());
            cells.entry(key.to_string()).or_default().clone()
        };
        let outcome = cell.get_or_init(|| async { read().await.map_err(|e| Failure::of(&e)) }).await;
        outcome.clone().map_err(|f| f.error())
    }
}

/// The account-wide reads of one run, shared by its clusters.
pub struct AccountReads {
    iam: aws_sdk_iam::Client,
    policies: Memo<Option<PolicyState>>,
    policy_versions: Memo<Vec<PolicyVersionInfo>>,
    roles: Memo<bool>,
}

impl std::fmt::Debug for AccountReads {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AccountReads").finish_non_exhaustive()
    }
}

impl AccountReads {
    /// Shared reads through this IAM client (IAM is global: one client serves every region).
    pub fn new(iam: aws_sdk_iam::Client) -> AccountReads {
        AccountReads { iam, policies: Memo::new(), policy_versions: Memo::new(), roles: Memo::new() }
    }

    /// [`super::iam::find_policy`], once per ARN.
    pub async fn find_policy(&self, arn: &str) -> anyhow::Result<Option<PolicyState>> {
        self.policies.get(arn, || super::iam::find_policy(&self.iam, arn)).await
    }

    /// [`super::iam::list_policy_versions`], once per ARN.
    pub async fn list_policy_versions(&self, arn: &str) -> anyhow::Result<Vec<PolicyVersionInfo>> {
        self.policy_versions.get(arn, || super::iam::list_policy_versions(&self.iam, arn)).await
    }

    /// [`super::iam::role_exists`], once per name (account-wide roles such as service-linked ones).
    pub async fn role_exists(&self, name: &str) -> anyhow::Result<bool> {
        self.roles.get(name, || super::iam::role_exists(&self.iam, name)).await
    }
}

/// Reads through the shared memo when there is one, else directly: what a single-cluster run
/// (no memo) and a fleet run (one memo for all clusters) both call.
#[derive(Debug, Clone, Copy)]
pub struct Reads<'a> {
    /// The cluster's IAM client.
    pub iam: &'a aws_sdk_iam::Client,
    /// The run's shared reads, in a fleet run.
    pub shared: Option<&'a AccountReads>,
}

impl Reads<'_> {
    /// The policy with its default document.
    pub async fn find_policy(&self, arn: &str) -> anyhow::Result<Option<PolicyState>> {
        match self.shared {
            Some(s) => s.find_policy(arn).await,
            None => super::iam::find_policy(self.iam, arn).await,
        }
    }

    /// The policy's versions.
    pub async fn list_policy_versions(&self, arn: &str) -> anyhow::Result<Vec<PolicyVersionInfo>> {
        match self.shared {
            Some(s) => s.list_policy_versions(arn).await,
            None => super::iam::list_policy_versions(self.iam, arn).await,
        }
    }

    /// Whether an account-wide role exists.
    pub async fn role_exists(&self, name: &str) -> anyhow::Result<bool> {
        match self.shared {
            Some(s) => s.role_exists(name).await,
            None => super::iam::role_exists(self.iam, name).await,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[tokio::test]
    async fn a_key_is_read_once_and_a_denial_is_kept_as_one() {
        let memo: Memo<u32> = Memo::new();
        let calls = AtomicUsize::new(0);
        let read = || async {
            calls.fetch_add(1, Ordering::SeqCst);
            Ok(7)
        };
        let (a, b) = tokio::join!(memo.get("k", read), memo.get("k", read));
        assert_eq!((a.unwrap(), b.unwrap()), (7, 7));
        assert_eq!(calls.load(Ordering::SeqCst), 1);

        let denied: Memo<u32> = Memo::new();
        let deny =
            || async { Err(AlbctlError::AccessDenied { action: "iam:GetPolicy".into(), detail: "no".into() }.into()) };
        let first = denied.get("p", deny).await.unwrap_err();
        let again = denied.get("p", || async { Ok(1) }).await.unwrap_err();
        for e in [first, again] {
            assert!(matches!(e.downcast_ref::<AlbctlError>(), Some(AlbctlError::AccessDenied { .. })), "{e:#}");
        }
    }
}
