//! Names and addresses: hostname, rDNS, ISO boot, IPv6 subnets, private IPs and migration.

use rand::seq::SliceRandom;
use serde_json::Value;

use super::calls::Ctx;
use super::endpoints_info::multiplier;
use super::fixtures::{self, LOCATIONS};
use super::reply::{ApiError, Fields};
use super::VmType;

fn valid_hostname(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 253
        && name.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
}

pub(super) fn set_hostname(ctx: &mut Ctx<'_>) -> Result<Fields, ApiError> {
    let name = ctx.require("newHostname")?;
    if !valid_hostname(name) {
        return Err(ApiError::rejected(format!("Invalid hostname: {name}")));
    }
    name.clone_into(&mut ctx.vps.hostname);
    ctx.audit("hostname", format!("Hostname set to {name}"));
    Ok(Fields::new())
}

/// An empty `ptr` removes the record.
pub(super) fn set_ptr(ctx: &mut Ctx<'_>) -> Result<Fields, ApiError> {
    let ip = ctx.require("ip")?;
    let ptr = ctx.require("ptr")?;
    if !ctx.vps.ptr.contains_key(ip) {
        return Err(ApiError::rejected(format!(
            "IP address {ip} does not belong to this VPS"
        )));
    }
    if !ptr.is_empty() && !valid_hostname(ptr.trim_end_matches('.')) {
        return Err(ApiError::rejected(format!("Invalid PTR record: {ptr}")));
    }
    let value = (!ptr.is_empty()).then(|| ptr.to_string());
    ctx.vps.ptr.insert(ip.to_string(), value);
    ctx.audit("ptr", format!("PTR of {ip} set to {ptr}"));
    Ok(Fields::new())
}

pub(super) fn iso_mount(ctx: &mut Ctx<'_>) -> Result<Fields, ApiError> {
    let iso = ctx.require("iso")?;
    if ctx.vps.vm_type != VmType::Kvm {
        return Err(ApiError::rejected("ISO images are only available on KVM"));
    }
    if !fixtures::isos(ctx.vps.vm_type).contains(&iso) {
        return Err(ApiError::rejected(format!("Unknown ISO image: {iso}")));
    }
    ctx.vps.iso1 = Some(iso.to_string());
    ctx.audit("iso_mount", format!("ISO mounted: {iso}"));
    Ok(Fields::new())
}

pub(super) fn iso_unmount(ctx: &mut Ctx<'_>) -> Result<Fields, ApiError> {
    if let Some(iso) = ctx.vps.iso1.take() {
        ctx.audit("iso_unmount", format!("ISO unmounted: {iso}"));
    }
    Ok(Fields::new())
}

pub(super) fn ipv6_add(ctx: &mut Ctx<'_>) -> Result<Fields, ApiError> {
    let vps = &*ctx.vps;
    if !vps.location.ipv6_ready {
        return Err(ApiError::rejected("IPv6 is not available in this location"));
    }
    if vps.ipv6.len() >= vps.plan.max_ipv6s as usize {
        return Err(ApiError::rejected(format!(
            "The plan allows at most {} IPv6 subnets",
            vps.plan.max_ipv6s
        )));
    }
    let fresh = (1u32..)
        .map(|n| format!("2001:db8:{:x}:{n:x}::", vps.veid & 0xffff))
        .find(|s| !vps.ipv6.contains(s))
        .unwrap_or_default();
    ctx.vps.ipv6.push(fresh.clone());
    ctx.audit("ipv6_add", format!("IPv6 subnet added: {fresh}/64"));
    let mut f = Fields::new();
    f.insert("assigned_subnet".into(), format!("{fresh}/64").into());
    Ok(f)
}

pub(super) fn ipv6_delete(ctx: &mut Ctx<'_>) -> Result<Fields, ApiError> {
    let ip = ctx.require("ip")?;
    let subnet = ip.trim().trim_end_matches("/64");
    let i = ctx
        .vps
        .ipv6
        .iter()
        .position(|s| s == subnet)
        .ok_or_else(|| ApiError::rejected(format!("IPv6 subnet not found: {ip}")))?;
    ctx.vps.ipv6.remove(i);
    ctx.audit("ipv6_delete", format!("IPv6 subnet released: {subnet}/64"));
    Ok(Fields::new())
}

