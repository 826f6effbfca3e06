//! The README's demo block, pasted whole into the demo: every line is read, every command answered
//! without an error it did not announce, and every job it started ends well.

use std::time::Duration;

use kiwiops::app::Demo;
use kiwiops::console::Console;
use kiwiops::domain::{JobStatus, UserId};
use kiwiops::engine::{Actor, Outcome};

/// The lines between a README's demo markers, inside its code fence.
fn demo_block(readme: &str) -> Vec<String> {
    let start = readme
        .find("<!-- demo-start -->")
        .expect("README.md marks its demo block");
    let end = readme[start..]
        .find("<!-- demo-end -->")
        .map(|e| start + e)
        .expect("the demo block ends");
    readme[start..end]
        .lines()
        .skip_while(|l| !l.starts_with("```"))
        .skip(1)
        .take_while(|l| !l.starts_with("```"))
        .map(str::to_string)
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_readmes_demo_block_runs_whole_in_the_demo_without_an_unannounced_error() {
    run_whole(include_str!("../README.md")).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_chinese_readmes_demo_block_runs_whole_too() {
    run_whole(include_str!("../README.zh-CN.md")).await;
}

async fn run_whole(readme: &str) {
    let lines = demo_block(readme);
    assert!(lines.len() > 10, "the demo block is too short: {lines:?}");
    let config = kiwiops::config::load(Some(std::path::Path::new("/dev/null")))
        .expect("the built-in defaults load")
        .config;
    let demo = Demo::start(&config).await.expect("the demo starts");
    let out = tempfile::tempdir().expect("an output folder");
    let owner = Actor {
        user: demo.owner,
        roles: vec![],
    };
    let mut console = Console::new(demo.engine.clone(), owner, true, out.path().to_path_buf());
    let sweeper_stop = tokio_util::sync::CancellationToken::new();
    let sweeper = tokio::spawn(kiwiops::engine::sweep_until_stopped(
        demo.engine.clone(),
        sweeper_stop.clone().cancelled_owned(),
    ));

    let mut problems = Vec::new();
    for line in &lines {
        let exchange = console.exchange(line).await;
        let printed = exchange.printed;
        let word = line.split_whitespace().next().unwrap_or_default();
        let expect_refusal = line.contains("# refused");
        match exchange.answer {
            None if matches!(word, "as" | "locale") || line.trim().is_empty() => {}
            None => problems.push(format!("not read: {line} → {printed}")),
            Some(answer) => {
                let refused =
                    matches!(answer.outcome, Outcome::Refused(_) | Outcome::Failed { .. });
                if refused != expect_refusal {
                    problems.push(format!("{line} → {:?}", answer.outcome));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));

    // Every job the block started ends done, none failed or unknown.
    let store = demo.engine.store();
    for _ in 0..150 {
        let running = store.jobs_in(JobStatus::Running).await.expect("jobs");
        let approved = store.jobs_in(JobStatus::Approved).await.expect("jobs");
        if running.is_empty() && approved.is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    for bad in [JobStatus::Failed, JobStatus::Unknown, JobStatus::Running] {
        let jobs = store.jobs_in(bad).await.expect("jobs");
        assert!(jobs.is_empty(), "jobs {bad:?}: {jobs:?}");
    }
    let done = store.jobs_in(JobStatus::Done).await.expect("jobs");
    assert!(
        done.len() >= 3,
        "the confirmation, the snapshot and the approval: {done:?}"
    );
    assert_ne!(demo.owner, UserId(0));
    sweeper_stop.cancel();
    let _ = sweeper.await;
    demo.stop().await;
}
