//! Power calls and the read-only views: service info (stored and live), usage, audit log, rate limit.

use serde_json::{json, Value};

use super::calls::Ctx;
use super::endpoints_abuse::MAX_ABUSE_POINTS;
use super::reply::{into_fields, php_map, ApiError, Fields};
use super::screendump::screendump_base64;
use super::state::{Power, VpsState};
use super::usage::{mix, raw_samples};
use super::{fixtures, VmType};

pub(super) fn start(ctx: &mut Ctx<'_>) -> Result<Fields, ApiError> {
    if ctx.vps.suspended() {
        return Err(ApiError::rejected("Service is suspended"));
    }
    if ctx.vps.power == Power::Stopped {
        ctx.boot_after(std::time::Duration::ZERO);
    }
    ctx.audit("start", "VPS started".into());
    Ok(Fields::new())
}

pub(super) fn stop(ctx: &mut Ctx<'_>) -> Result<Fields, ApiError> {
    ctx.vps.power = Power::Stopped;
    ctx.audit("stop", "VPS stopped".into());
    Ok(Fields::new())
}

pub(super) fn restart(ctx: &mut Ctx<'_>) -> Result<Fields, ApiError> {
    if ctx.vps.suspended() {
        return Err(ApiError::rejected("Service is suspended"));
    }
    ctx.boot_after(std::time::Duration::ZERO);
    ctx.audit("restart", "VPS restarted".into());
    Ok(Fields::new())
}

pub(super) fn kill(ctx: &mut Ctx<'_>) -> Result<Fields, ApiError> {
    ctx.vps.power = Power::Stopped;
    ctx.audit("kill", "VPS forcibly stopped".into());
    Ok(Fields::new())
}

pub(super) fn service_info(ctx: &mut Ctx<'_>) -> Result<Fields, ApiError> {
    Ok(stored_fields(ctx.vps))
}

pub(super) fn live_service_info(ctx: &mut Ctx<'_>) -> Result<Fields, ApiError> {
    let vps = &*ctx.vps;
    let mut f = stored_fields(vps);
    let running = vps.power == Power::Running;
    let seed = mix(vps.veid ^ (ctx.unix / 60));
    let load = if running {
        format!(
            "{:.2} {:.2} {:.2}",
            (seed % 90) as f64 / 100.0,
            (seed % 60) as f64 / 100.0,
            (seed % 40) as f64 / 100.0
        )
    } else {
        "0.00 0.00 0.00".to_string()
    };
    f.insert("is_cpu_throttled".into(), "".into());
    if running {
        f.insert("ssh_port".into(), vps.ssh_port.into());
    }
    match vps.vm_type {
        VmType::Kvm => {
            let m = vps.veid.to_be_bytes();
            f.insert("ve_status".into(), vps.power_name().into());
            f.insert(
                "ve_mac1".into(),
                format!("52:54:00:{:02x}:{:02x}:{:02x}", m[5], m[6], m[7]).into(),
            );
            f.insert(
                "ve_used_disk_space_b".into(),
                (vps.plan.disk / 100 * (20 + vps.veid % 30)).into(),
            );
            f.insert(
                "ve_disk_quota_gb".into(),
                vps.plan.disk_quota_gb.to_string().into(),
            );
            f.insert("is_disk_throttled".into(), "0".into());
            if running {
                let ram_kb = vps.plan.ram / 1024;
                f.insert("live_hostname".into(), vps.hostname.clone().into());
                f.insert("load_average".into(), load.into());
                f.insert("mem_available_kb".into(), (ram_kb / 100 * 61).into());
                f.insert("swap_total_kb".into(), (ram_kb / 2).into());
                f.insert("swap_available_kb".into(), (ram_kb / 2 - 1024).into());
            }
            if let Some(lines) = console_lines(vps) {
                f.insert(
                    "screendump_png_base64".into(),
                    screendump_base64(&lines).into(),
                );
            }
        }
        VmType::Ovz => {
            f.insert("vz_status".into(), vz_status(vps, &load));
            f.insert("vz_quota".into(), vz_quota(vps));
        }
    }
    Ok(f)
}

