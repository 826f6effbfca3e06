//! A tiny fake shell behind `basicShell`: a fixed directory tree and a handful of commands
//! (`echo`, `pwd`, `cd`, `ls`, `hostname`, `whoami`, `uname`, `true`, `false`, `exit N`), joined by
//! `;`, `&&` and `||`, with single and double quotes.

/// (directory, entries; a trailing `/` marks a subdirectory)
const TREE: [(&str, &[&str]); 20] = [
    (
        "/",
        &[
            "bin/", "boot/", "dev/", "etc/", "home/", "lib/", "proc/", "root/", "srv/", "tmp/",
            "usr/", "var/",
        ],
    ),
    ("/bin", &["bash", "cat", "ls", "sh"]),
    ("/boot", &["vmlinuz"]),
    ("/dev", &["null", "tty1", "vda", "vda1"]),
    (
        "/etc",
        &["hostname", "hosts", "os-release", "passwd", "ssh/"],
    ),
    ("/etc/ssh", &["sshd_config"]),
    ("/home", &[]),
    ("/lib", &["modules/"]),
    ("/lib/modules", &[]),
    ("/proc", &["cpuinfo", "meminfo", "uptime"]),
    ("/root", &[".bashrc", ".profile", ".ssh/"]),
    ("/root/.ssh", &["authorized_keys"]),
    ("/srv", &[]),
    ("/tmp", &[]),
    ("/usr", &["bin/", "local/", "share/"]),
    ("/usr/bin", &["env", "python3", "vim"]),
    ("/usr/local", &[]),
    ("/usr/share", &[]),
    ("/var", &["lib/", "log/"]),
    ("/var/log", &["auth.log", "dpkg.log", "syslog"]),
];

const HOME: &str = "/root";

/// What a command line printed and the status it ended with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Output {
    pub status: i64,
    pub text: String,
}

/// Resolves `new` against `current` like `cd`; the error is bash's message.
pub(super) fn change_dir(current: &str, new: &str) -> Result<String, String> {
    let target = resolve(current, new);
    if is_dir(&target) {
        Ok(target)
    } else {
        Err(format!("bash: cd: {new}: No such file or directory"))
    }
}

/// Runs a command line in `/root` on a VPS called `hostname`.
pub(super) fn run(line: &str, hostname: &str) -> Output {
    let mut cwd = HOME.to_string();
    let mut status = 0i64;
    let mut text = String::new();
    for (op, words) in parse(line) {
        let skip = match op {
            Op::And => status != 0,
            Op::Or => status == 0,
            Op::Then => false,
        };
        if skip || words.is_empty() {
            continue;
        }
        let args: Vec<&str> = words.iter().map(String::as_str).collect();
        match builtin(&args, &mut cwd, hostname, status) {
            Step::Continue(s, out) => {
                status = s;
                text.push_str(&out);
            }
            Step::Exit(s) => {
                status = s;
                break;
            }
        }
    }
    Output { status, text }
}

enum Step {
    Continue(i64, String),
    Exit(i64),
}

fn builtin(args: &[&str], cwd: &mut String, hostname: &str, last: i64) -> Step {
    let ok = |out: String| Step::Continue(0, out);
    match args {
        ["echo", "-n", rest @ ..] => ok(rest.join(" ")),
        ["echo", rest @ ..] => ok(format!("{}\n", rest.join(" "))),
        ["pwd", ..] => ok(format!("{cwd}\n")),
        ["hostname", ..] => ok(format!("{hostname}\n")),
        ["whoami", ..] => ok("root\n".into()),
        ["uname", "-a", ..] => ok(format!(
            "Linux {hostname} 6.1.0-25-amd64 #1 SMP PREEMPT_DYNAMIC Debian 6.1.106-3 x86_64 GNU/Linux\n"
        )),
        ["uname", ..] => ok("Linux\n".into()),
        ["true", ..] => ok(String::new()),
        ["false", ..] => Step::Continue(1, String::new()),
        ["exit"] => Step::Exit(last),
        ["exit", code, ..] => Step::Exit(code.parse::<i64>().map_or(2, |c| c.rem_euclid(256))),
        ["cd"] => {
            HOME.clone_into(cwd);
            ok(String::new())
        }
        ["cd", dir, ..] => match change_dir(cwd, dir) {
            Ok(new) => {
                *cwd = new;
                ok(String::new())
            }
            Err(e) => Step::Continue(1, format!("{e}\n")),
        },
        ["ls", rest @ ..] => ls(cwd, rest),
        [cmd, ..] => Step::Continue(127, format!("bash: {cmd}: command not found\n")),
        [] => ok(String::new()),
    }
}

