//! Valid option values for every KiwiVM subcommand of the catalog, looked up from the simulator, so
//! each subcommand can be sent as a person would send it.

use kiwiops::catalog::{self, Action};
use kiwiops::simulator::{Suspension, Violation};

use super::{Harness, DEMO1, DEMO2};

/// Things that exist on demo1 right now: a snapshot, a backup, an address, an image, a location, a
/// template, a free private address, a violation, an export token; and a suspension of demo2, so
/// demo1 keeps answering changes.
pub struct Fixture {
    pub snapshot: String,
    pub backup: String,
    pub ipv4: String,
    pub iso: String,
    pub location: String,
    pub os: String,
    pub private_ip: String,
    pub violation: u64,
    pub suspension: u64,
    pub export_token: String,
}

fn first_text(v: &serde_json::Value, what: &str) -> String {
    v.as_str()
        .map(str::to_string)
        .unwrap_or_else(|| panic!("no {what} in the simulator's reply"))
}

impl Fixture {
    /// Looks the values up with demo1's key and plants a violation (demo1) and a soft suspension (demo2).
    pub async fn gather(h: &Harness) -> Fixture {
        let snaps = h.direct(DEMO1, "snapshot/list", &[]).await;
        let snapshot = first_text(&snaps["snapshots"][0]["fileName"], "snapshot");
        let backups = h.direct(DEMO1, "backup/list", &[]).await;
        let backup = first_text(&backups["backups"][0]["backupToken"], "backup token");
        let info = h.direct(DEMO1, "getServiceInfo", &[]).await;
        let ipv4 = first_text(&info["ip_addresses"][0], "IPv4 address");
        let iso = first_text(&info["available_isos"][0], "ISO");
        let locations = h.direct(DEMO1, "migrate/getLocations", &[]).await;
        let location = first_text(&locations["locations"][0], "location");
        let os_list = h.direct(DEMO1, "getAvailableOS", &[]).await;
        let os = first_text(&os_list["templates"][0], "template");
        let private = h.direct(DEMO1, "privateIp/getAvailableIps", &[]).await;
        let private_ip = first_text(&private["available_ips"][0], "private IP");
        let export = h
            .direct(DEMO1, "snapshot/export", &[("snapshot", snapshot.as_str())])
            .await;
        let export_token = first_text(&export["token"], "export token");
        let violation = h
            .ctl()
            .inject_violation(DEMO1, Violation::new("spam", 10, "mail to a trap"));
        let suspension = h
            .ctl()
            .inject_suspension(DEMO2, Suspension::new("scan", 20, "port scan"));
        assert!(violation > 0 && suspension > 0);
        Fixture {
            snapshot,
            backup,
            ipv4,
            iso,
            location,
            os,
            private_ip,
            violation,
            suspension,
            export_token,
        }
    }

    /// The server a subcommand is tried on: cloning works on OpenVZ only, and demo2 is the suspended one.
    pub fn server_for(invocation: &str) -> &'static str {
        if matches!(invocation, "/clone from-external" | "/abuse unsuspend") {
            "demo2"
        } else {
            "demo1"
        }
    }

    /// The VEID behind `server_for`.
    pub fn veid_for(invocation: &str) -> u64 {
        if Self::server_for(invocation) == "demo2" {
            DEMO2
        } else {
            DEMO1
        }
    }

    /// The options besides `server` that make `invocation` valid and meaningful.
    pub fn options(&self, invocation: &str) -> String {
        let f = self;
        match invocation {
            "/vps hostname" => "name:renamed.example.com".into(),
            "/vps ptr" => format!("ip:{} value:mail.example.com", f.ipv4),
            "/vps usage" => "period:7d".into(),
            "/os reinstall" => format!("os:{}", f.os),
            "/ssh set-keys" => "keys:\"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAItest me@host\"".into(),
            "/shell exec" => "command:\"df -h\"".into(),
            "/shell cd" => "current_dir:/root new_dir:../var/log".into(),
            "/shell script" => "script:\"echo hello\"".into(),
            "/snapshot create" => "description:\"before the test\"".into(),
            "/snapshot delete" | "/snapshot restore" | "/snapshot export" => {
                format!("snapshot:{}", f.snapshot)
            }
            "/snapshot sticky" => format!("snapshot:{} sticky:off", f.snapshot),
            "/snapshot import" => format!("source_veid:{DEMO1} source_token:{}", f.export_token),
            "/backup to-snapshot" => format!("backup_token:{}", f.backup),
            "/ip ipv6-delete" => "ip:2001:db8:3e9:1::/64".into(),
            "/ip private-assign" => format!("ip:{}", f.private_ip),
            "/ip private-delete" => format!("ip:{}", f.private_ip),
            "/iso mount" => format!("iso:{}", f.iso),
            "/migrate start" => format!("location:{}", f.location),
            "/abuse resolve" => format!("record_id:{}", f.violation),
            "/abuse unsuspend" => format!("record_id:{}", f.suspension),
            "/notifications set" => "preferences:\"{\\\"policy_violation\\\":0}\"".into(),
            "/clone from-external" => {
                "ip:203.0.113.9 port:22 root_password:\"not a real password\"".into()
            }
            _ => String::new(),
        }
    }

    /// The whole console line for `invocation`.
    pub fn line(&self, invocation: &str) -> String {
        format!(
            "{invocation} server:{} {}",
            Self::server_for(invocation),
            self.options(invocation)
        )
    }
}

/// Every subcommand that makes one KiwiVM call: `(invocation, path)`, in the catalog's order.
pub fn kiwi_subcommands() -> Vec<(String, &'static str)> {
    catalog::commands()
        .iter()
        .flat_map(|c| {
            c.subcommands().iter().filter_map(move |s| match s.action {
                Action::Kiwi { path, .. } => Some((c.invocation(s), path)),
                Action::Manage { .. } => None,
            })
        })
        .collect()
}

/// The level a path needs by default (design.md §4): its risk class's.
pub fn needed_level(path: &str) -> kiwiops::domain::Level {
    kiwiops::kiwivm::call(path)
        .unwrap_or_else(|| panic!("{path} is in the call table"))
        .risk
        .default_level()
}

/// The risk class of a path.
pub fn risk(path: &str) -> kiwiops::domain::Risk {
    kiwiops::kiwivm::call(path)
        .unwrap_or_else(|| panic!("{path} is in the call table"))
        .risk
}

#[test]
fn every_kiwi_subcommand_of_the_catalog_has_sample_values_that_validate() {
    let fixture = Fixture {
        snapshot: "snap.tar.gz".into(),
        backup: "abc".into(),
        ipv4: "192.0.2.1".into(),
        iso: "debian.iso".into(),
        location: "USCA_8".into(),
        os: "debian-12-x86_64".into(),
        private_ip: "10.0.0.5".into(),
        violation: 1,
        suspension: 2,
        export_token: "tok".into(),
    };
    let subs = kiwi_subcommands();
    assert!(subs.len() >= 44, "only {} KiwiVM subcommands", subs.len());
    for (invocation, _) in subs {
        let line = fixture.line(&invocation);
        let parsed = kiwiops::console::parse::parse_line(&line).expect("the line splits");
        let kiwiops::console::parse::Line::Slash {
            command,
            subcommand,
            options,
        } = parsed
        else {
            panic!("{line} is not a slash line");
        };
        if let Err(e) = catalog::validate(&command, subcommand.as_deref(), &options) {
            panic!("{line}: {e}");
        }
    }
}
