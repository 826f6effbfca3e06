//! The fake gateway: HELLO, IDENTIFY → READY, RESUME → replay + RESUMED (or invalid session),
//! heartbeat acks, and dispatches with increasing sequence numbers, as plain JSON text frames.

use std::sync::Arc;

use axum::extract::ws::{CloseFrame, Message, WebSocket, WebSocketUpgrade};
use axum::extract::State;
use axum::response::Response;
use serde_json::{json, Value};
use tokio::sync::mpsc::{unbounded_channel, UnboundedSender};

use super::state::Shared;
use super::{objects, FakeDiscord, FakeError, GatewayStats, TOKEN};

/// What the session side asks a socket task to write.
pub(crate) enum Outbound {
    Text(String),
    Close(u16),
}

struct Session {
    id: String,
    seq: u64,
    /// Every dispatch of the session, for replay on RESUME.
    log: Vec<(u64, String)>,
}

struct Live {
    connection: u64,
    tx: UnboundedSender<Outbound>,
}

#[derive(Default)]
pub(crate) struct GatewayState {
    counts: GatewayStats,
    session: Option<Session>,
    live: Option<Live>,
    pub last_identify: Option<Value>,
}

impl GatewayState {
    pub fn stats(&self) -> GatewayStats {
        GatewayStats {
            connected: self.live.is_some(),
            seq: self.session.as_ref().map_or(0, |s| s.seq),
            ..self.counts.clone()
        }
    }

    pub fn dispatch(&mut self, event: &str, d: Value) -> Result<std::time::Instant, FakeError> {
        let session = self.session.as_mut().ok_or(FakeError::NoSession)?;
        session.seq += 1;
        let frame = objects::dispatch_frame(event, session.seq, d).to_string();
        session.log.push((session.seq, frame.clone()));
        if let Some(live) = &self.live {
            // A closed socket task means the session waits for a RESUME, which replays the log.
            let _ = live.tx.send(Outbound::Text(frame));
        }
        Ok(std::time::Instant::now())
    }

    pub fn close_live(&mut self, code: u16) {
        if let Some(live) = self.live.take() {
            let _ = live.tx.send(Outbound::Close(code));
        }
    }

    pub fn forget_session(&mut self) {
        self.session = None;
    }

    fn hang_up(&mut self, connection: u64) {
        if self
            .live
            .as_ref()
            .is_some_and(|l| l.connection == connection)
        {
            self.live = None;
        }
    }
}

pub(crate) async fn upgrade(State(shared): State<Arc<Shared>>, ws: WebSocketUpgrade) -> Response {
    ws.on_upgrade(move |socket| serve(shared, socket))
}

async fn serve(shared: Arc<Shared>, mut socket: WebSocket) {
    let connection = shared.next_id();
    let (tx, mut rx) = unbounded_channel();
    shared.with(|inner| inner.gateway.counts.connections += 1);
    let hello = objects::hello_frame(shared.config.heartbeat_interval);
    if socket.send(Message::text(hello.to_string())).await.is_err() {
        return;
    }
    loop {
        tokio::select! {
            incoming = socket.recv() => match incoming {
                Some(Ok(Message::Text(text))) => answer(&shared, connection, &tx, text.as_str()),
                // Keep reading after a Close: that is what flushes tungstenite's Close reply, and
                // serenity's shutdown waits for that reply.
                Some(Ok(_)) => {}
                Some(Err(_)) | None => break,
            },
            outgoing = rx.recv() => match outgoing {
                Some(Outbound::Text(text)) => {
                    if socket.send(Message::text(text)).await.is_err() {
                        break;
                    }
                }
                Some(Outbound::Close(code)) => {
                    let frame = CloseFrame { code, reason: "".into() };
                    if socket.send(Message::Close(Some(frame))).await.is_err() {
                        break;
                    }
                }
                // `tx` lives in this task, so the channel cannot close under it.
                None => break,
            },
        }
    }
    shared.with(|inner| inner.gateway.hang_up(connection));
}