/// OpenVZ nodes send no `dataTransferMultipliers`: the field is optional on the real API.
pub(super) fn migrate_locations(ctx: &mut Ctx<'_>) -> Result<Fields, ApiError> {
    let current = ctx.vps.location.id;
    let mut descriptions = Fields::new();
    let mut multipliers = Fields::new();
    for l in &LOCATIONS {
        descriptions.insert(l.id.into(), l.description.into());
        multipliers.insert(l.id.into(), multiplier(l.multiplier));
    }
    let others: Vec<&str> = LOCATIONS
        .iter()
        .map(|l| l.id)
        .filter(|id| *id != current)
        .collect();
    let mut f = Fields::new();
    f.insert("currentLocation".into(), current.into());
    f.insert("locations".into(), others.into());
    f.insert("descriptions".into(), Value::Object(descriptions));
    if ctx.vps.vm_type == VmType::Kvm {
        f.insert("dataTransferMultipliers".into(), Value::Object(multipliers));
    }
    Ok(f)
}

pub(super) fn migrate_start(ctx: &mut Ctx<'_>) -> Result<Fields, ApiError> {
    let id = ctx.require("location")?;
    let target = fixtures::location(id)
        .filter(|l| l.id != ctx.vps.location.id)
        .ok_or_else(|| ApiError::rejected(format!("Invalid migration location: {id}")))?;
    ctx.vps.move_to(target);
    let duration = ctx.settings.lock_duration;
    ctx.lock("migrate/start", target.id.to_string(), duration);
    ctx.boot_after(duration);
    ctx.audit("migrate", format!("Migration to {} started", target.id));
    let mut f = Fields::new();
    f.insert("notificationEmail".into(), ctx.vps.email.clone().into());
    f.insert("newIps".into(), ctx.vps.ipv4.clone().into());
    Ok(f)
}

fn free_private_ips(ctx: &Ctx<'_>) -> Result<Vec<String>, ApiError> {
    if ctx.vps.vm_type != VmType::Kvm {
        return Err(ApiError::rejected(
            "Private networking is not available for this plan",
        ));
    }
    let mut pool = ctx.vps.private_pool();
    pool.retain(|ip| !ctx.vps.private_ips.contains(ip));
    Ok(pool)
}

pub(super) fn private_available(ctx: &mut Ctx<'_>) -> Result<Fields, ApiError> {
    let mut f = Fields::new();
    f.insert("available_ips".into(), free_private_ips(ctx)?.into());
    Ok(f)
}

/// Without `ip`, a random free address.
pub(super) fn private_assign(ctx: &mut Ctx<'_>) -> Result<Fields, ApiError> {
    let free = free_private_ips(ctx)?;
    let ip = match ctx.param("ip").filter(|ip| !ip.is_empty()) {
        Some(wanted) if free.iter().any(|f| f == wanted) => wanted.to_string(),
        Some(wanted) => {
            return Err(ApiError::rejected(format!(
                "Private IP {wanted} is not available"
            )))
        }
        None => free
            .choose(&mut rand::thread_rng())
            .cloned()
            .ok_or_else(|| ApiError::rejected("No private IP addresses are available"))?,
    };
    ctx.vps.private_ips.push(ip.clone());
    ctx.audit("private_ip_assign", format!("Private IP assigned: {ip}"));
    let mut f = Fields::new();
    f.insert("assigned_ips".into(), vec![ip].into());
    Ok(f)
}

pub(super) fn private_delete(ctx: &mut Ctx<'_>) -> Result<Fields, ApiError> {
    let ip = ctx.require("ip")?;
    let i = ctx
        .vps
        .private_ips
        .iter()
        .position(|p| p == ip)
        .ok_or_else(|| ApiError::rejected(format!("Private IP {ip} is not assigned")))?;
    ctx.vps.private_ips.remove(i);
    ctx.audit("private_ip_delete", format!("Private IP deleted: {ip}"));
    Ok(Fields::new())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostnames_follow_dns_label_rules() {
        assert!(valid_hostname("web-1.example.com"));
        assert!(!valid_hostname(""));
        assert!(!valid_hostname("-bad.example.com"));
        assert!(!valid_hostname("a..b"));
        assert!(!valid_hostname("sp ace"));
    }
}
