# Autocomplete suggestions: how a candidate reads in Discord's list while an option is typed.
# Each must leave room for the value it names within Discord's 100 characters.

# Joins the facts about one candidate: `2026-01-02 03:04 UTC, debian-12, 1.2 GiB`.
suggest-separator = {", "}

suggest-os-installed = { $template } (installed)
suggest-iso-mounted = { $iso } (mounted)
# A snapshot kept for good; the description may be empty.
suggest-snapshot-sticky = { $description } (sticky)
suggest-location = { $description } ({ $id })
suggest-ptr = PTR { $name }

# A policy violation or a suspension: `#7 copyright (20 points, soft)`.
suggest-abuse = #{ $id } { $flag }
suggest-abuse-details = #{ $id } { $flag } ({ $details })
# When KiwiVM names no kind of abuse.
suggest-abuse-case = case
suggest-points = { $points ->
    [one] { $points } point
   *[other] { $points } points
}
suggest-suspends = suspends { $at }
suggest-soft = soft
suggest-hard = hard: needs support

# `#12 kill demo2 ip=10.0.0.1`: the request's number, KiwiVM path, server and parameters.
suggest-approval = #{ $id } { $path } { $server }{ $params }
suggest-alert = #{ $id } { $server } { $kind }: { $summary }
