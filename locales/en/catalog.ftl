# The command surface in words: what each slash command, subcommand and option does, the names of
# fixed choices, and the placeholders /help shows for a value. Names and values stay English in every
# locale (one vocabulary for mixed teams); only these words change.
#
# Ids (src/catalog/words.rs): cmd-COMMAND, cmd-COMMAND-SUB; opt-OPTION, shared by every subcommand
# with that option, or opt-COMMAND-SUB-OPTION where it means something else there (opt-COMMAND-OPTION
# for a command without subcommands); choice-OPTION-CHOICE; placeholder-KIND.
# Discord takes 1 to 100 characters for each.

## /vps

cmd-vps = Power, state, hostname, rDNS, usage and console of a VPS
cmd-vps-info = Show the plan, addresses, data use and abuse status
cmd-vps-live = Show the live state: power, load, memory and disk (can take 15 s)
cmd-vps-start = Start the VPS
cmd-vps-stop = Stop the VPS
cmd-vps-restart = Reboot the VPS
cmd-vps-kill = Force-stop a hung VPS; unsaved data is lost
cmd-vps-hostname = Set the hostname
cmd-vps-ptr = Set the reverse DNS (PTR) record of one of the VPS's IP addresses
cmd-vps-usage = Chart CPU, network and disk use over a period
cmd-vps-screenshot = Show a screenshot of the VPS's VGA console (KVM only, can take 15 s)
cmd-vps-audit-log = Show KiwiVM's own log of actions on this VPS
cmd-vps-rate-limit = Show how many API points this VPS's key has left
cmd-vps-reset-password = Set a new random root password; only you are shown it

## /os

cmd-os = List OS templates and reinstall a VPS
cmd-os-list = List the OS templates the VPS can be reinstalled with
cmd-os-reinstall = Reinstall the VPS with an OS template; every file on it is lost

## /ssh

cmd-ssh = The SSH keys a reinstall puts on a VPS
cmd-ssh-keys = Show the SSH keys a reinstall writes to /root/.ssh/authorized_keys
cmd-ssh-set-keys = Set the SSH keys written to /root/.ssh/authorized_keys at the next reinstall

## /shell

cmd-shell = Run commands and scripts on a VPS as root
cmd-shell-exec = Run a shell command as root and show its output
cmd-shell-cd = Show where a cd would land, without changing anything
cmd-shell-script = Run a shell script as root in the background; shows its log file's name

## /snapshot

cmd-snapshot = Create, restore, keep, move and delete snapshots of a VPS
cmd-snapshot-list = List the VPS's snapshots
cmd-snapshot-create = Take a snapshot of the VPS
cmd-snapshot-delete = Delete a snapshot for good
cmd-snapshot-restore = Restore a snapshot; everything on the VPS now is overwritten
cmd-snapshot-sticky = Keep a snapshot from being purged, or let it be purged again
cmd-snapshot-export = Get a token another VPS can import this snapshot with
cmd-snapshot-import = Import a snapshot another VPS exported

## /backup

cmd-backup = KiwiVM's automatic backups of a VPS
cmd-backup-list = List the automatic backups
cmd-backup-to-snapshot = Copy an automatic backup into a snapshot you can restore

## /ip

cmd-ip = IPv6 subnets and private IPv4 addresses of a VPS
cmd-ip-ipv6-add = Assign a new IPv6 /64 subnet
cmd-ip-ipv6-delete = Release an IPv6 /64 subnet
cmd-ip-private-list = List the private IPv4 addresses free to assign
cmd-ip-private-assign = Assign a private IPv4 address
cmd-ip-private-delete = Remove a private IPv4 address

## /iso

cmd-iso = Boot a VPS from an ISO image
cmd-iso-mount = Boot from an ISO image after the next full stop and start
cmd-iso-unmount = Boot from the main disk again after the next full stop and start

## /migrate

cmd-migrate = Move a VPS to another location
cmd-migrate-locations = List the locations the VPS can move to
cmd-migrate-start = Move the VPS to another location; every IPv4 address changes

## /abuse

cmd-abuse = Policy violations and suspensions of a VPS
cmd-abuse-violations = List open policy violations and when they lead to suspension
cmd-abuse-suspensions = List suspensions and their evidence
cmd-abuse-resolve = Mark a policy violation resolved, so it does not lead to a suspension
cmd-abuse-unsuspend = Clear an abuse case and lift the suspension (soft cases only)

## /notifications

cmd-notifications = The e-mails KiwiVM sends about a VPS
cmd-notifications-get = Show which e-mail notifications are on
cmd-notifications-set = Turn e-mail notifications on or off

## /clone

cmd-clone = Copy another server onto a VPS
cmd-clone-from-external = Replace this VPS with a copy of a remote server, over SSH (OpenVZ only)

## /server

cmd-server = Add, remove, list and re-key the VPSes the bot manages
cmd-server-add = Add a VPS under an alias; its key is checked with KiwiVM before it is stored
cmd-server-remove = Stop managing a VPS and forget its key; the VPS itself is untouched
cmd-server-list = List the VPSes you can see
cmd-server-rekey = Replace a VPS's stored API key, e.g. after regenerating it in KiwiVM
cmd-server-import = Add every VPS in the billing portal's CSV export

## /grant

