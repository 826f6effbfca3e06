//! What the watcher saw of one server in one round, as plain data: the input of the alert rules.
//!
//! Every part is optional: `None` means "not read this round" (the budget was short, the call
//! failed, or the VPS was locked), and the rules then leave the alerts of that part as they are.

use super::PanelEntry;

/// The run state KiwiVM reported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Power {
    Running,
    Starting,
    Stopped,
    /// A word the bot does not know: counted as down (KiwiVM cannot say it runs).
    Other(String),
}

impl Power {
    pub fn as_str(&self) -> &str {
        match self {
            Power::Running => "running",
            Power::Starting => "starting",
            Power::Stopped => "stopped",
            Power::Other(s) => s,
        }
    }
}

/// Whether the stored key still opens the VPS.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum KeyState {
    /// A call succeeded with it.
    Accepted,
    /// KiwiVM answered 700005.
    Rejected,
    /// No call answered either way.
    #[default]
    Unknown,
}

/// One null-routed IP.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NullRouted {
    pub ip: String,
    pub since: Option<i64>,
    pub duration_s: Option<u64>,
    pub log: Option<String>,
}

/// The month's transfer, both after `monthly_data_multiplier`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DataUse {
    pub used: u64,
    pub quota: u64,
    pub next_reset: Option<i64>,
}

/// What `getServiceInfo` (or the stored half of `getLiveServiceInfo`) said.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ServiceFacts {
    pub suspended: bool,
    /// KiwiVM's flag that `getPolicyViolations` has something.
    pub violation_flag: bool,
    pub total_points: Option<u64>,
    pub max_points: Option<u64>,
    pub nullroutes: Vec<NullRouted>,
    pub data: Option<DataUse>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ViolationFacts {
    pub record_id: u64,
    pub flag: String,
    pub points: Option<u64>,
    pub suspend_at: Option<i64>,
    pub is_soft: bool,
    pub evidence: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SuspensionFacts {
    pub record_id: u64,
    pub flag: String,
    pub is_soft: bool,
    pub points: Option<u64>,
    pub evidence: String,
}

/// The points KiwiVM said were left.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Points {
    pub short: i64,
    pub day: i64,
}

/// A KiwiVM call the bot itself made on this server, from its own audit trail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BotAction {
    pub at: i64,
    pub path: String,
}

/// Paths after which a stopped VPS is the bot's own doing.
pub const STOPPING_PATHS: [&str; 9] = [
    "stop",
    "kill",
    "restart",
    "reinstallOS",
    "snapshot/restore",
    "migrate/start",
    "iso/mount",
    "iso/unmount",
    "cloneFromExternalServer",
];

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Snapshot {
    pub veid: u64,
    pub taken_at: i64,
    pub power: Option<Power>,
    pub service: Option<ServiceFacts>,
    /// Read only when `service.violation_flag` is set; `Some(vec![])` when there are none.
    pub violations: Option<Vec<ViolationFacts>>,
    /// Read only when `service.suspended` is set.
    pub suspensions: Option<Vec<SuspensionFacts>>,
    pub points: Option<Points>,
    pub key: KeyState,
    /// KiwiVM's audit log, newest or oldest first.
    pub panel_log: Option<Vec<PanelEntry>>,
    /// The newest panel-log time known: this snapshot's own, or carried from earlier ones.
    pub panel_mark: Option<i64>,
    /// The bot's own KiwiVM calls on this server lately (changes, not reads).
    pub bot_actions: Vec<BotAction>,
}

impl Snapshot {
    /// What survives a restart of a server's last snapshot: the newest panel-log entry seen.
    pub fn remembered(panel_mark: Option<i64>) -> Snapshot {
        Snapshot {
            panel_mark,
            ..Snapshot::default()
        }
    }

    /// The newest entry of this snapshot's panel log, or else the mark it carries.
    pub fn newest_panel_entry(&self) -> Option<i64> {
        let own = self.panel_log.iter().flatten().map(|e| e.at).max();
        own.max(self.panel_mark)
    }

    /// The last time a command of the bot stopped (or rebooted, reinstalled, moved …) the VPS.
    pub fn bot_stopped_at(&self) -> Option<i64> {
        self.bot_actions
            .iter()
            .filter(|a| STOPPING_PATHS.contains(&a.path.as_str()))
            .map(|a| a.at)
            .max()
    }
}
