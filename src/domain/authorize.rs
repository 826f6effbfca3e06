//! Who may do what on one server: owners, the highest grant in force, managing grants, approving.

use std::fmt;

use super::Level;

/// What a person is on one server. Ordered: the grant levels, then an owner above them all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Authority {
    /// The highest grant in force of the person or their roles.
    Level(Level),
    /// An owner from the config: everything, on every server.
    Owner,
}

impl From<Level> for Authority {
    fn from(level: Level) -> Self {
        Authority::Level(level)
    }
}

impl fmt::Display for Authority {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Authority::Level(level) => level.fmt(f),
            Authority::Owner => f.write_str("owner"),
        }
    }
}

/// A grant on the server that reaches the person, made to them or to one of their roles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HeldGrant {
    pub level: Level,
    /// UNIX seconds; `None` lasts until it is removed.
    pub expires_at: Option<i64>,
}

/// Whether a grant that expires at `expires_at` still counts at `now` (UNIX seconds).
/// It lapses at that very second, so a one-hour grant gives exactly one hour.
pub fn in_force(expires_at: Option<i64>, now: i64) -> bool {
    expires_at.is_none_or(|end| now < end)
}

/// A person's authority on one server: owner, or else the highest of their own grants and their
/// roles' grants that are still in force. `None` when nothing reaches them.
pub fn standing(
    is_owner: bool,
    user: &[HeldGrant],
    roles: &[HeldGrant],
    now: i64,
) -> Option<Authority> {
    if is_owner {
        return Some(Authority::Owner);
    }
    user.iter()
        .chain(roles)
        .filter(|g| in_force(g.expires_at, now))
        .map(|g| g.level)
        .max()
        .map(Authority::Level)
}

/// Whether a person may go ahead, and if not, what they lacked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Allowed {
        by: Authority,
    },
    Denied {
        needed: Authority,
        have: Option<Authority>,
    },
    /// Deciding on one's own request: no authority, not even an owner's, makes it count.
    OwnRequest,
}

impl Decision {
    pub fn is_allowed(self) -> bool {
        matches!(self, Decision::Allowed { .. })
    }
}

/// The decision for someone with `have` on a server, for an action that needs `needed` (a level from
/// a path's risk class, or [`Authority::Owner`] for owner-only actions).
pub fn authorize(have: Option<Authority>, needed: impl Into<Authority>) -> Decision {
    let needed = needed.into();
    match have {
        Some(have) if have >= needed => Decision::Allowed { by: have },
        _ => Decision::Denied { needed, have },
    }
}

/// Granting and revoking on a server takes an admin of that server, or an owner.
pub fn may_manage_grants(have: Option<Authority>) -> Decision {
    authorize(have, Level::Admin)
}

