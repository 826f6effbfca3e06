# The watcher: alert cards, their buttons, /alerts answers, /vps fleet and the daily digest.

alert-kind-policy-violation = policy violation
alert-kind-suspension = suspension
alert-kind-null-route = null-route
alert-kind-down = outage
alert-kind-data-usage = data usage
alert-kind-api-budget = API points
alert-kind-key-rejected = rejected API key
alert-kind-changed-outside = change outside the bot

severity-info = info
severity-warning = warning
severity-critical = critical

alert-title-policy-violation = Policy violation on { $server }
alert-title-suspension = { $server } is suspended
alert-title-null-route = { $ip } of { $server } is null-routed
alert-title-down = { $server } is down
alert-title-data-usage = { $server } has used { $percent } of its monthly data
alert-title-api-budget = { $server } is running out of API points
alert-title-key-rejected = KiwiVM rejects the API key of { $server }
alert-title-changed-outside = { $server } was changed outside the bot

alert-field-flag = Flag
alert-field-record = Record
alert-field-points = Abuse points
alert-points-of = { $points } (total { $total } of { $max })
alert-field-evidence = Evidence (excerpt)
alert-violation-deadline = KiwiVM suspends the VPS { $when } unless the violation is resolved. Fix the cause, then press Resolve (or use /abuse resolve).
alert-violation-no-deadline = Fix the cause, then press Resolve (or use /abuse resolve).
alert-suspension-soft = A soft suspension (case { $case }): once the cause is fixed, the Unsuspend button lifts it.
alert-suspension-hard = A hard suspension: only BandwagonHost support can lift it. Open a ticket quoting case { $case } (flag `{ $flag }`), and say what caused it and what you changed.
alert-suspension-data = Suspended with no abuse case: the month's data ran out. It runs again when the counter resets, { $when }.
alert-suspension-no-case = Suspended with no abuse case on record. Ask BandwagonHost support why.
alert-field-since = Since
alert-field-for = For
alert-field-until = Until
alert-null-route-log = KiwiVM's record of the attack is attached.
alert-null-route-no-log = KiwiVM sent no record of the attack.
alert-field-state = State
alert-down-bot = A command of the bot stopped it { $when }, longer ago than the grace allows.
alert-down-nobody = No command of the bot stopped it. Start it with /vps start once you know why it stopped.
alert-field-used = Used
alert-field-reset = Resets
alert-data-crossed = It crossed { $threshold }% of the plan's monthly transfer (with the location's multiplier). At 100% KiwiVM suspends the VPS until the counter resets.
alert-field-window = Window
alert-window-short = 15 minutes
alert-window-day = 24 hours
alert-field-remaining = Points left
alert-field-minimum = Alert below
alert-budget-explained = KiwiVM refuses calls once the points are gone, then drops requests for minutes. The watcher has slowed down; people's commands still run while points remain.
alert-field-veid = VEID
alert-key-rejected-hint = KiwiVM answers 700005 for the stored key. Was it rotated or revoked? Give the bot the new one with `/server rekey`.
alert-field-entries = In KiwiVM's audit log
alert-panel-entry = { $when } `{ $kind }` from { $ip }: { $summary }
alert-changed-outside-explained = These entries of KiwiVM's own audit log match no command of the bot. If nobody on the team did this, change the panel password and rotate the API key.
alert-footer = Alert #{ $id } · { $severity }
alert-field-opened = Opened
alert-field-acked = Acknowledged by

button-ack = Acknowledge
button-mute = Mute { $span }
button-resolve = Resolve
button-unsuspend = Unsuspend

alert-resolved-title = Resolved: { $title }
alert-resolved-after = Resolved after { $span }.
alert-closed-title = Closed: { $title }
alert-closed-after = Closed after { $span }.
alert-escalated = { $title }: now { $severity } (alert #{ $id }).
alert-escalated-deadline = { $title }: KiwiVM suspends it { $when } (alert #{ $id }).

alerts-title = { $count ->
    [0] No open alerts
    [one] One open alert
   *[other] { $count } open alerts
}
alerts-none = Nothing needs attention on the servers you can see.
alerts-line = #{ $id } · { $severity } · { $title } · opened { $opened } · { $state }
alerts-state-open = open
alerts-state-acked = acknowledged by <@{ $user }>
alerts-state-resolved = resolved
alerts-mutes = Muted
alerts-mute-line = `{ $server }` { $kind } until { $until } (by <@{ $by }>)
alerts-acked = Alert #{ $id } ({ $kind } on `{ $server }`) is acknowledged.
alerts-muted = { $kind } alerts of `{ $server }` are muted until { $until }.
alerts-unmuted = { $kind } alerts of `{ $server }` are no longer muted.
alerts-not-muted = { $kind } alerts of `{ $server }` were not muted; nothing changed.
alerts-routed = Alerts of `{ $server }` now go to <#{ $channel }>.
alerts-err-unknown = There is no alert #{ $id } on a server you can see.
alerts-err-acked = Alert #{ $id } was already acknowledged by <@{ $user }>.
alerts-err-acked-somebody = Alert #{ $id } was already acknowledged.
alerts-err-resolved = Alert #{ $id } is already resolved.
alerts-err-nothing-to-act = Alert #{ $id } has no KiwiVM case that a button can act on.
alerts-err-budget = `{ $server }` has no KiwiVM API points left: KiwiVM would refuse the call and then drop requests for minutes. Points come back { $when }.
alerts-err-kind = `{ $kind }` is not a kind of alert.

fleet-title = { $count ->
    [one] Fleet: one server
   *[other] Fleet: { $count } servers
}
fleet-summary = { $running } of { $total } running · { $alerting } with open alerts
fleet-empty = You cannot see any server yet.
fleet-in-file = The whole table is in { $file }.
fleet-unknown = unknown
fleet-suspended = { $state }, suspended
fleet-data-reset = { $used }, resets { $when }
fleet-abuse = { $total } of { $max }
fleet-points = { $short } (15 min) · { $day } (24 h)
fleet-no-alerts = none
fleet-alerts = { $count } open, worst { $worst }
fleet-alerts-plain = { $count } open
fleet-line-state = State: { $state }
fleet-line-data = Data: { $data }
fleet-line-abuse = Abuse points: { $abuse }
fleet-line-alerts = Alerts: { $alerts }
fleet-line-points = API points: { $points }
fleet-as-of = As of { $when }
fleet-never-read = Not read yet
fleet-col-server = server
fleet-col-state = state
fleet-col-data = data used
fleet-col-abuse = abuse points
fleet-col-alerts = alerts
fleet-col-points = API points
fleet-col-as-of = as of

digest-title = { $count ->
    [one] Daily digest: one server
   *[other] Daily digest: { $count } servers
}
digest-changes = Since yesterday
digest-opened = Opened ({ $count })
digest-resolved = Resolved ({ $count })
digest-nothing = Nothing.
digest-chart = Usage over the last day: { $servers }

inv-not-a-channel = `{ $option }` must be a channel id or mention (<#123>), not `{ $given }`.

# Catalog descriptions of the watcher's commands and options (Discord caps each at 100 characters).
