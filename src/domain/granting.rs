//! Who may give or take a grant: nobody changes their own, and an admin hands out no more than they
//! hold — no higher level and no longer time — so a grant for an hour cannot make itself permanent.

use super::{in_force, Authority, HeldGrant, Level};

/// What the person managing grants holds on the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Manager {
    pub authority: Option<Authority>,
    /// When their admin standing ends: `None` for never (an owner, or a permanent admin grant).
    pub admin_until: Option<i64>,
}

impl Manager {
    /// An owner, or the highest grants in force of the person and their roles.
    pub fn from_grants(is_owner: bool, held: &[HeldGrant], now: i64) -> Manager {
        let authority = super::standing(is_owner, held, &[], now);
        let admin: Vec<Option<i64>> = held
            .iter()
            .filter(|g| g.level == Level::Admin && in_force(g.expires_at, now))
            .map(|g| g.expires_at)
            .collect();
        let admin_until = if is_owner || admin.iter().any(Option::is_none) {
            None
        } else {
            admin.into_iter().flatten().max()
        };
        Manager {
            authority,
            admin_until,
        }
    }
}

/// The grant being given, or the one being taken away.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GrantChange {
    pub level: Level,
    pub expires_at: Option<i64>,
    /// The subject is the manager, or a role the manager holds.
    pub own: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GrantDecision {
    Allowed,
    /// Not an admin of the server (nor an owner).
    Denied {
        have: Option<Authority>,
    },
    /// A change to the manager's own grants, or to a role they hold.
    Own,
    /// Above the manager's own level.
    TooHigh {
        max: Level,
    },
    /// Outlasting the manager's own admin standing, which ends at `until`.
    TooLong {
        until: i64,
    },
}

/// Whether `manager` may give `change`, or take it away: the same bounds apply both ways, so a
/// temporary admin can neither create nor remove a grant that outlasts their own.
pub fn may_change_grant(manager: Manager, change: GrantChange) -> GrantDecision {
    let own_level = match manager.authority {
        Some(Authority::Owner) => {
            return if change.own {
                GrantDecision::Own
            } else {
                GrantDecision::Allowed
            }
        }
        Some(Authority::Level(Level::Admin)) => Level::Admin,
        have => return GrantDecision::Denied { have },
    };
    if change.own {
        return GrantDecision::Own;
    }
    if change.level > own_level {
        return GrantDecision::TooHigh { max: own_level };
    }
    match (manager.admin_until, change.expires_at) {
        (Some(until), None) => GrantDecision::TooLong { until },
        (Some(until), Some(end)) if end > until => GrantDecision::TooLong { until },
        _ => GrantDecision::Allowed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_700_000_000;
    const HOUR: i64 = 3600;

    fn admin_for(secs: Option<i64>) -> Manager {
        Manager::from_grants(
            false,
            &[HeldGrant {
                level: Level::Admin,
                expires_at: secs.map(|s| NOW + s),
            }],
            NOW,
        )
    }

    fn change(level: Level, expires_in: Option<i64>, own: bool) -> GrantChange {
        GrantChange {
            level,
            expires_at: expires_in.map(|s| NOW + s),
            own,
        }
    }

    #[test]
    fn an_admin_for_an_hour_cannot_grant_anything_for_good() {
        let m = admin_for(Some(HOUR));
        assert_eq!(
            may_change_grant(m, change(Level::Admin, None, false)),
            GrantDecision::TooLong { until: NOW + HOUR }
        );
        assert_eq!(
            may_change_grant(m, change(Level::Viewer, Some(2 * HOUR), false)),
            GrantDecision::TooLong { until: NOW + HOUR }
        );
        assert_eq!(
            may_change_grant(m, change(Level::Operator, Some(HOUR), false)),
            GrantDecision::Allowed
        );
    }

    #[test]
    fn nobody_changes_their_own_grants_not_even_an_owner() {
        let owner = Manager::from_grants(true, &[], NOW);
        assert_eq!(
            may_change_grant(owner, change(Level::Admin, None, true)),
            GrantDecision::Own
        );
        assert_eq!(
            may_change_grant(admin_for(None), change(Level::Viewer, None, true)),
            GrantDecision::Own
        );
    }

    #[test]
    fn a_temporary_admin_cannot_remove_a_permanent_admin() {
        let m = admin_for(Some(HOUR));
        assert_eq!(
            may_change_grant(m, change(Level::Admin, None, false)),
            GrantDecision::TooLong { until: NOW + HOUR }
        );
    }

    #[test]
    fn a_permanent_admin_and_an_owner_manage_any_other_grant() {
        for m in [admin_for(None), Manager::from_grants(true, &[], NOW)] {
            assert_eq!(
                may_change_grant(m, change(Level::Admin, None, false)),
                GrantDecision::Allowed
            );
        }
    }

    #[test]
    fn an_operator_manages_no_grants() {
        let m = Manager::from_grants(
            false,
            &[HeldGrant {
                level: Level::Operator,
                expires_at: None,
            }],
            NOW,
        );
        assert_eq!(
            may_change_grant(m, change(Level::Viewer, Some(HOUR), false)),
            GrantDecision::Denied {
                have: Some(Authority::Level(Level::Operator))
            }
        );
    }

    #[test]
    fn the_longest_admin_grant_in_force_bounds_what_is_given() {
        let held = [
            HeldGrant {
                level: Level::Admin,
                expires_at: Some(NOW + HOUR),
            },
            HeldGrant {
                level: Level::Admin,
                expires_at: Some(NOW + 5 * HOUR),
            },
            HeldGrant {
                level: Level::Admin,
                expires_at: Some(NOW - 1),
            },
        ];
        let m = Manager::from_grants(false, &held, NOW);
        assert_eq!(m.admin_until, Some(NOW + 5 * HOUR));
    }
}
