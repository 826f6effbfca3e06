//! The fixed catalogue a fresh simulated VPS starts from: locations, plans, OS templates, ISOs and
//! notification preferences.

use super::VmType;

pub(super) struct Location {
    pub id: &'static str,
    pub description: &'static str,
    pub datacenter: &'static str,
    pub node_prefix: &'static str,
    /// Loose on purpose: the real API sends `1` for most locations and a fraction for a few.
    pub multiplier: f64,
    pub ipv6_ready: bool,
}

pub(super) const LOCATIONS: [Location; 6] = [
    Location {
        id: "USCA_8",
        description: "US, California (DC8 CN2 GIA-E)",
        datacenter: "US, Los Angeles, California (DC8)",
        node_prefix: "v8",
        multiplier: 1.0,
        ipv6_ready: true,
    },
    Location {
        id: "USCA_FMT",
        description: "US, California, Fremont",
        datacenter: "US, Fremont, California (FMT)",
        node_prefix: "fm",
        multiplier: 1.0,
        ipv6_ready: true,
    },
    Location {
        id: "USNY_2",
        description: "US, New York",
        datacenter: "US, New York (NY2)",
        node_prefix: "ny",
        multiplier: 1.0,
        ipv6_ready: true,
    },
    Location {
        id: "EUNL_9",
        description: "EU, Netherlands, Amsterdam",
        datacenter: "NL, Amsterdam (AMS9)",
        node_prefix: "am",
        multiplier: 1.0,
        ipv6_ready: true,
    },
    Location {
        id: "JPOS_1",
        description: "Japan, Osaka (Softbank)",
        datacenter: "JP, Osaka (OS1)",
        node_prefix: "os",
        multiplier: 2.0,
        ipv6_ready: false,
    },
    Location {
        id: "HKHK_8",
        description: "China, Hong Kong (CN2 GIA)",
        datacenter: "HK, Hong Kong (HK8)",
        node_prefix: "hk",
        multiplier: 1.5,
        ipv6_ready: false,
    },
];

pub(super) fn location(id: &str) -> Option<&'static Location> {
    LOCATIONS.iter().find(|l| l.id == id)
}

pub(super) struct Plan {
    pub name: &'static str,
    pub disk: u64,
    pub ram: u64,
    pub swap: u64,
    pub monthly_data: u64,
    pub max_ipv6s: u32,
    pub disk_quota_gb: u64,
}

const GIB: u64 = 1024 * 1024 * 1024;
const MIB: u64 = 1024 * 1024;

pub(super) fn plan(vm_type: VmType) -> Plan {
    match vm_type {
        VmType::Kvm => Plan {
            name: "kvmv5-40g-2g-1t-ca-cn2gia",
            disk: 40 * GIB,
            ram: 2 * GIB,
            swap: 0,
            monthly_data: 1000 * GIB,
            max_ipv6s: 3,
            disk_quota_gb: 40,
        },
        VmType::Ovz => Plan {
            name: "ovz-10g-512m-500g",
            disk: 10 * GIB,
            ram: 512 * MIB,
            swap: 512 * MIB,
            monthly_data: 500 * GIB,
            max_ipv6s: 1,
            disk_quota_gb: 10,
        },
    }
}

pub(super) fn templates(vm_type: VmType) -> &'static [&'static str] {
    match vm_type {
        VmType::Kvm => &[
            "almalinux-9-x86_64",
            "centos-7-x86_64-bbr",
            "debian-11-x86_64",
            "debian-12-x86_64",
            "rocky-9-x86_64",
            "ubuntu-22.04-x86_64",
            "ubuntu-24.04-x86_64",
        ],
        VmType::Ovz => &[
            "centos-7-x86_64-bbr",
            "debian-11-x86_64",
            "ubuntu-20.04-x86_64",
        ],
    }
}

/// OpenVZ containers cannot boot from an ISO, so they have none.
pub(super) fn isos(vm_type: VmType) -> &'static [&'static str] {
    match vm_type {
        VmType::Kvm => &[
            "debian-12.7.0-amd64-netinst.iso",
            "systemrescue-11.02-amd64.iso",
            "ubuntu-24.04.1-live-server-amd64.iso",
            "virtio-win-0.1.262.iso",
        ],
        VmType::Ovz => &[],
    }
}

/// (category, id, friendly description, enabled by default)
pub(super) const PREFERENCES: [(&str, &str, &str, bool); 10] = [
    (
        "Abuse",
        "policy_violation",
        "A policy violation was recorded",
        true,
    ),
    (
        "Abuse",
        "suspension",
        "The service was suspended or unsuspended",
        true,
    ),
    (
        "Network",
        "nullroute",
        "An IP address was null-routed during a (D)DoS attack",
        true,
    ),
    (
        "Network",
        "data_transfer_80",
        "80% of the monthly data transfer is used",
        true,
    ),
    (
        "Network",
        "data_transfer_100",
        "The monthly data transfer is used up",
        true,
    ),
    (
        "Operations",
        "snapshot_complete",
        "A snapshot was created or restored",
        true,
    ),
    (
        "Operations",
        "reinstall_complete",
        "An OS reinstall completed",
        true,
    ),
    (
        "Operations",
        "migration_complete",
        "A migration completed",
        false,
    ),
    (
        "Operations",
        "backup_complete",
        "An automatic backup completed",
        false,
    ),
    (
        "Security",
        "root_password_reset",
        "The root password was reset",
        true,
    ),
];

/// The console banner a template prints above its login prompt.
pub(super) fn os_banner(template: &str) -> String {
    let mut parts = template.split('-');
    let family = parts.next().unwrap_or_default();
    let version = parts.next().unwrap_or_default();
    match family {
        "debian" => format!("Debian GNU/Linux {version}"),
        "ubuntu" => format!("Ubuntu {version} LTS"),
        "centos" => format!("CentOS Linux {version} (Core)"),
        "almalinux" => format!("AlmaLinux {version}"),
        "rocky" => format!("Rocky Linux {version}"),
        _ => template.to_string(),
    }
}
