# Words every part of kiwiops shares: levels, buttons, units of time, the reply-size notes.

level-viewer = viewer
level-operator = operator
level-admin = admin
level-owner = owner

button-confirm = Confirm
button-cancel = Cancel

yes = yes
no = no
none = —

# A duration, by its largest unit or two.
duration-s = { $s } s
duration-min = { $m } min
duration-min-s = { $m } min { $s } s
duration-h = { $h } h
duration-h-min = { $h } h { $m } min
duration-d = { $d } d
duration-d-h = { $d } d { $h } h

# When Discord's own timestamps cannot be shown (the console).
time-now = now
time-in = in { $span }
time-ago = { $span } ago

# `12.5 GiB of 1000 GiB (1.3%)`
usage-of = { $used } of { $total } ({ $percent })

fit-overflow = The full output is too long for a message: see { $file }.
fit-cut = … { $bytes } more bytes were cut: a message cannot carry more.

failed = Something went wrong on our side (ref `{ $reference }`). Nothing more was done; an owner can look it up in the log.
