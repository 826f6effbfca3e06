//! The simulator's TCP listener: a handler can mark its connection to be reset, so a test sees a
//! real TCP RST instead of any response.

use std::collections::HashSet;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;

use axum::extract::connect_info::Connected;
use axum::serve::{IncomingStream, Listener};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};

/// Peers whose connection must be reset at the first byte written to them.
#[derive(Default)]
pub(super) struct Resets(Mutex<HashSet<SocketAddr>>);

impl Resets {
    pub fn mark(&self, peer: SocketAddr) {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(peer);
    }

    fn take(&self, peer: SocketAddr) -> bool {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(&peer)
    }
}

pub(super) struct SimListener {
    inner: TcpListener,
    resets: Arc<Resets>,
}

impl SimListener {
    pub fn new(inner: TcpListener, resets: Arc<Resets>) -> SimListener {
        SimListener { inner, resets }
    }
}

impl Listener for SimListener {
    type Io = SimStream;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (SimStream, SocketAddr) {
        loop {
            match self.inner.accept().await {
                Ok((inner, peer)) => {
                    let stream = SimStream {
                        inner,
                        peer,
                        resets: Arc::clone(&self.resets),
                    };
                    return (stream, peer);
                }
                // Out of file descriptors and the like: wait rather than spin, as axum does.
                Err(_) => tokio::time::sleep(Duration::from_millis(50)).await,
            }
        }
    }

    fn local_addr(&self) -> io::Result<SocketAddr> {
        self.inner.local_addr()
    }
}

pub(super) struct SimStream {
    inner: TcpStream,
    peer: SocketAddr,
    resets: Arc<Resets>,
}

impl AsyncRead for SimStream {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl AsyncWrite for SimStream {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        if self.resets.take(self.peer) {
            // Closing with a zero linger sends RST; the error makes hyper drop the connection now.
            let _ = self.inner.set_zero_linger();
            return Poll::Ready(Err(io::ErrorKind::ConnectionReset.into()));
        }
        Pin::new(&mut self.inner).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

impl Drop for SimStream {
    fn drop(&mut self) {
        self.resets.take(self.peer);
    }
}

/// The caller's address, for the audit log and for resets.
#[derive(Debug, Clone, Copy)]
pub(super) struct Peer(pub SocketAddr);

impl Connected<IncomingStream<'_, SimListener>> for Peer {
    fn connect_info(stream: IncomingStream<'_, SimListener>) -> Peer {
        Peer(*stream.remote_addr())
    }
}
