//! What no log filter may turn on: the library log sites that print raw Discord payloads, which
//! carry whatever a person typed — API keys, export tokens, root passwords — in the clear.

use tracing::level_filters::LevelFilter;
use tracing_subscriber::filter::Targets;

/// A filter every log line must also pass, whatever `RUST_LOG` or `log.filter` asks for:
/// - `tungstenite` and `tokio_tungstenite` log every websocket frame, so every interaction's options;
/// - serenity's gateway reader logs a payload it cannot parse (`Err deserializing text … text:`),
///   and its gateway and dispatch functions are `#[instrument]`ed at INFO with the event as a
///   field, which the log prints beside any event inside them: serenity speaks only at WARN, and
///   its websocket reader not at all;
/// - serenity's HTTP client logs whole unsuccessful responses at DEBUG.
///
/// Our own code, sqlx, hyper and the rest keep whatever level was asked for.
pub fn secret_safe() -> Targets {
    Targets::new()
        .with_default(LevelFilter::TRACE)
        .with_target("tungstenite", LevelFilter::OFF)
        .with_target("tokio_tungstenite", LevelFilter::OFF)
        .with_target("serenity", LevelFilter::WARN)
        .with_target("serenity::gateway::ws", LevelFilter::OFF)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_frames_and_payload_spans_are_off_whatever_the_filter_asks() {
        let caps = secret_safe();
        assert!(!caps.would_enable("tungstenite::protocol", &tracing::Level::ERROR));
        assert!(!caps.would_enable("tokio_tungstenite", &tracing::Level::ERROR));
        assert!(!caps.would_enable("serenity::gateway::ws", &tracing::Level::ERROR));
        assert!(!caps.would_enable("serenity::gateway::shard", &tracing::Level::INFO));
        assert!(!caps.would_enable("serenity::http::client", &tracing::Level::DEBUG));
        assert!(caps.would_enable("serenity::gateway::shard", &tracing::Level::WARN));
        assert!(caps.would_enable("kiwiops::engine", &tracing::Level::TRACE));
        assert!(caps.would_enable("sqlx::query", &tracing::Level::DEBUG));
    }
}
