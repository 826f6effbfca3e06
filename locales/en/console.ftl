# The terminal front end: its own notes, and how it prints messages that are not the answer.

console-speaking-as = now speaking as user { $user } with roles [{ $roles }]
console-locale = now answering in English
console-error = error: { $message }
console-private = (only you can see this)
console-attachment = attachment: { $name }
console-button = [{ $label }]  ->  click { $id }
console-to-channel = ── message in channel { $channel } (ref { $reference }) ──
console-to-dm = ── direct message to { $user } ──
console-edit = ── edit of { $reference } ──
console-cannot-write = { $name } (could not be written to { $path }: { $error })
console-cannot-read = cannot read { $path }: { $error }
console-no-one = no one to speak as: pass --as USER_ID or set access.owners in the config

parse-not-a-command = a line is a slash command (try /help), `as USER_ID [ROLE_ID ...]`, `click CUSTOM_ID` or `locale en|zh-CN`
parse-missing-command-name = a command name must follow the /, as in /help
parse-unclosed-quote = a double quote is not closed
parse-not-an-option = word { $position } is not an option: write name:value, quoting values with spaces (command:"ls -la")
parse-not-an-option-for = word { $position } is not an option: write name:value, such as { $example }
parse-empty-option-name = word { $position } has nothing before its `:`; write name:value
parse-missing-user = `as` needs a user id: as USER_ID [ROLE_ID ...]
parse-not-an-id = word { $position } of `as` is not a Discord id (a number)
parse-missing-custom-id = `click` needs the custom id of a button: click CUSTOM_ID
parse-unknown-locale = `locale` needs en or zh-CN

demo-banner = kiwiops demo — a simulated KiwiVM at { $base_url } with two VPSes: demo1 (KVM) and demo2 (OpenVZ).
    You are owner { $owner }. Type slash commands; `exit` or Ctrl-D ends the demo. Try:
      /vps info server:demo1
      /vps usage server:demo1 period:7d
      /vps screenshot server:demo1
      /snapshot create server:demo1 description:"before upgrade"
      /vps stop server:demo1   (then `click confirm:N`)
      /grant add server:demo1 level:viewer user:200000000000000002
      as 200000000000000002
      /vps stop server:demo1
      as { $owner }
      /audit recent
      locale zh-CN
      /help
    Charts and screenshots are written to ./kiwiops-out/.
console-file-too-large = { $path } is larger than { $limit }: a billing export is far smaller, so nothing was read.
