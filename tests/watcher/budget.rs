//! One KiwiVM budget per VEID: the watcher backs off first and never causes a 429, people's
//! commands run while points remain and are refused with the time they come back once none do.

use kiwiops::engine::{Outcome, Refusal, WatchRefusal};

use super::*;

#[tokio::test]
async fn one_round_over_healthy_servers_costs_three_calls_each() {
    let mut w = World::start().await;
    let paths = [
        "getRateLimitStatus",
        "getLiveServiceInfo",
        "getAuditLog",
        "getServiceInfo",
        "getPolicyViolations",
        "getSuspensionDetails",
    ];
    let calls =
        |w: &World, veid: u64| -> usize { paths.iter().map(|p| w.ctl().call_count(veid, p)).sum() };
    // Adding a server checked its key once.
    let before = [calls(&w, DEMO1), calls(&w, DEMO2)];
    let (report, _) = w.tick().await;
    assert_eq!(report.full, 2);
    for (veid, before) in [DEMO1, DEMO2].into_iter().zip(before) {
        assert_eq!(calls(&w, veid) - before, 3, "VEID {veid}");
    }
    let metrics = w.engine.metrics().render();
    assert!(
        metrics.contains(
            "kiwiops_kiwivm_requests_total{caller=\"watcher\",path=\"getLiveServiceInfo\",outcome=\"sent\"} 2"
        ),
        "{metrics}"
    );
    assert!(metrics.contains("kiwiops_watcher_total{kind=\"poll\",outcome=\"full\"} 2"));
}

#[tokio::test]
async fn with_points_nearly_gone_the_watcher_backs_off_a_person_still_runs_and_nothing_gets_a_429()
{
    let mut w = World::start().await;
    for veid in [DEMO1, DEMO2] {
        w.ctl().set_points(veid, 5, 19_000);
    }
    let (report, _) = w.tick().await;
    assert_eq!(report.full, 0, "{report:?}");
    assert_eq!(report.partial + report.backed_off, 2, "{report:?}");
    for veid in [DEMO1, DEMO2] {
        // The watcher read the points, and stopped there.
        assert_eq!(w.ctl().call_count(veid, "getRateLimitStatus"), 1);
        assert_eq!(w.ctl().call_count(veid, "getLiveServiceInfo"), 0);
    }
    // The budget alert tells the team.
    let budget = w.alert("demo1", "api_budget").await;
    assert_eq!(budget.dedup_key, "demo1/api_budget/15min");
    // A second round does not even ask: the reading says the reserve has begun.
    let (report, _) = w.tick().await;
    assert_eq!(report.backed_off, 2, "{report:?}");
    assert_eq!(w.ctl().call_count(DEMO1, "getRateLimitStatus"), 1);
    let answer = w.engine.handle(info("demo1")).await;
    assert!(matches!(answer.outcome, Outcome::Kiwi(_)), "{answer:?}");
    for veid in [DEMO1, DEMO2] {
        assert_eq!(w.ctl().throttled_count(veid), 0);
    }
}

#[tokio::test]
async fn with_no_point_left_a_person_is_refused_with_the_time_points_come_back() {
    let mut w = World::start().await;
    w.ctl().set_points(DEMO1, 1, 19_000);
    w.tick().await;
    let before = w.ctl().call_count(DEMO1, "getServiceInfo");
    let answer = w.engine.handle(info("demo1")).await;
    let Some(Refusal::Watch(WatchRefusal::BudgetSpent { server, until })) = answer.refusal() else {
        panic!("not refused for the budget: {answer:?}");
    };
    assert_eq!(server.as_str(), "demo1");
    let now = w.engine.now();
    assert!(*until > now && *until <= now + 15 * 60, "{until} vs {now}");
    assert_eq!(w.ctl().call_count(DEMO1, "getServiceInfo"), before);
    assert_eq!(w.ctl().throttled_count(DEMO1), 0);
    // The other server's budget is its own.
    let other = w.engine.handle(info("demo2")).await;
    assert!(matches!(other.outcome, Outcome::Kiwi(_)), "{other:?}");
}

#[tokio::test]
async fn a_429_from_kiwivm_holds_everyone_back_until_it_said() {
    let mut w = World::start().await;
    w.ctl().set_fault(
        "getServiceInfo",
        Some(kiwiops::simulator::Fault::Http429 {
            retry_after: Some(120),
        }),
    );
    let first = w.engine.handle(info("demo1")).await;
    assert!(first.refusal().is_some(), "{first:?}");
    w.ctl().set_fault("getServiceInfo", None);
    let (report, _) = w.tick().await;
    // demo1's key is throttled: the watcher leaves it alone; demo2 is read as usual.
    assert_eq!((report.backed_off, report.full), (1, 1), "{report:?}");
    let held = w.engine.handle(info("demo1")).await;
    assert!(
        matches!(
            held.refusal(),
            Some(Refusal::Watch(WatchRefusal::BudgetSpent { .. }))
        ),
        "{held:?}"
    );
    w.advance(121);
    let later = w.engine.handle(info("demo1")).await;
    assert!(matches!(later.outcome, Outcome::Kiwi(_)), "{later:?}");
}

fn info(server: &str) -> kiwiops::engine::Request {
    kiwiops::engine::Request::new(
        Actor {
            user: UserId(OWNER),
            roles: Vec::new(),
        },
        "vps",
        Some("info"),
        vec![("server".into(), server.into())],
    )
}
