# The bot's own answers: confirmations, servers, grants, the audit trail and help.

confirm-asked = { $command } on `{ $server }` interrupts the VPS. Press **Confirm** within { $ttl } to go ahead.
confirm-cancelled = Cancelled: { $command } on `{ $server }` was not run.

server-added = Added `{ $alias }`: VEID { $veid }, { $about }. Its key is sealed in the store and will not be shown again.
server-about = { $hostname } ({ $vm_type }, { $location })
unknown-value = ?
server-removed = Removed `{ $alias }`: its key and grants are gone from the store. The VPS itself is untouched.
server-rekeyed = The key of `{ $alias }` was checked with KiwiVM and replaced.
servers-none-owner = No servers yet. Add one with /server add alias veid api_key.
servers-none = You have no servers yet: an owner or a server's admin can /grant you one.
servers-title = Servers ({ $count })
servers-line = `{ $alias }` — VEID { $veid } · added by <@{ $by }> { $when }

import-summary = Import: { $added } added, { $skipped } skipped, { $failed } failed.
import-added = added `{ $alias }` (VEID { $veid })
import-terminated = skipped VEID { $veid }: terminated
import-failed = failed VEID { $veid }: { $why }
import-broke = failed VEID { $veid }: something went wrong on our side (ref `{ $reference }`)

grant-given = { $subject } is now **{ $level }** on `{ $server }` for good.
grant-given-until = { $subject } is now **{ $level }** on `{ $server }` until { $until }.
grant-removed = { $subject }'s grant on `{ $server }` was removed.
grants-title = Grants
grants-none = no grants (owners only)
grants-line = { $subject } — { $level }
grants-line-until = { $subject } — { $level }, expires { $until }

audit-empty = Nothing in the audit trail yet.
audit-title = { $count ->
    [one] Audit: the latest entry
   *[other] Audit: the latest { $count } entries
}

help-title = kiwiops commands
help-footer = `/help command:NAME` shows one command's options.

server-remove-asked = Remove `{ $alias }` (VEID { $veid }) from kiwiops? Its sealed key and { $grants ->
    [one] its one grant
   *[other] its { $grants } grants
} go, and its pending requests and alerts with them. The VPS itself is untouched. Press **Remove** to go ahead.
server-kept = `{ $alias }` stays: nothing was removed.
button-remove = Remove
button-keep = Keep

# The audit trail's outcome words, as /audit recent shows them.
audit-word = { $word ->
    [awaiting-confirmation] awaiting confirmation
    [awaiting-approval] awaiting approval
    [outcome-unknown] outcome unknown
    [internal-error] internal error
    [secret-wiped] secret wiped
    [secret-held-for-reveal] secret held for reveal
   *[other] { $word }
}
audit-needs = needs { $level }