fn ls(cwd: &str, args: &[&str]) -> Step {
    let all = args.iter().any(|a| a.starts_with('-') && a.contains('a'));
    let target = args.iter().find(|a| !a.starts_with('-')).copied();
    let path = resolve(cwd, target.unwrap_or("."));
    if let Some(entries) = entries(&path) {
        let names: Vec<&str> = entries
            .iter()
            .map(|e| e.trim_end_matches('/'))
            .filter(|e| all || !e.starts_with('.'))
            .collect();
        let text = if names.is_empty() {
            String::new()
        } else {
            format!("{}\n", names.join("\n"))
        };
        return Step::Continue(0, text);
    }
    let shown = target.unwrap_or(".");
    let (parent, name) = path.rsplit_once('/').unwrap_or(("", &path));
    let parent = if parent.is_empty() { "/" } else { parent };
    if entries(parent).is_some_and(|es| es.contains(&name)) {
        Step::Continue(0, format!("{shown}\n"))
    } else {
        Step::Continue(
            2,
            format!("ls: cannot access '{shown}': No such file or directory\n"),
        )
    }
}

fn entries(dir: &str) -> Option<&'static [&'static str]> {
    TREE.iter().find(|(d, _)| *d == dir).map(|(_, e)| *e)
}

fn is_dir(path: &str) -> bool {
    entries(path).is_some()
}

fn resolve(cwd: &str, path: &str) -> String {
    let path = if path == "~" {
        HOME.to_string()
    } else if let Some(rest) = path.strip_prefix("~/") {
        format!("{HOME}/{rest}")
    } else {
        path.to_string()
    };
    let joined = if path.starts_with('/') {
        path
    } else {
        format!("{cwd}/{path}")
    };
    let mut parts: Vec<&str> = Vec::new();
    for part in joined.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    format!("/{}", parts.join("/"))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Then,
    And,
    Or,
}

/// Splits a line into commands and their words, honouring quotes.
fn parse(line: &str) -> Vec<(Op, Vec<String>)> {
    let mut commands = vec![(Op::Then, Vec::new())];
    let mut word: Option<String> = None;
    let mut chars = line.chars().peekable();
    let mut quote: Option<char> = None;
    while let Some(c) = chars.next() {
        if let Some(q) = quote {
            if c == q {
                quote = None;
            } else {
                word.get_or_insert_with(String::new).push(c);
            }
            continue;
        }
        let op = match c {
            ';' => Some(Op::Then),
            '&' if chars.peek() == Some(&'&') => Some(Op::And),
            '|' if chars.peek() == Some(&'|') => Some(Op::Or),
            _ => None,
        };
        if let Some(op) = op {
            if op != Op::Then {
                chars.next();
            }
            flush(&mut commands, &mut word);
            commands.push((op, Vec::new()));
            continue;
        }
        match c {
            '\'' | '"' => {
                quote = Some(c);
                word.get_or_insert_with(String::new);
            }
            c if c.is_whitespace() => flush(&mut commands, &mut word),
            c => word.get_or_insert_with(String::new).push(c),
        }
    }
    flush(&mut commands, &mut word);
    commands
}

fn flush(commands: &mut [(Op, Vec<String>)], word: &mut Option<String>) {
    if let (Some(w), Some(last)) = (word.take(), commands.last_mut()) {
        last.1.push(w);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sh(line: &str) -> (i64, String) {
        let out = run(line, "demo1.example.com");
        (out.status, out.text)
    }

    #[test]
    fn echo_keeps_quoted_spaces_and_separators() {
        assert_eq!(sh("echo 'a  b;c' \"d\""), (0, "a  b;c d\n".into()));
    }

    #[test]
    fn and_or_and_exit_decide_the_status() {
        assert_eq!(sh("false && echo no || echo yes"), (0, "yes\n".into()));
        assert_eq!(sh("echo out; exit 3; echo never"), (3, "out\n".into()));
        assert_eq!(
            sh("nosuch"),
            (127, "bash: nosuch: command not found\n".into())
        );
    }

    #[test]
    fn cd_and_ls_walk_the_fake_tree() {
        assert_eq!(sh("cd /var/log && pwd"), (0, "/var/log\n".into()));
        assert_eq!(sh("ls /etc/ssh"), (0, "sshd_config\n".into()));
        assert_eq!(sh("ls -a"), (0, ".bashrc\n.profile\n.ssh\n".into()));
        assert_eq!(sh("ls /nope").0, 2);
        assert_eq!(change_dir("/var", "../etc/ssh"), Ok("/etc/ssh".into()));
        assert!(change_dir("/", "nowhere").is_err());
        assert_eq!(change_dir("/tmp", "~"), Ok("/root".into()));
    }

    #[test]
    fn hostname_answers_the_vps_name() {
        assert_eq!(sh("hostname"), (0, "demo1.example.com\n".into()));
    }
}
