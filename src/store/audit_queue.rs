//! Audit rows written behind the answer: a command queues its row and answers at once; one task
//! writes the queue in order on a connection of its own, what piled up in one transaction. Every
//! read of the trail and every write transaction waits for the rows queued before it, so in this
//! process the trail reads as it happened and ids follow events. Closing the store writes the rest.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqliteConnection};
use sqlx::{ConnectOptions, Connection};
use tokio::sync::{mpsc, oneshot, Notify};

use super::audit::{insert_audit, AuditEntry};
use super::StoreError;

/// Rows written in one transaction at most, so a long queue still commits as it goes.
const MOST_PER_BATCH: usize = 256;
/// How long the writer waits for more rows after the first, so a burst of commands shares a
/// commit (one WAL write of the audit pages) instead of paying one each.
/// A process killed meanwhile loses at most this much of the trail (rows of reads and refusals;
/// a job's rows are written before it acts).
const LINGER: Duration = Duration::from_millis(25);

enum Message {
    Row(AuditEntry),
    /// Answered once every row queued before it is written.
    Flush(oneshot::Sender<()>),
    /// Write what is queued, close the connection, and stop.
    Close(oneshot::Sender<()>),
}

/// The sending side; the writing task lives as long as the store (or its runtime).
#[derive(Debug)]
pub(super) struct AuditQueue {
    tx: mpsc::UnboundedSender<Message>,
    /// Rows sent and not yet written: a flush with nothing queued costs nothing.
    queued: Arc<AtomicUsize>,
    /// Ends the writer's linger: a flush or a close is waited for, a row is not.
    urgent: Arc<Notify>,
}

impl AuditQueue {
    /// Starts the writing task on the current runtime.
    pub fn start(options: SqliteConnectOptions) -> AuditQueue {
        let (tx, rx) = mpsc::unbounded_channel();
        let queued = Arc::new(AtomicUsize::new(0));
        let urgent = Arc::new(Notify::new());
        tokio::spawn(write_until_closed(
            rx,
            options,
            Arc::clone(&queued),
            Arc::clone(&urgent),
        ));
        AuditQueue { tx, queued, urgent }
    }

    /// Queues a row; gives it back when the writer is gone (its runtime ended, or closed).
    pub fn push(&self, entry: AuditEntry) -> Result<(), AuditEntry> {
        self.queued.fetch_add(1, Ordering::SeqCst);
        self.tx.send(Message::Row(entry)).map_err(|e| {
            self.queued.fetch_sub(1, Ordering::SeqCst);
            match e.0 {
                Message::Row(entry) => entry,
                Message::Flush(_) | Message::Close(_) => unreachable!("a row was sent"),
            }
        })
    }

    /// Waits until every row queued so far is written (or failed and was logged).
    pub async fn flush(&self) {
        if self.queued.load(Ordering::SeqCst) == 0 {
            return;
        }
        let (done, wait) = oneshot::channel();
        if self.tx.send(Message::Flush(done)).is_ok() {
            self.urgent.notify_one();
            let _ = wait.await;
        }
    }

    /// Writes what is queued and closes the writer's connection.
    pub async fn close(&self) {
        let (done, wait) = oneshot::channel();
        if self.tx.send(Message::Close(done)).is_ok() {
            self.urgent.notify_one();
            let _ = wait.await;
        }
    }
}

async fn write_until_closed(
    mut rx: mpsc::UnboundedReceiver<Message>,
    options: SqliteConnectOptions,
    queued: Arc<AtomicUsize>,
    urgent: Arc<Notify>,
) {
    let mut conn: Option<SqliteConnection> = None;
    let mut rows = Vec::new();
    let mut waiting = Vec::new();
    let mut closing = None;
    while let Some(first) = rx.recv().await {
        let mut next = Some(first);
        let deadline = tokio::time::Instant::now() + LINGER;
        loop {
            while let Some(message) = next.take() {
                match message {
                    Message::Row(entry) => rows.push(entry),
                    Message::Flush(done) => waiting.push(done),
                    Message::Close(done) => closing = Some(done),
                }
                if rows.len() < MOST_PER_BATCH && closing.is_none() {
                    next = rx.try_recv().ok();
                }
            }
            // Rows that come within the linger share one commit, and do not wake the writer
            // (each wake is a hop to another thread, on the command's cores); a flush or a close
            // ends the linger at once.
            if rows.is_empty()
                || rows.len() >= MOST_PER_BATCH
                || !waiting.is_empty()
                || closing.is_some()
            {
                break;
            }
            tokio::select! {
                () = tokio::time::sleep_until(deadline) => {}
                () = urgent.notified() => {}
            }
            // Nothing more, or every sender gone: write what there is.
            let Ok(message) = rx.try_recv() else { break };
            next = Some(message);
        }
        if !rows.is_empty() {
            if let Err(e) = write(&mut conn, &options, &rows).await {
                // The connection may be what broke: the next batch opens a new one.
                conn = None;
                let cause = std::error::Error::source(&e).map(ToString::to_string);
                tracing::error!(error = %e, cause = cause.as_deref(), rows = rows.len(), "could not write audit rows");
            }
            queued.fetch_sub(rows.len(), Ordering::SeqCst);
            rows.clear();
        }
        for done in waiting.drain(..) {
            let _ = done.send(());
        }
        if let Some(done) = closing.take() {
            if let Some(conn) = conn.take() {
                let _ = conn.close().await;
            }
            let _ = done.send(());
            return;
        }
    }
}

async fn write(
    conn: &mut Option<SqliteConnection>,
    options: &SqliteConnectOptions,
    rows: &[AuditEntry],
) -> Result<(), StoreError> {
    let conn = match conn {
        Some(conn) => conn,
        None => conn.insert(options.connect().await?),
    };
    if let [row] = rows {
        insert_audit(conn, row).await?;
        return Ok(());
    }
    let mut tx = conn.begin_with("BEGIN IMMEDIATE").await?;
    for row in rows {
        insert_audit(&mut tx, row).await?;
    }
    tx.commit().await?;
    Ok(())
}
