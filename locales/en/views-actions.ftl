# The KiwiVM views of actions, snapshots and backups, addresses and the system inside a VPS.
# Ids start with the view's module (actions-, network-, snapshots-, system-, generic-).
# `$vps` is the alias already in a code span; `$alias` is the bare alias (titles).
# Every other `$name` is a value KiwiVM or the requester gave, mostly already in a code span.

## actions.rs: the one sentence a plain action answers with.

actions-start = Starting { $vps }.
actions-stop = Stopping { $vps }.
actions-restart = Restarting { $vps }.
actions-kill = Killed { $vps }: it was switched off at once, and anything not yet on disk is lost. `/vps start` brings it back.
actions-hostname = The hostname of { $vps } is now { $hostname }.
actions-hostname-unnamed = The hostname of { $vps } is changed.
actions-ptr = Reverse DNS of { $ip } on { $vps } now points to { $ptr }. Resolvers may keep the old name until their cache expires.
actions-ptr-unnamed = The reverse DNS record on { $vps } is set.
actions-iso-mount = { $vps } will boot from { $iso } after a full stop and start (a reboot from inside is not enough): `/vps stop`, then `/vps start`.
actions-iso-mount-unnamed = { $vps } will boot from the ISO after a full stop and start (a reboot from inside is not enough): `/vps stop`, then `/vps start`.
actions-iso-unmount = { $vps } will boot from its own disk again after a full stop and start: `/vps stop`, then `/vps start`.
actions-snapshot-delete = Deleted snapshot { $snapshot } of { $vps }.
actions-snapshot-delete-unnamed = Deleted the snapshot of { $vps }.
actions-snapshot-restore = Restoring { $vps } from snapshot { $snapshot }: everything on its disk is being replaced. It stays locked for a while until the restore is done.
actions-snapshot-restore-unnamed = Restoring { $vps } from the snapshot: everything on its disk is being replaced. It stays locked for a while until the restore is done.
actions-sticky-on = { $vps } keeps snapshot { $snapshot } for good now: it is never purged.
actions-sticky-on-unnamed = { $vps } keeps the snapshot for good now: it is never purged.
actions-sticky-off = { $vps } no longer keeps snapshot { $snapshot } for good: KiwiVM purges it when it expires.
actions-sticky-off-unnamed = { $vps } no longer keeps the snapshot for good: KiwiVM purges it when it expires.
actions-sticky-changed = Changed whether { $vps } keeps snapshot { $snapshot } for good.
actions-sticky-changed-unnamed = Changed whether { $vps } keeps the snapshot for good.
actions-snapshot-import = Importing a snapshot from VPS { $source } into { $vps }. `/snapshot list` shows it when the copy is done.
actions-snapshot-import-unnamed = Importing a snapshot from another VPS into { $vps }. `/snapshot list` shows it when the copy is done.
actions-backup-copy = Copying backup { $backup } of { $vps } into a snapshot. `/snapshot list` shows it when the copy is done; restore it from there.
actions-backup-copy-unnamed = Copying the backup of { $vps } into a snapshot. `/snapshot list` shows it when the copy is done; restore it from there.
actions-ssh-keys-cleared = Cleared the SSH keys of { $vps }: the account's keys apply at the next reinstall.
actions-ssh-keys-saved = { $count ->
    [one] Saved 1 SSH key for { $vps }. It is written to `/root/.ssh/authorized_keys` at the next reinstall.
   *[other] Saved { $count } SSH keys for { $vps }. They are written to `/root/.ssh/authorized_keys` at the next reinstall.
}
actions-ipv6-delete = Released IPv6 subnet { $subnet } from { $vps }.
actions-ipv6-delete-unnamed = Released the IPv6 subnet from { $vps }.
actions-private-ip-delete = Removed private IP { $ip } from { $vps }.
actions-private-ip-delete-unnamed = Removed the private IP from { $vps }.
actions-unsuspend = Cleared case { $case } and lifted the suspension of { $vps }; start it again with `/vps start` if it is stopped.
actions-unsuspend-unnamed = Cleared the case and lifted the suspension of { $vps }; start it again with `/vps start` if it is stopped.
actions-resolve-violation = Marked violation { $case } of { $vps } resolved: it no longer leads to a suspension.
actions-resolve-violation-unnamed = Marked the violation of { $vps } resolved: it no longer leads to a suspension.
actions-clone = Cloning from { $source } onto { $vps }: everything on { $vps } is being replaced, and it stays locked until the copy is done.
actions-clone-unnamed = Cloning onto { $vps }: everything on { $vps } is being replaced, and it stays locked until the copy is done.
# A path without a sentence of its own.
actions-done = Done: { $path } on { $vps }.
# KiwiVM's own note on an action, in KiwiVM's words.
actions-kiwivm-says = KiwiVM says: { $note }

## network.rs: IPv6 subnets, private IPs, migration.

# Between addresses in a list.
network-separator = {", "}
network-ipv6-added = { $vps } now has the IPv6 subnet { $subnet }.
network-ipv6-added-unnamed = KiwiVM assigned { $vps } an IPv6 subnet but did not say which: `/vps info` lists it.
network-private-free =
    Private IPs { $vps } can take: { $ips }.
    `/ip private-assign ip:…` takes one.
