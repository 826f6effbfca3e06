//! Running the real `kiwiops` binary from a test: a cleared environment, a fresh directory, and
//! a bounded wait, so a child that hangs fails the test instead of stalling it.
// Every test binary that includes this module uses a different part of it.
#![allow(dead_code)]

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

pub const BIN: &str = env!("CARGO_BIN_EXE_kiwiops");
/// 32 bytes as 64 hex characters, the shape `openssl rand -hex 32` prints.
pub const MASTER_KEY: &str = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
/// Nothing listens on the discard port: a child that tried to reach a service fails on loopback.
pub const NOWHERE: &str = "http://127.0.0.1:9";

/// `kiwiops` in `dir` with nothing from the test runner's environment, stdin closed.
pub fn kiwiops(dir: &Path) -> Command {
    let mut cmd = Command::new(BIN);
    cmd.current_dir(dir).env_clear().stdin(Stdio::null());
    cmd
}

/// Runs `cmd` to its end, killing it (and failing the test) after `limit`. For children that
/// print little: the pipes are read once the child has exited.
pub fn output_within(cmd: &mut Command, limit: Duration) -> Output {
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn kiwiops");
    let started = Instant::now();
    loop {
        if child.try_wait().expect("wait for kiwiops").is_some() {
            return child.wait_with_output().expect("collect kiwiops output");
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let out = child.wait_with_output().expect("collect kiwiops output");
            panic!(
                "kiwiops did not finish within {limit:?}; stdout: {} stderr: {}",
                text(&out.stdout),
                text(&out.stderr)
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}