/// What getServiceInfo reports; getLiveServiceInfo adds to it.
fn stored_fields(vps: &VpsState) -> Fields {
    let mut ip_addresses = vps.ipv4.clone();
    ip_addresses.extend(vps.ipv6.iter().cloned());
    let nullroutes = vps
        .nullroutes
        .iter()
        .map(|(ip, n)| {
            let entry = json!({
                "nullroute_timestamp": n.timestamp,
                "nullroute_duration_s": n.duration_s,
                "log": n.log,
            });
            (ip.clone(), entry)
        })
        .collect();
    let ptr = vps
        .ptr
        .iter()
        .map(|(ip, v)| (ip.clone(), v.clone().map_or(Value::Null, Value::from)))
        .collect();
    let loc = vps.location;
    let private_network = vps.vm_type == VmType::Kvm;
    let value = json!({
        "vm_type": vps.vm_type.as_str(),
        "hostname": vps.hostname,
        "node_alias": format!("{}{}", loc.node_prefix, 10 + vps.veid % 40),
        "node_location": loc.description,
        "node_location_id": loc.id,
        "node_datacenter": loc.datacenter,
        "location_ipv6_ready": loc.ipv6_ready,
        "plan": vps.plan.name,
        "plan_monthly_data": vps.plan.monthly_data,
        "monthly_data_multiplier": multiplier(loc.multiplier),
        "plan_disk": vps.plan.disk,
        "plan_ram": vps.plan.ram,
        "plan_swap": vps.plan.swap,
        "plan_max_ipv6s": vps.plan.max_ipv6s,
        "os": vps.os,
        "email": vps.email,
        "data_counter": vps.data_counter,
        "data_next_reset": vps.data_next_reset,
        "ip_addresses": ip_addresses,
        "private_ip_addresses": vps.private_ips,
        "ip_nullroutes": php_map(nullroutes),
        "iso1": vps.iso1,
        "iso2": null,
        "available_isos": fixtures::isos(vps.vm_type),
        "rdns_api_available": true,
        "plan_private_network_available": private_network,
        "location_private_network_available": private_network,
        "ptr": php_map(ptr),
        "suspended": vps.suspended(),
        "policy_violation": !vps.violations.is_empty(),
        "total_abuse_points": vps.total_abuse_points,
        "max_abuse_points": MAX_ABUSE_POINTS,
    });
    into_fields(value)
}

/// A whole multiplier is an integer on the wire, a fractional one a float.
pub(super) fn multiplier(m: f64) -> Value {
    if m.fract() == 0.0 {
        json!(m as u64)
    } else {
        json!(m)
    }
}

fn console_lines(vps: &VpsState) -> Option<Vec<String>> {
    let short = vps.hostname.split('.').next().unwrap_or_default();
    match vps.power {
        Power::Stopped => None,
        Power::Starting { .. } => Some(vec![
            "SeaBIOS (version 1.16.3)".into(),
            String::new(),
            if vps.iso1.is_some() {
                "Booting from DVD/CD...".into()
            } else {
                "Booting from Hard Disk...".into()
            },
        ]),
        Power::Running => Some(vec![
            format!("{} {short} tty1", fixtures::os_banner(&vps.os)),
            String::new(),
            format!("{short} login: _"),
        ]),
    }
}

/// OpenVZ beancounters as the real API sends them: a flat map of strings, `-` where unlimited.
fn vz_status(vps: &VpsState, load: &str) -> Value {
    let running = vps.power == Power::Running;
    let ram_pages = vps.plan.ram / 4096;
    json!({
        "status": if running { "running" } else { "stopped" },
        "load_average": load,
        "nproc": if running { "23" } else { "0" },
        "numproc": if running { "23" } else { "0" },
        "physpages": (if running { ram_pages / 3 } else { 0 }).to_string(),
        "physpages_limit": ram_pages.to_string(),
        "swappages_limit": (vps.plan.swap / 4096).to_string(),
        "numfile": if running { "812" } else { "0" },
        "numtcpsock": if running { "9" } else { "0" },
        "kmemsize": "-",
        "oomguarpages": "-",
    })
}

fn vz_quota(vps: &VpsState) -> Value {
    let hard_kb = vps.plan.disk / 1024;
    json!({
        "occupied_kb": (hard_kb / 100 * (20 + vps.veid % 30)).to_string(),
        "softlimit_kb": (hard_kb / 110 * 100).to_string(),
        "hardlimit_kb": hard_kb.to_string(),
        "occupied_inodes": "48211",
        "softlimit_inodes": "-",
        "hardlimit_inodes": "-",
    })
}

pub(super) fn usage_graphs(_ctx: &mut Ctx<'_>) -> Result<Fields, ApiError> {
    let mut f = Fields::new();
    f.insert(
        "message".into(),
        "getUsageGraphs is deprecated; use getRawUsageStats".into(),
    );
    Ok(f)
}

pub(super) fn raw_usage_stats(ctx: &mut Ctx<'_>) -> Result<Fields, ApiError> {
    let mut f = Fields::new();
    f.insert("data".into(), raw_samples(ctx.vps.veid, ctx.unix).into());
    f.insert("vm_type".into(), ctx.vps.vm_type.as_str().into());
    Ok(f)
}

/// Newest first, as the KiwiVM panel shows it.
pub(super) fn audit_log(ctx: &mut Ctx<'_>) -> Result<Fields, ApiError> {
    let entries: Vec<Value> = ctx
        .vps
        .audit
        .iter()
        .rev()
        .map(|e| {
            if e.numbers_as_strings {
                json!({"timestamp": e.timestamp.to_string(), "requestor_ipv4": e.ipv4.to_string(),
                       "type": e.kind, "summary": e.summary})
            } else {
                json!({"timestamp": e.timestamp, "requestor_ipv4": e.ipv4,
                       "type": e.kind, "summary": e.summary})
            }
        })
        .collect();
    let mut f = Fields::new();
    f.insert("log_entries".into(), entries.into());
    Ok(f)
}

pub(super) fn rate_limit_status(ctx: &mut Ctx<'_>) -> Result<Fields, ApiError> {
    let (r15, r24) = ctx.vps.rate.remaining(ctx.now);
    let mut f = Fields::new();
    f.insert("remaining_points_15min".into(), r15.into());
    f.insert("remaining_points_24h".into(), r24.into());
    Ok(f)
}
