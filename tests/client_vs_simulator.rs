//! The real KiwiVM client against the real simulator, both in-process on loopback: every path of
//! the call table, each failure kind the client knows, and what must never happen (retries of a
//! changing call, a key in an error).

#[path = "client_vs_simulator/behaviour.rs"]
mod behaviour;
#[path = "client_vs_simulator/failures.rs"]
mod failures;
#[path = "client_vs_simulator/support.rs"]
mod support;
#[path = "client_vs_simulator/sweep.rs"]
mod sweep;
#[path = "client_vs_simulator/typed.rs"]
mod typed;