fn token_ok(d: &Value) -> bool {
    let token = d["token"].as_str().unwrap_or_default();
    token == TOKEN || token.strip_prefix("Bot ") == Some(TOKEN)
}

fn answer(shared: &Shared, connection: u64, tx: &UnboundedSender<Outbound>, text: &str) {
    let Ok(frame) = serde_json::from_str::<Value>(text) else {
        // Discord closes with 4002 (decode error) on a frame it cannot parse.
        let _ = tx.send(Outbound::Close(4002));
        return;
    };
    let d = &frame["d"];
    shared.with(|inner| {
        let gateway = &mut inner.gateway;
        match frame["op"].as_u64() {
            Some(1) => {
                gateway.counts.heartbeats += 1;
                let _ = tx.send(Outbound::Text(objects::heartbeat_ack_frame().to_string()));
            }
            Some(2) if !token_ok(d) => {
                let _ = tx.send(Outbound::Close(4004));
            }
            Some(2) => {
                let mut identify = d.clone();
                if let Some(map) = identify.as_object_mut() {
                    map.remove("token");
                }
                gateway.last_identify = Some(identify);
                gateway.counts.identifies += 1;
                let session_id = format!("fake-session-{}", shared.next_id());
                let frame =
                    objects::dispatch_frame("READY", 1, objects::ready(shared, &session_id))
                        .to_string();
                gateway.session = Some(Session {
                    id: session_id,
                    seq: 1,
                    log: Vec::new(),
                });
                let _ = tx.send(Outbound::Text(frame));
                gateway.counts.readies += 1;
                gateway.live = Some(Live {
                    connection,
                    tx: tx.clone(),
                });
            }
            Some(6) => resume(gateway, connection, tx, d),
            // Presence updates, member requests and the like: accepted and ignored.
            _ => {}
        }
    });
}

fn resume(gateway: &mut GatewayState, connection: u64, tx: &UnboundedSender<Outbound>, d: &Value) {
    let known = gateway
        .session
        .as_ref()
        .is_some_and(|s| Some(s.id.as_str()) == d["session_id"].as_str());
    if !known || !token_ok(d) {
        gateway.counts.invalid_sessions += 1;
        let _ = tx.send(Outbound::Text(objects::invalid_session_frame().to_string()));
        return;
    }
    let from = d["seq"].as_u64().unwrap_or(0);
    if let Some(session) = gateway.session.as_mut() {
        for (_, frame) in session.log.iter().filter(|(seq, _)| *seq > from) {
            let _ = tx.send(Outbound::Text(frame.clone()));
        }
        // Replay first, then RESUMED, as Discord does; RESUMED itself is never replayed.
        session.seq += 1;
        let resumed = objects::dispatch_frame("RESUMED", session.seq, json!({}));
        let _ = tx.send(Outbound::Text(resumed.to_string()));
    }
    gateway.live = Some(Live {
        connection,
        tx: tx.clone(),
    });
    gateway.counts.resumes += 1;
}

impl FakeDiscord {
    /// Every kind of frame the gateway sends, built by the same functions it uses, for schema
    /// tests: HELLO, READY, GUILD_CREATE, RESUMED, heartbeat ACK, INVALID_SESSION.
    pub fn gateway_samples(&self) -> Vec<(&'static str, Value)> {
        let shared = &self.shared;
        vec![
            (
                "HELLO",
                objects::hello_frame(shared.config.heartbeat_interval),
            ),
            (
                "READY",
                objects::dispatch_frame("READY", 1, objects::ready(shared, "sample-session")),
            ),
            (
                "GUILD_CREATE",
                objects::dispatch_frame(
                    "GUILD_CREATE",
                    2,
                    objects::guild_create(super::GUILD_ID, "zh-CN", &[super::CHANNEL_ID]),
                ),
            ),
            ("RESUMED", objects::dispatch_frame("RESUMED", 3, json!({}))),
            ("HEARTBEAT_ACK", objects::heartbeat_ack_frame()),
            ("INVALID_SESSION", objects::invalid_session_frame()),
        ]
    }
}
