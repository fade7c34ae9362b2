//! IAM is eventually consistent: a role or provider just created is not visible everywhere at
//! once. `eventually` retries a call, with backoff and a deadline, until IAM has caught up.

use std::time::Duration;

/// Bound on each IAM eventual-consistency wait.
pub const CONSISTENCY_DEADLINE: Duration = Duration::from_secs(60);

/// Retries `call` while `settled` says IAM has not caught up, with backoff, until a deadline.
pub async fn eventually<T, F, Fut>(mut call: F, settled: impl Fn(&T) -> bool) -> anyhow::Result<T>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = anyhow::Result<T>>,
{
    let start = tokio::time::Instant::now();
    let mut delay = Duration::from_millis(250);
    loop {
        let value = call().await?;
        if settled(&value) || start.elapsed() + delay > CONSISTENCY_DEADLINE {
            return Ok(value);
        }
        tracing::info!("IAM has not caught up yet; retrying in {delay:?}");
        tokio::time::sleep(delay).await;
        delay = (delay * 2).min(Duration::from_secs(5));
    }
}
