# Refusals: why the bot did not do what was asked, and what to do instead.

err-unknown-server = There is no server `{ $alias }`. /server list shows the ones you can use.
err-missing-server = Name the server with `server:`.
err-denied = You need { $needed } on `{ $server }` for { $command }; you have { $have }.
err-denied-anywhere = You need { $needed } on at least one server for { $command }; you have { $have }.
err-denied-owner = You need owner for { $command }: only the owners named in the config may do that.
have-nothing = no grant there
err-not-yours = Only <@{ $requester }> can confirm or cancel this request.
err-foreign-button = That button is not one of mine.
err-request-gone = That request no longer exists.
err-own-request = You cannot do that on your own request.
err-not-available = { $command } is not available in this version yet.
err-needs-api-key = Give the VPS's API key with api_key:… (in Discord, leave it out and a private form asks for it).
err-key-rejected = KiwiVM rejected VEID { $veid } with that API key (error 700005). Nothing was stored; check both in the KiwiVM panel.
err-key-unchecked = The key of VEID { $veid } could not be checked with KiwiVM: { $why }. Nothing was stored; try again.
err-alias-taken = There is already a server called `{ $alias }`; pick another alias.
err-bad-alias = { $given } is not a valid server alias: use 1 to 32 lowercase letters, digits, `-` or `_`, starting with a letter or digit.
err-no-grant = { $subject } has no grant on `{ $server }`.
err-needs-subject = Give a user or a role.
err-no-file = Attach the billing portal's CSV export as `file`.
err-csv = The CSV could not be read: { $problem }. Nothing was imported.
csv-no-header = it has no header line
csv-missing-column = the header has no { $column } column
csv-malformed-line = line { $line } is malformed
csv-no-veid = line { $line } has no numeric VEID
csv-empty = it has no services
err-administers-nothing = You administer no servers, so there is nothing to show.

# KiwiVM's failures for one server. KiwiVM's own message is quoted as it wrote it.
kiwi-rejected = KiwiVM rejected the stored key for `{ $server }` (error 700005). An owner can replace it with /server rekey.
kiwi-locked = `{ $server }` is locked: { $task }. Try again when it has finished.
kiwi-locked-progress = `{ $server }` is locked: { $task } ({ $progress }). Try again when it has finished.
lock-task-unknown = a task is running
lock-progress = { $percent }% done
lock-progress-message = { $percent }% done, { $message }
kiwi-rate-limited = KiwiVM is rate-limiting `{ $server }`'s API key. Try again { $when }; /vps rate-limit shows the budget.
kiwi-rate-limited-soon = KiwiVM is rate-limiting `{ $server }`'s API key. Try again in a few minutes; /vps rate-limit shows the budget.
kiwi-timeout-changed = KiwiVM did not answer within { $secs } s. The action may still have happened: check with /vps info before trying again.
kiwi-timeout = KiwiVM did not answer within { $secs } s. Try again in a moment.
kiwi-unreachable = Could not reach KiwiVM. Try again in a moment.
kiwi-error-page = KiwiVM answered with an error page (HTTP { $status }); it may be overloaded or limiting requests. Try again in a few minutes.
kiwi-api = KiwiVM refused: { $message } (error { $code }).

# The same failures in a few words, where a sentence names the server already.
failure-rejected = the key was rejected (error 700005)
failure-locked = the VPS is locked by a running task
failure-rate-limited = KiwiVM is rate-limiting this key
failure-timeout = no answer within { $secs } s
failure-unreachable = KiwiVM could not be reached
failure-error-page = KiwiVM answered with an error page (HTTP { $status })
failure-api = KiwiVM said: { $message } (error { $code })

# A command that does not fit the catalog.
inv-unknown-command = There is no command { $given }; /help lists them.
inv-unknown-command-suggest = There is no command { $given } (did you mean `/{ $suggestion }`?); /help lists them.
inv-missing-subcommand = `/{ $command }` needs a subcommand: { $valid }.
inv-unknown-subcommand = `/{ $command }` has no subcommand { $given }; it has { $valid }.
inv-unknown-subcommand-suggest = `/{ $command }` has no subcommand { $given } (did you mean `{ $suggestion }`?); it has { $valid }.
inv-unexpected-subcommand = `/{ $command }` takes no subcommand, only options written name:value.
inv-unknown-option = `{ $at }` has no option { $given }; it takes { $valid }.
inv-duplicate-option = `{ $at }` got the option `{ $option }` twice.
inv-missing-option = `{ $at }` needs the option `{ $option }`: { $at } { $usage }
inv-not-a-choice = `{ $option }` must be one of { $choices }, not { $given }.
inv-not-an-integer = `{ $option }` must be a whole number, not { $given }.
inv-not-a-number = `{ $option }` must be a number, not { $given }.
inv-out-of-range = `{ $option }` must be { $bounds }, not { $given }.
inv-bad-length = `{ $option }` must be { $bounds } characters long, not { $length }.
inv-not-a-boolean = `{ $option }` must be true or false, not { $given }.
inv-not-a-user = `{ $option }` must be a user id or mention (<@123>), not { $given }.
inv-not-a-role = `{ $option }` must be a role id or mention (<@&123>), not { $given }.
inv-missing-file = `{ $option }` needs a file.
inv-exactly-one = `{ $at }` needs exactly one of { $names }.
bounds-between = { $min } to { $max }
bounds-at-least = at least { $min }
bounds-at-most = at most { $max }
bounds-any = anything

err-own-grant = Nobody changes their own grants, or those of a role they hold: ask another admin or an owner.
err-grant-too-high = You can give at most { $max }, your own level on this server.
err-grant-too-long = Your own admin grant here ends { $until }: you can give, change or remove only grants that end by then.
err-veid-taken = VEID { $veid } is already in the store as `{ $alias }`: one VPS has one alias, so that its grants decide who reaches it.
value-hidden = what you typed (not repeated: it may be a secret)
err-unsafe-control = `{ $option }` holds control characters (line breaks are allowed only in multi-line values such as scripts): retype it as plain text.
err-unsafe-direction = `{ $option }` holds Unicode direction overrides, which make text read differently from what it is: retype it without them.
