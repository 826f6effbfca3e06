# What a VPS is and how it is doing: /vps info, /vps live, /vps usage, /vps screenshot, the abuse
# cases and KiwiVM's panel (rate limit, audit log, e-mail notifications). KiwiVM's own data
# (hostnames, OS names, flags, evidence, descriptions) is passed in as it came.

# Shared pieces.
views-list-sep = {", "}
# `200 of 1500` abuse points.
views-points-of = { $points } of { $max }
# `1.46 GiB of 2.00 GiB`: a part of a whole, no percentage.
views-part-of = { $part } of { $whole }
# `25103 of 640000 (3.9%)`: a count of a limit.
views-count-of = { $used } of { $limit } ({ $percent })
views-more = … and { $count } more

## /vps info

info-alarm-suspended = Suspended: see `/abuse suspensions`.
info-alarm-violation = An open policy violation: resolve it before its deadline or the VPS is suspended (`/abuse violations`).
info-alarm-points = { $points } abuse points.
info-alarm-data-out = The monthly data is used up: KiwiVM suspends the VPS until the counter resets.
info-alarm-data-high = { $percent } of the monthly data is used.
info-alarm-nullroute = { $ip } is null-routed.
info-alarm-nullroute-until = { $ip } is null-routed until { $until }.

info-footer = Run state, load, memory and disk: /vps live
info-footer-veid = VEID { $veid } · run state, load, memory and disk: /vps live

info-plan = Plan
info-location = Location
info-node = node { $node }
info-os = OS
info-resources = Resources
info-ram = RAM { $size }
info-disk = disk { $size }
info-swap = swap { $size }
info-no-ram = no RAM
info-no-disk = no disk
info-no-swap = no swap

info-data = Data this month
info-data-used = { $used } used
info-data-quota = — of { $quota }
info-data-multiplier = plan { $plan } × { $multiplier } at this location
info-data-reset = resets { $when }

info-ipv6-none-yet = none yet: `/ip ipv6-add` assigns a /64
info-ipv6-not-offered = not offered at this location
info-ipv6-subnets = { $count } of { $max ->
    [one] { $max } subnet
   *[other] { $max } subnets
}
info-ipv6-tunnel = tunnel endpoint { $ip }
info-private-ips = Private IPs

info-rdns = Reverse DNS
info-rdns-not-settable = cannot be set through the API at this location
info-rdns-not-set = not set

info-nullroutes = Null routes
info-nullroute-since = { $ip } since { $start }
info-nullroute-for = { $ip } since { $start } for { $duration }
info-nullroute-over = { $line } (over)

info-iso = ISO
info-iso-none = none mounted; { $count } available (`/iso mount`)
info-iso-mounted = { $isos } mounted: it boots from it after a full stop and start

info-abuse-points = Abuse points
info-suspension-count = { $count ->
    [one] suspended once this year
   *[other] suspended { $count } times this year
}

## /vps live

live-title-running = { $server } is running
live-title-stopped = { $server } is stopped
live-title-starting = { $server } is starting
live-title-other = { $server } is { $state }
live-title-unknown = { $server } — state unknown

# $what: cpu, disk or both.
live-alarm-throttled = { $what ->
    [cpu] CPU throttled
    [disk] Disk throttled
   *[both] CPU and disk throttled
}: the VPS used more than its fair share.
live-throttled = Throttled
live-throttled-list = { $what ->
    [cpu] CPU
    [disk] disk
    [both] CPU, disk
   *[none] no
}

live-hostname = Hostname
live-ssh-port = SSH port
live-load = Load (1, 5, 15 min)
live-memory-available = Memory available
live-memory-used = Memory used
live-swap-used = Swap used
live-swap-none = none
live-disk-used = Disk used
live-inodes = Inodes
live-processes = Processes
live-mac = MAC
live-screendump-undecodable = KiwiVM sent a console screenshot that could not be decoded: /vps screenshot cannot show it.

## /vps usage and /vps screenshot

usage-title = Usage of { $server } over the last { $period }
usage-samples = Samples
usage-net-in = Network in
usage-net-out = Network out
usage-disk-read = Disk read
usage-disk-written = Disk written
usage-empty = No chart for `{ $server }`: no usage samples in the last { $period }.
usage-failed = No chart for `{ $server }`: it could not be drawn. The log has the details.

shot-title = Console of { $server }
shot-taken = Taken { $when }
shot-none = KiwiVM sent no console screenshot for `{ $server }`: it is only available for a running KVM VPS.
# $fault: not_base64 (text that is not base64) or not_text (a number, list … where text belongs).
shot-undecodable = { $fault ->
    [not_text] KiwiVM sent a console screenshot for `{ $server }` that is not text, so there is nothing to show. Try again in a moment.
   *[not_base64] KiwiVM sent a console screenshot for `{ $server }` that could not be decoded (it is not base64), so there is nothing to show. Try again in a moment.
}

## /abuse suspensions and /abuse violations

abuse-soft = soft
abuse-hard = hard
abuse-flag-unspecified = unspecified
abuse-case = Case { $id } · { $flag }
abuse-case-points = { $points ->
    [one] 1 point
   *[other] { $points } points
} · { $kind }

abuse-suspensions-title = Suspensions of { $server }
abuse-suspended-times = Abuse points: { $points }. { $count ->
    [one] Suspended once this year.
   *[other] Suspended { $count } times this year.
}
abuse-never-suspended = Abuse points: { $points }. Never suspended.
abuse-points-only = Abuse points: { $points }.
abuse-no-suspensions = No open suspensions.
abuse-unsuspend-with = Clear it with { $command } once the cause is fixed.
abuse-support-only = Only KiwiVM support can lift it.

abuse-violations-title = Policy violations of { $server }
abuse-no-violations = No open policy violations. Abuse points: { $points }.
abuse-violations-open = Abuse points: { $points }. Resolve each case before its deadline, or the VPS is suspended.
abuse-opened = Opened { $when }
abuse-suspend-at = **Suspended { $when }** unless resolved
abuse-resolve-with = Resolve with { $command }

## KiwiVM's panel

rate-title = API rate limit of { $server }
rate-window-15min = the next 15 minutes
rate-window-24h = the next 24 hours
rate-left = **{ $left }** of { $cap } points left for { $window } ({ $percent })
rate-unknown = — of { $cap } points left for { $window }
rate-exhausted = KiwiVM drops requests until points come back.
rate-footer = Everyone using this server through the bot, and its watcher, shares these points.

auditlog-title = KiwiVM audit log of { $server }
auditlog-empty = The audit log is empty.
auditlog-type = type { $kind }
auditlog-count = { $count ->
    [one] 1 entry
   *[other] { $count } entries
}
auditlog-cut = The { $shown } newest of { $count } entries; all of them are in { $file }

notif-title = E-mail notifications of { $server }
notif-set-title = E-mail notifications of { $server } changed
notif-category-other = Other
notif-none = KiwiVM lists no notification preferences.
notif-sent-to = Sent to { $email }
notif-change-with = change with { $command }
notif-turned-on = { $mark } on: { $preference }
notif-turned-off = { $mark } off: { $preference }
notif-nothing-changed = KiwiVM changed nothing.
notif-ignored = ⚠️ KiwiVM did not apply { $ids }: it silently ignores ids it does not know (see `/notifications get`).