cmd-grant = Give members or roles a level on a server, take it back, or list grants
cmd-grant-add = Give a member or a role a level on a server, for good or for a while
cmd-grant-remove = Take back the grant of a member or a role on a server
cmd-grant-list = List the grants on the servers you administer

## /approval

cmd-approval = Destructive requests waiting for a second person
cmd-approval-list = List the requests waiting on the servers you can see
cmd-approval-approve = Approve someone else's request
cmd-approval-deny = Refuse someone else's request
cmd-approval-cancel = Withdraw a request you made
cmd-approval-override = Owners only: run a waiting request now, without approvals; announced loudly

## /alerts

cmd-alerts = The watcher's alerts: abuse, suspensions, null-routes, outages, data use, API points
cmd-alerts-list = List open alerts on the servers you can see
cmd-alerts-ack = Acknowledge an alert: someone is on it
cmd-alerts-mute = Silence one kind of alert on a server for a while

## /audit

cmd-audit = What was asked of the bot, by whom, and what came of it
cmd-audit-recent = Show the latest requests, approvals and results on servers you administer

## /help

cmd-help = List the commands, or the subcommands of one

## Options, shared by every subcommand that has them unless a specific id says otherwise

opt-server = The server, by its alias
opt-grant-list-server = Only this server
opt-audit-recent-server = Only this server
opt-name = The new hostname
opt-ip = The IP address
opt-ip-ipv6-delete-ip = The subnet
opt-ip-private-assign-ip = The address (a free one at random if left out)
opt-ip-private-delete-ip = The address
opt-clone-from-external-ip = The remote server's IP address
opt-value = The host name it should resolve to
opt-period = How far back to look (default 24h)
opt-os = The template, e.g. debian-12-x86_64
opt-keys = Public keys, one per line
opt-command = The command line, e.g. df -h
opt-help-command = Show only this command
opt-current_dir = The directory to start from, e.g. /root
opt-new_dir = Where to cd to, e.g. ../var/log
opt-script = The script's text
opt-description = A note to recognise it by
opt-snapshot = The snapshot's file name
opt-sticky = on keeps it for good
opt-source_veid = The VEID of the VPS that exported it
opt-source_token = The token its export gave
opt-backup_token = The backup
opt-iso = The image
opt-location = Where to
opt-abuse-resolve-record_id = The violation
opt-abuse-unsuspend-record_id = The suspension
opt-preferences = JSON of preference id to 1 (on) or 0 (off), ids as /notifications get shows
opt-port = Its SSH port
opt-root_password = Its root password (only used for this copy)
opt-alias = The name to call it by, e.g. web1: lowercase letters, digits, - and _
opt-veid = The VPS's id (VEID) in KiwiVM
opt-api_key = The VPS's API key from KiwiVM; leave out in Discord to type it privately
opt-file = The CSV (VEID,VM_TYPE,HOSTNAME,PRIMARY_IP,...,API_KEY)
opt-level = viewer reads, operator also changes and stops, admin does all
opt-user = A member (give a user or a role)
opt-audit-recent-user = Only this member's
opt-role = A role (give a user or a role)
opt-duration = How long it lasts (for good if left out)
opt-alerts-mute-duration = For how long
opt-id = The request's number
opt-alerts-ack-id = The alert's number
opt-reason = Why, for the requester
opt-approval-override-reason = Why it cannot wait (audited)
opt-kind = Which alerts

## Choices: the names a person picks from

choice-period-1h = 1h
choice-period-6h = 6h
choice-period-24h = 24h
choice-period-7d = 7d
choice-period-30d = 30d
choice-sticky-on = on
choice-sticky-off = off
choice-level-viewer = viewer
choice-level-operator = operator
choice-level-admin = admin
choice-duration-1h = 1h
choice-duration-8h = 8h
choice-duration-24h = 24h
choice-duration-7d = 7d
choice-duration-30d = 30d
choice-kind-policy-violation = policy-violation
choice-kind-suspension = suspension
choice-kind-null-route = null-route
choice-kind-data-usage = data-usage
choice-command-vps = vps
choice-command-os = os
choice-command-ssh = ssh
choice-command-shell = shell
choice-command-snapshot = snapshot
choice-command-backup = backup
choice-command-ip = ip
choice-command-iso = iso
choice-command-migrate = migrate
choice-command-abuse = abuse
choice-command-notifications = notifications
choice-command-clone = clone
choice-command-server = server
choice-command-grant = grant
choice-command-approval = approval
choice-command-alerts = alerts
choice-command-audit = audit
choice-command-help = help

## Placeholders: what /help shows for a value to type (`server:<server> name:<text>`)

placeholder-server = server
placeholder-text = text
placeholder-whole-number = whole number
placeholder-number = number
placeholder-boolean = true|false
placeholder-user = user id
placeholder-role = role id
placeholder-channel = channel id
placeholder-file = file

# Added with the watcher.
cmd-alerts-unmute = Let one kind of alert on a server through again
cmd-alerts-route = Send a server's alerts to a channel of their own
cmd-vps-fleet = Every server you can see at a glance: state, data, abuse, alerts, API points
opt-channel = Where its alerts go
choice-kind-down = down
choice-kind-api-budget = api-budget
choice-kind-key-rejected = key-rejected
choice-kind-changed-outside = changed-outside