/// Approving or denying a request takes an admin of its server (or an owner) who did not make it.
pub fn may_approve(have: Option<Authority>, is_requester: bool) -> Decision {
    if is_requester {
        return Decision::OwnRequest;
    }
    authorize(have, Level::Admin)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Risk;

    const NOW: i64 = 1_700_000_000;

    fn grant(level: Level) -> HeldGrant {
        HeldGrant {
            level,
            expires_at: None,
        }
    }

    /// Who holds what, reached through a grant to the user or to one of their roles.
    #[derive(Debug, Clone, Copy)]
    enum Holder {
        Nobody,
        Grant(Level),
        Owner,
    }

    fn standing_via(holder: Holder, via_role: bool) -> Option<Authority> {
        // "Nobody" still holds a grant, one that has lapsed: it must count for nothing.
        let held = match holder {
            Holder::Nobody => vec![HeldGrant {
                level: Level::Admin,
                expires_at: Some(NOW),
            }],
            Holder::Grant(level) => vec![grant(level)],
            Holder::Owner => vec![],
        };
        let (user, roles) = if via_role {
            (vec![], held)
        } else {
            (held, vec![])
        };
        standing(matches!(holder, Holder::Owner), &user, &roles, NOW)
    }

    #[test]
    fn each_standing_may_run_exactly_the_risks_design_section_four_gives_it() {
        use Risk::*;
        // design.md §4: read needs viewer; change and disruptive need operator; destructive needs admin.
        let table: [(Holder, [(Risk, bool); 4]); 5] = [
            (
                Holder::Nobody,
                [
                    (Read, false),
                    (Change, false),
                    (Disruptive, false),
                    (Destructive, false),
                ],
            ),
            (
                Holder::Grant(Level::Viewer),
                [
                    (Read, true),
                    (Change, false),
                    (Disruptive, false),
                    (Destructive, false),
                ],
            ),
            (
                Holder::Grant(Level::Operator),
                [
                    (Read, true),
                    (Change, true),
                    (Disruptive, true),
                    (Destructive, false),
                ],
            ),
            (
                Holder::Grant(Level::Admin),
                [
                    (Read, true),
                    (Change, true),
                    (Disruptive, true),
                    (Destructive, true),
                ],
            ),
            (
                Holder::Owner,
                [
                    (Read, true),
                    (Change, true),
                    (Disruptive, true),
                    (Destructive, true),
                ],
            ),
        ];
        for (holder, row) in table {
            for via_role in [false, true] {
                let have = standing_via(holder, via_role);
                for (risk, allowed) in row {
                    let decision = authorize(have, risk.default_level());
                    assert_eq!(
                        decision.is_allowed(),
                        allowed,
                        "{holder:?} via role {via_role} on {risk}: {decision:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn a_denial_names_the_level_needed_and_the_level_held() {
        let have = standing(false, &[grant(Level::Viewer)], &[], NOW);
        assert_eq!(
            authorize(have, Level::Operator),
            Decision::Denied {
                needed: Authority::Level(Level::Operator),
                have: Some(Authority::Level(Level::Viewer))
            }
        );
        assert_eq!(
            authorize(None, Level::Viewer),
            Decision::Denied {
                needed: Level::Viewer.into(),
                have: None
            }
        );
    }

    #[test]
    fn the_highest_of_user_and_role_grants_wins() {
        let cases = [
            (
                vec![grant(Level::Viewer)],
                vec![grant(Level::Admin)],
                Level::Admin,
            ),
            (
                vec![grant(Level::Admin)],
                vec![grant(Level::Viewer)],
                Level::Admin,
            ),
            (
                vec![grant(Level::Operator)],
                vec![grant(Level::Viewer), grant(Level::Operator)],
                Level::Operator,
            ),
        ];
        for (user, roles, want) in cases {
            assert_eq!(
                standing(false, &user, &roles, NOW),
                Some(Authority::Level(want)),
                "{user:?} {roles:?}"
            );
        }
    }

    #[test]
    fn an_expired_grant_gives_way_to_a_lower_one_still_in_force() {
        let lapsed = HeldGrant {
            level: Level::Admin,
            expires_at: Some(NOW - 1),
        };
        let lasting = HeldGrant {
            level: Level::Viewer,
            expires_at: Some(NOW + 3600),
        };
        assert_eq!(
            standing(false, &[lapsed], &[lasting], NOW),
            Some(Authority::Level(Level::Viewer))
        );
        assert_eq!(standing(false, &[lapsed], &[], NOW), None);
    }

    #[test]
    fn a_grant_lapses_at_the_second_it_expires() {
        assert!(in_force(None, NOW));
        assert!(in_force(Some(NOW + 1), NOW));
        assert!(!in_force(Some(NOW), NOW));
        assert!(!in_force(Some(NOW - 1), NOW));
    }

    #[test]
    fn an_owner_outranks_every_grant_and_only_an_owner_passes_an_owner_only_action() {
        assert!(Authority::Owner > Authority::Level(Level::Admin));
        assert_eq!(standing(true, &[], &[], NOW), Some(Authority::Owner));
        assert!(authorize(Some(Authority::Owner), Authority::Owner).is_allowed());
        assert_eq!(
            authorize(Some(Level::Admin.into()), Authority::Owner),
            Decision::Denied {
                needed: Authority::Owner,
                have: Some(Level::Admin.into())
            }
        );
    }

    #[test]
    fn grants_are_managed_by_the_servers_admins_and_owners_only() {
        let cases = [
            (None, false),
            (Some(Level::Viewer.into()), false),
            (Some(Level::Operator.into()), false),
            (Some(Level::Admin.into()), true),
            (Some(Authority::Owner), true),
        ];
        for (have, allowed) in cases {
            assert_eq!(may_manage_grants(have).is_allowed(), allowed, "{have:?}");
        }
    }

    #[test]
    fn an_admin_or_owner_may_approve_anothers_request_but_never_their_own() {
        let admin = Some(Authority::Level(Level::Admin));
        assert_eq!(
            may_approve(admin, false),
            Decision::Allowed {
                by: Level::Admin.into()
            }
        );
        assert_eq!(
            may_approve(Some(Authority::Owner), false),
            Decision::Allowed {
                by: Authority::Owner
            }
        );
        assert_eq!(may_approve(admin, true), Decision::OwnRequest);
        assert_eq!(
            may_approve(Some(Authority::Owner), true),
            Decision::OwnRequest
        );
        assert!(matches!(
            may_approve(Some(Level::Operator.into()), false),
            Decision::Denied { .. }
        ));
    }

    #[test]
    fn authorities_read_as_their_names() {
        assert_eq!(Authority::Level(Level::Operator).to_string(), "operator");
        assert_eq!(Authority::Owner.to_string(), "owner");
    }
}
