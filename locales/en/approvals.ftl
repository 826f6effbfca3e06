# Approvals, confirmations and long operations: the card reviewers judge, the requester's answers
# and messages, the refusals of the approval flow, and the progress of long operations.

# The card.
card-call = approval needed
card-title = Approval #{ $id } · { $command } on `{ $server }`
card-what = **What will happen**
card-requested-by = Requested by
card-expires = Expires
card-approvals = Approvals
card-approvals-none = { $have } of { $quorum }
card-approvals-some = { $have } of { $quorum }: { $who }
card-hash = Hash
button-approve = Approve
button-deny = Deny
button-withdraw = Cancel request
button-reveal = Reveal to requester

# What will happen, per path.
what-reinstall = **Reinstall** `{ $from }` → `{ $to }`. All data on the disk is erased.
what-os-unknown = the current OS (unknown)
what-restore = **Restore snapshot** `{ $name }` ({ $facts }). All data on the VPS is replaced by the snapshot's.
what-snapshot-delete = **Delete snapshot** `{ $name }` ({ $facts }). It cannot be brought back.
what-snapshot-size = { $size }
what-snapshot-made = made { $when }
what-snapshot-os = { $os }
what-snapshot-sticky = sticky
what-snapshot-missing = not in the snapshot list right now
what-snapshot-unknown = size and age unknown
what-migrate = **Migrate** from { $from } to { $to }. The IP addresses change.
what-location-unknown = the current location (unknown)
what-kill = **Force stop** the VPS. Unsaved data is lost.
what-reset-password = **Reset the root password.** The new password goes only to the requester, by direct message.
what-shell = **Run as root:**
what-script = **Run this script as root:**
what-ssh-keys = **Replace the per-VM SSH keys** (written to /root/.ssh/authorized_keys at the next reinstall):
what-ipv6-delete = **Release the IPv6 subnet** `{ $subnet }`.
what-private-ip-delete = **Remove the private IP** `{ $ip }`.
what-clone = **Replace all data** on the VPS with a clone of `{ $source }`.
what-plain = **{ $command }** with { $params }.
what-plain-none = **{ $command }** (no parameters).

# Where a job stands, on its card.
status-waiting = Waiting for { $more ->
    [one] one more approval
   *[other] { $more } more approvals
} from admins of `{ $server }`.
status-approved = Approved: starting.
status-running = Running now.
status-done = **Done.**
status-done-dm = The result went to <@{ $requester }> by direct message.
status-working = **Started.** KiwiVM is working on it:
status-finished = **Done.** KiwiVM finished the operation.
status-timed-out = **Started**, but still not finished after following it for a long while: check with /vps info.
status-lost = **Started**, but KiwiVM stopped answering about it: check with /vps info.
status-new-ips = New IP addresses: { $ips }
status-exit = Exit status { $code }.
status-reveal = <@{ $requester }> does not accept direct messages: they can reveal the result once with the button below, until { $until }.
status-failed = **Failed:** { $why }
status-failed-code = **Failed:** { $why } (error { $code })
status-denied = **Denied** by <@{ $by }>. Nothing ran.
status-denied-reason = **Denied** by <@{ $by }>: { $reason }. Nothing ran.
status-cancelled = **Cancelled** by <@{ $by }>. Nothing ran.
status-revoked-level = **Not run:** the requester no longer holds the level this needs.
status-revoked-gate = **Not run:** this now needs a stronger gate; ask again.
status-expired-nobody = **Expired, nobody approved.** Nothing ran.
status-expired-some = **Expired** with { $have } of { $quorum } approvals. Nothing ran.
status-expired-stopped = **Expired:** the bot stopped before starting it. Nothing ran.
status-unknown = **Outcome unknown:** the bot stopped while KiwiVM was working on it. It will not be run again. Check with `/vps info server:{ $server }` and KiwiVM's audit log (`/vps audit-log server:{ $server }`).
status-overridden = 🚨 **Overridden** by <@{ $by }>, without approvals: { $reason }

