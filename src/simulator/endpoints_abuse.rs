//! Abuse records: policy violations, suspensions, and the calls that resolve them.

use serde_json::{json, Value};

use super::calls::Ctx;
use super::reply::{php_map, ApiError, Fields};

pub(super) const MAX_ABUSE_POINTS: u32 = 1500;

fn record_id(ctx: &Ctx<'_>) -> Result<u64, ApiError> {
    let text = ctx.require("record_id")?;
    text.trim()
        .parse()
        .map_err(|_| ApiError::rejected(format!("Invalid record_id: {text}")))
}

/// `suspension_count` is null until the VPS has been suspended once.
pub(super) fn suspension_details(ctx: &mut Ctx<'_>) -> Result<Fields, ApiError> {
    let vps = &*ctx.vps;
    let suspensions: Vec<Value> = vps
        .suspensions
        .iter()
        .map(|(id, evidence_id, s)| {
            json!({
                "record_id": id,
                "flag": s.flag,
                "is_soft": u8::from(s.is_soft),
                "evidence_record_id": evidence_id,
                "abuse_points": s.abuse_points,
            })
        })
        .collect();
    let evidence = vps
        .suspensions
        .iter()
        .map(|(_, evidence_id, s)| (evidence_id.to_string(), Value::from(s.evidence.clone())))
        .collect();
    let count = (vps.suspension_count > 0).then_some(vps.suspension_count);
    let mut f = Fields::new();
    f.insert("suspension_count".into(), json!(count));
    f.insert("total_abuse_points".into(), vps.total_abuse_points.into());
    f.insert("max_abuse_points".into(), MAX_ABUSE_POINTS.into());
    f.insert("suspensions".into(), suspensions.into());
    f.insert("evidence".into(), php_map(evidence));
    Ok(f)
}

pub(super) fn policy_violations(ctx: &mut Ctx<'_>) -> Result<Fields, ApiError> {
    let vps = &*ctx.vps;
    let list: Vec<Value> = vps
        .violations
        .iter()
        .map(|(id, v)| {
            json!({
                "record_id": id,
                "timestamp": v.timestamp,
                "suspend_at": v.suspend_at,
                "flag": v.flag,
                "is_soft": u8::from(v.is_soft),
                "abuse_points": v.abuse_points,
                "evidence_data": v.evidence_data,
            })
        })
        .collect();
    let mut f = Fields::new();
    f.insert("total_abuse_points".into(), vps.total_abuse_points.into());
    f.insert("max_abuse_points".into(), MAX_ABUSE_POINTS.into());
    f.insert("policy_violations".into(), list.into());
    Ok(f)
}

/// Only soft suspensions can be lifted by the API; the others need support.
pub(super) fn unsuspend(ctx: &mut Ctx<'_>) -> Result<Fields, ApiError> {
    let id = record_id(ctx)?;
    let i = ctx
        .vps
        .suspensions
        .iter()
        .position(|(rid, _, _)| *rid == id)
        .ok_or_else(|| ApiError::rejected(format!("No open suspension with record_id {id}")))?;
    if !ctx.vps.suspensions[i].2.is_soft {
        return Err(ApiError::rejected(
            "This suspension cannot be lifted through the API; please contact support",
        ));
    }
    ctx.vps.suspensions.remove(i);
    ctx.audit("unsuspend", format!("Abuse case {id} cleared"));
    Ok(Fields::new())
}

pub(super) fn resolve_violation(ctx: &mut Ctx<'_>) -> Result<Fields, ApiError> {
    let id = record_id(ctx)?;
    let i = ctx
        .vps
        .violations
        .iter()
        .position(|(rid, _)| *rid == id)
        .ok_or_else(|| ApiError::rejected(format!("No open violation with record_id {id}")))?;
    ctx.vps.violations.remove(i);
    ctx.audit(
        "resolve_violation",
        format!("Policy violation {id} resolved"),
    );
    Ok(Fields::new())
}