network-private-none = No private IPs are free for { $vps } at its location.
network-private-assigned = { $count ->
    [one] { $vps } got the private IP { $ips }.
   *[other] { $vps } got the private IPs { $ips }.
}
network-private-assigned-none = KiwiVM assigned { $vps } no private IP.
network-locations-title = Where { $alias } can move
# `$multiplier` is a number such as 2.5.
network-locations-multiplier = data counts ×{ $multiplier }
network-locations-current = current
network-locations-none = KiwiVM lists no locations for this VPS.
network-locations-footer = Moving changes every IPv4 address; a data multiplier above 1 shrinks the monthly allowance.
network-migrate-title = Migrating { $alias }
network-migrating = { $vps } is moving to { $location }. It is locked until the move is done.
network-migrating-unnamed = { $vps } is moving. It is locked until the move is done.
network-migrate-mail = KiwiVM mails { $email } when it is done.
network-migrate-footer = Update DNS records and firewalls that name the old addresses.
network-new-ips = New IPv4 addresses
network-new-ips-unknown = not given: see `/vps info` when it is done

## snapshots.rs: taking, listing and exporting snapshots; automatic backups.

snapshots-taking = Taking a snapshot of { $vps } in the background.
snapshots-taking-described = Taking a snapshot of { $vps } (“{ $description }”) in the background.
snapshots-taking-mail = KiwiVM mails { $email } when it is done, and `/snapshot list` shows it then.
snapshots-taking-list = `/snapshot list` shows it when it is done.
snapshots-title = Snapshots of { $alias }
snapshots-none = No snapshots yet: `/snapshot create` takes one.
snapshots-no-description = (no description)
snapshots-size-unpacked = { $size } ({ $full } unpacked)
snapshots-unpacked = { $full } unpacked
snapshots-sticky = 📌 sticky: never purged
# `$when` is a Discord timestamp ("in 3 days").
snapshots-purged = purged { $when }
snapshots-footer = { $count ->
    [one] 1 snapshot
   *[other] { $count } snapshots
} · { $sticky } sticky
# The placeholder for the exporting VPS's id in the import command.
snapshots-veid-of = VEID of { $alias }
snapshots-export-token =
    Export token for snapshot { $snapshot } of { $vps }: { $token }
    On the other VPS: { $command }
snapshots-export-token-unnamed =
    Export token for the snapshot of { $vps }: { $token }
    On the other VPS: { $command }
snapshots-export-only-you = Only you can see this message: the token lets any VPS import a full copy of the disk.
snapshots-export-no-token = KiwiVM exported snapshot { $snapshot } of { $vps } but sent no token.
snapshots-export-no-token-unnamed = KiwiVM exported the snapshot of { $vps } but sent no token.
backups-title = Automatic backups of { $alias }
backups-none = No automatic backups yet.
backups-footer = { $count ->
    [one] 1 backup
   *[other] { $count } backups
} · /backup to-snapshot backup_token:TOKEN makes one restorable

## system.rs: templates, reinstalls, root passwords, SSH keys, the shell.

system-os-title = Operating systems for { $alias }
system-os-installed-template = { $template } (installed)
system-os-none = KiwiVM offers no templates for this VPS.
system-os-footer = { $count ->
    [one] 1 template
   *[other] { $count } templates
} · /os reinstall os:NAME erases the disk
system-os-installed = Installed
system-password-none = KiwiVM sent none: set one with `/vps reset-password`
system-only-you = Only you can see this message. The password is not shown again: keep it somewhere safe.
system-reinstalling = { $vps } is being reinstalled with { $os }: everything on its disk is erased, and it stays locked for a few minutes while that runs.
system-reinstalling-unnamed = { $vps } is being reinstalled: everything on its disk is erased, and it stays locked for a few minutes while that runs.
system-reinstall-mail = KiwiVM mails { $email } when it is done.
system-reinstalled-title = { $alias } reinstalled: its new root password, shown only to you
system-root-password = Root password
system-ssh-port = SSH port
system-ssh-keys-installed = SSH keys installed
system-password-title = New root password for { $alias }, shown only to you
system-password-changed = The root password of { $vps } has been changed.
system-keys-title = SSH keys of { $alias }
system-keys-about = A reinstall writes the keys in effect to `/root/.ssh/authorized_keys`; this VPS's own keys win over the account's.
system-keys-in-effect = In effect
system-keys-vps = This VPS
system-keys-account = Account
system-keys-none = none
system-cd = On { $vps } the working directory is now { $pwd }. Pass it as `current_dir` to the next `/shell cd`.
system-cd-unknown = KiwiVM did not say where that leads on { $vps }.
system-shell-title = Shell on { $alias }
system-shell-no-output = (no output)
system-exit-status = Exit status
system-exit-meaning = { $status } ({ $meaning })
system-exit-not-executable = not executable
system-exit-not-found = command not found
system-exit-signal = killed by signal { $signal }
system-exit-failed = failed
system-script =
    The script is running on { $vps } in the background; its output goes to { $log }.
    Read it with { $command }.
system-script-no-log = The script is running on { $vps } in the background (KiwiVM named no log file).

## generic.rs: the fallback that shows a reply's fields as they are.

generic-none = (none)
generic-done = Done.