# Failures in a word, on a card.
why-auth = KiwiVM rejected the stored key
why-locked = the VPS was locked by another task
why-rate-limited = KiwiVM was rate-limiting the key
why-timeout = KiwiVM did not answer in time; the action may still have happened
why-transport = KiwiVM could not be reached
why-bad-response = KiwiVM answered with an error page
why-api-error = KiwiVM refused: { $message }
why-other = something went wrong on our side

# The progress of a long operation.
progress-bar = { $bar } { $percent } %
progress-bar-message = { $bar } { $percent } % · { $message }
progress-line = `{ $server }` · { $command } (#{ $id }): { $state }
progress-started = started
progress-done = done ✅
progress-timed-out = still running after a long while; stopped following: check with /vps info
progress-lost = KiwiVM stopped answering about it; check with /vps info
progress-unknown = the bot stopped while it ran: the outcome is unknown and it will not be run again. Check with `/vps info server:{ $server }` and KiwiVM's audit log.

# Answers to the requester and the people deciding.
asked = Approval #{ $id } requested: { $command } on `{ $server }` needs { $quorum ->
    [one] the approval of an admin
   *[other] { $quorum } approvals from admins
} of `{ $server }` before it runs. It expires { $when }. The card is in <#{ $channel }>.
asked-no-card = Approval #{ $id } requested: { $command } on `{ $server }` needs { $quorum ->
    [one] the approval of an admin
   *[other] { $quorum } approvals from admins
} of `{ $server }` before it runs. It expires { $when }. No card could be posted: an admin can use `/approval approve id:{ $id }`.
voted = Your approval of #{ $id } is counted: { $have } of { $quorum }.
decided-done = #{ $id } was approved and ran: done. The card shows it.
decided-failed = #{ $id } was approved and ran, but failed. The card shows why.
decided-running = #{ $id } was approved and is running.
decided-unknown = #{ $id } was approved; its outcome is unknown.
decided-denied = #{ $id } is denied; nothing ran.
decided-cancelled = #{ $id } is cancelled; nothing ran.
list-title = { $count ->
    [one] One request waits for approval
   *[other] { $count } requests wait for approval
}
list-empty = Nothing waits for approval.
list-line = **#{ $id }** { $command } on `{ $server }` by <@{ $requester }> · { $have } of { $quorum } · expires { $when }

# Messages to the requester and the alerts channel.
dm-denied = Your request #{ $id } ({ $command } on `{ $server }`) was denied by <@{ $by }>. Nothing ran.
dm-denied-reason = Your request #{ $id } ({ $command } on `{ $server }`) was denied by <@{ $by }>: { $reason }. Nothing ran.
notice-unknown = Your { $command } on `{ $server }` (#{ $id }) was running when the bot stopped: whether it happened is unknown, and it will not be run again. Check with `/vps info server:{ $server }` and KiwiVM's audit log (`/vps audit-log server:{ $server }`).
notice-override = 🚨 **Override:** <@{ $by }> ran approval #{ $id } ({ $command } on `{ $server }`, asked by <@{ $requester }>) without approvals. Reason: { $reason }

# Refusals of the approval flow.
err-closed-approved = #{ $id } is being started already.
err-closed-running = #{ $id } is running right now.
err-closed-done = #{ $id } already ran.
err-closed-failed = #{ $id } already ran and failed.
err-closed-denied = #{ $id } was already denied: nothing ran.
err-closed-cancelled = #{ $id } was already cancelled: nothing ran.
err-closed-expired = #{ $id } expired: nothing ran. Ask again if it is still needed.
err-closed-unknown = #{ $id } was running when the bot stopped: its outcome is unknown, and it will not be run again. Check with /vps info.
err-closed-pending = #{ $id } is still waiting.
err-already-voted = You approved #{ $id } already: it needs another admin.
err-requester-lacks = #{ $id } was not run: <@{ $requester }> no longer holds { $needed } on that server.
err-gate-raised = { $command } on `{ $server }` now needs an approval: ask again, and admins will be asked.
err-not-an-approval = #{ $id } is not an approval request.
err-nothing-to-reveal = Nothing to reveal for #{ $id }: it was shown already, or its time ran out.

# The catalog's words for the new subcommand and its option.
