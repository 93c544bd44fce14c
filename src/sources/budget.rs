//! A byte budget on what a database or cache connection may send.
//!
//! The PostgreSQL and Redis clients read a reply whole, and reserve
//! room for the length a reply announces: a server (or anything
//! listening on its port) that announces gigabytes and streams them would
//! grow the doctor's memory with the time the run allows. Everything the
//! doctor asks of either fits in a few megabytes, so a connection that
//! sends more than its budget fails with that reason instead.

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

/// Most bytes one probe's connection may receive.
pub const CONNECTION_BUDGET: usize = 16 << 20;

/// A stream that fails reads once `left` bytes have been received.
pub struct Budgeted<S> {
    inner: S,
    left: usize,
}

impl<S> Budgeted<S> {
    pub fn new(inner: S) -> Self {
        Budgeted { inner, left: CONNECTION_BUDGET }
    }
}

/// The error a connection past its budget fails with.
fn over_budget() -> io::Error {
    io::Error::other(format!(
        "the server sent more than the {} MiB a probe reads",
        CONNECTION_BUDGET >> 20
    ))
}

impl<S: AsyncRead + Unpin> AsyncRead for Budgeted<S> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        if self.left == 0 {
            return Poll::Ready(Err(over_budget()));
        }
        let before = buf.filled().len();
        let read = Pin::new(&mut self.inner).poll_read(cx, buf);
        if let Poll::Ready(Ok(())) = read {
            // One read can overshoot by what the caller's buffer holds;
            // the next one fails.
            let received = buf.filled().len() - before;
            self.left = self.left.saturating_sub(received);
        }
        read
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for Budgeted<S> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.inner).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.inner).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::AsyncReadExt;

    #[tokio::test]
    async fn reads_past_the_budget_fail_with_the_reason() {
        let (mut server, client) = tokio::io::duplex(64 << 10);
        tokio::spawn(async move {
            let chunk = vec![b'x'; 64 << 10];
            while tokio::io::AsyncWriteExt::write_all(&mut server, &chunk).await.is_ok() {}
        });
        let mut client = Budgeted::new(client);
        let mut sink = vec![0; 1 << 20];
        let mut received = 0;
        let error = loop {
            match client.read(&mut sink).await {
                Ok(n) => received += n,
                Err(error) => break error,
            }
        };
        assert!((CONNECTION_BUDGET..CONNECTION_BUDGET + (1 << 20)).contains(&received));
        assert!(error.to_string().contains("16 MiB"), "{error}");
    }
}
