//! One request through the simulated API, in the real API's order: path, credentials, rate limit,
//! lock, then the call itself.

use std::time::Duration;

use tokio::time::Instant;

use super::calls::{self, Class, Ctx, Params};
use super::reply::{self, ApiError};
use super::state::{unix_now, VpsState};
use super::world::World;
use super::Fault;

/// What the HTTP layer must do before and after answering.
pub(super) struct Arrival {
    pub fault: Option<Fault>,
    pub latency: Duration,
}

pub(super) enum Outcome {
    /// HTTP 200 with this PHP-style JSON text.
    Body(String),
    /// HTTP 429: the points of a window are used up.
    TooMany { retry_after: u64 },
}

impl World {
    /// Counts the call against its VPS if the key is valid, and picks the fault and latency to apply.
    pub fn arrive(&mut self, path: &str, params: &Params) -> Arrival {
        if let Some(vps) = self.authenticated(params) {
            *vps.calls.entry(path.to_string()).or_default() += 1;
        }
        Arrival {
            fault: self.take_fault(path),
            latency: self.latency(path),
        }
    }

    pub fn answer(&mut self, path: &str, params: &Params, peer: u32) -> Outcome {
        match self.try_answer(path, params, peer) {
            Ok(outcome) => outcome,
            Err(e) => Outcome::Body(reply::failure(&e)),
        }
    }

    fn try_answer(&mut self, path: &str, params: &Params, peer: u32) -> Result<Outcome, ApiError> {
        let call = calls::find(path).ok_or_else(|| ApiError::invalid_request(path))?;
        for required in ["veid", "api_key"] {
            if params.get(required).is_none_or(str::is_empty) {
                return Err(ApiError::missing(required));
            }
        }
        let now = Instant::now();
        let unix = unix_now();
        let World {
            vpses,
            exports,
            settings,
            ..
        } = self;
        let vps = find_vps(vpses, params).ok_or_else(ApiError::authentication)?;
        vps.settle(now, unix);
        if let Err(retry_after) = vps.rate.charge(now) {
            vps.throttled += 1;
            return Ok(Outcome::TooMany { retry_after });
        }
        if call.class == Class::Vps {
            if let Some(lock) = &vps.lock {
                return Err(lock.error(now));
            }
        }
        let mut ctx = Ctx {
            vps,
            exports,
            settings,
            params,
            now,
            unix,
            peer,
        };
        let fields = (call.handler)(&mut ctx)?;
        Ok(Outcome::Body(reply::success(fields)))
    }

    pub fn authenticated(&mut self, params: &Params) -> Option<&mut VpsState> {
        find_vps(&mut self.vpses, params)
    }
}

fn find_vps<'a>(
    vpses: &'a mut std::collections::HashMap<u64, VpsState>,
    params: &Params,
) -> Option<&'a mut VpsState> {
    let veid: u64 = params.get("veid")?.trim().parse().ok()?;
    let key = params.get("api_key")?;
    vpses.get_mut(&veid).filter(|v| v.key_matches(key))
}
