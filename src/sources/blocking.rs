//! Blocking calls that must not hold the doctor past its deadline.
//!
//! tokio waits for its blocking pool when the runtime shuts down, so a
//! `getaddrinfo` against a resolver that does not answer, or a `statvfs` on
//! a hung NFS mount, run there would keep the doctor alive long after
//! `--timeout`. [`detached`] runs such a call on a thread of its own
//! instead: the caller stops waiting at its deadline, and the process exits
//! without that thread.

/// Runs `work` on a detached thread; `None` when the thread could not be
/// started or died without an answer.
pub async fn detached<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> Option<T> {
    let (answer, answered) = tokio::sync::oneshot::channel();
    std::thread::Builder::new()
        .name("llmcfg-blocking".into())
        .spawn(move || {
            // The caller may have stopped waiting; then nobody wants the answer.
            let _ = answer.send(work());
        })
        .ok()?;
    answered.await.ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn answers_and_can_be_abandoned() {
        assert_eq!(detached(|| 6 * 7).await, Some(42));
        let slow = detached(|| std::thread::sleep(std::time::Duration::from_secs(5)));
        let started = std::time::Instant::now();
        let waited = tokio::time::timeout(std::time::Duration::from_millis(20), slow).await;
        assert!(waited.is_err() && started.elapsed() < std::time::Duration::from_secs(1));
    }
}
