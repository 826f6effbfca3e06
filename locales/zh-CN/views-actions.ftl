# KiwiVM 的操作、快照与备份、地址、VPS 内部系统的视图。
# `$vps` 是已放进代码格式的别名；`$alias` 是不带格式的别名（用于标题）。

## actions.rs：普通操作完成后的一句话。

actions-start = 正在启动 { $vps }。
actions-stop = 正在停止 { $vps }。
actions-restart = 正在重启 { $vps }。
actions-kill = 已强制停止 { $vps }：它被立即断电，尚未写入磁盘的数据已丢失。用 `/vps start` 可重新启动。
actions-hostname = { $vps } 的主机名已改为 { $hostname }。
actions-hostname-unnamed = { $vps } 的主机名已更改。
actions-ptr = { $vps } 上 { $ip } 的 PTR（rDNS）记录现在指向 { $ptr }。解析器的缓存过期前，可能仍返回旧名称。
actions-ptr-unnamed = 已设置 { $vps } 上的 PTR（rDNS）记录。
actions-iso-mount = { $vps } 完全关机再启动后将从 { $iso } 引导（在系统内重启不够）：先 `/vps stop`，再 `/vps start`。
actions-iso-mount-unnamed = { $vps } 完全关机再启动后将从 ISO 镜像引导（在系统内重启不够）：先 `/vps stop`，再 `/vps start`。
actions-iso-unmount = { $vps } 完全关机再启动后将重新从自己的磁盘引导：先 `/vps stop`，再 `/vps start`。
actions-snapshot-delete = 已删除 { $vps } 的快照 { $snapshot }。
actions-snapshot-delete-unnamed = 已删除 { $vps } 的快照。
actions-snapshot-restore = 正在用快照 { $snapshot } 还原 { $vps }：磁盘上的所有数据都将被覆盖。还原完成前，它会锁定一段时间。
actions-snapshot-restore-unnamed = 正在用快照还原 { $vps }：磁盘上的所有数据都将被覆盖。还原完成前，它会锁定一段时间。
actions-sticky-on = { $vps } 的快照 { $snapshot } 已设为永久保留：它永远不会被清除。
actions-sticky-on-unnamed = { $vps } 的这个快照已设为永久保留：它永远不会被清除。
actions-sticky-off = { $vps } 的快照 { $snapshot } 不再永久保留：到期后 KiwiVM 会将其清除。
actions-sticky-off-unnamed = { $vps } 的这个快照不再永久保留：到期后 KiwiVM 会将其清除。
actions-sticky-changed = 已更改 { $vps } 的快照 { $snapshot } 是否永久保留。
actions-sticky-changed-unnamed = 已更改 { $vps } 的这个快照是否永久保留。
actions-snapshot-import = 正在从 VPS { $source } 向 { $vps } 导入快照。复制完成后，`/snapshot list` 中即可看到。
actions-snapshot-import-unnamed = 正在从另一台 VPS 向 { $vps } 导入快照。复制完成后，`/snapshot list` 中即可看到。
actions-backup-copy = 正在把 { $vps } 的备份 { $backup } 复制为快照。复制完成后，它会出现在 `/snapshot list` 中，可从那里还原。
actions-backup-copy-unnamed = 正在把 { $vps } 的备份复制为快照。复制完成后，它会出现在 `/snapshot list` 中，可从那里还原。
actions-ssh-keys-cleared = 已清除 { $vps } 的 SSH 密钥：下次重装系统时将使用账户的密钥。
actions-ssh-keys-saved = 已为 { $vps } 保存 { $count } 个 SSH 密钥。下次重装系统时会写入 `/root/.ssh/authorized_keys`。
actions-ipv6-delete = 已从 { $vps } 释放 IPv6 子网 { $subnet }。
actions-ipv6-delete-unnamed = 已从 { $vps } 释放该 IPv6 子网。
actions-private-ip-delete = 已从 { $vps } 删除私有 IP { $ip }。
actions-private-ip-delete-unnamed = 已从 { $vps } 删除该私有 IP。
actions-unsuspend = 已清除滥用问题 { $case } 并解封 { $vps }；如果它处于停止状态，请用 `/vps start` 重新启动。
actions-unsuspend-unnamed = 已清除滥用问题并解封 { $vps }；如果它处于停止状态，请用 `/vps start` 重新启动。
actions-resolve-violation = 已将 { $vps } 的策略违规 { $case } 标记为已解决：它不会再导致服务暂停。
actions-resolve-violation-unnamed = 已将 { $vps } 的策略违规标记为已解决：它不会再导致服务暂停。
actions-clone = 正在把 { $source } 克隆到 { $vps }：{ $vps } 上的所有数据都将被替换，复制完成前它会保持锁定。
actions-clone-unnamed = 正在克隆到 { $vps }：{ $vps } 上的所有数据都将被替换，复制完成前它会保持锁定。
actions-done = 已在 { $vps } 上完成 { $path }。
actions-kiwivm-says = KiwiVM 提示：{ $note }

## network.rs：IPv6 子网、私有 IP、迁移。

network-separator = 、
network-ipv6-added = 已为 { $vps } 分配 IPv6 子网 { $subnet }。
network-ipv6-added-unnamed = KiwiVM 已为 { $vps } 分配了一个 IPv6 子网，但没有说明是哪一个：`/vps info` 中可以看到。
network-private-free =
    { $vps } 可用的私有 IP：{ $ips }。
    用 `/ip private-assign ip:…` 分配其中一个。
network-private-none = { $vps } 所在位置没有空闲的私有 IP。
network-private-assigned = 已为 { $vps } 分配私有 IP { $ips }。
network-private-assigned-none = KiwiVM 没有为 { $vps } 分配任何私有 IP。
network-locations-title = { $alias } 可迁移到的位置
network-locations-multiplier = 流量按 ×{ $multiplier } 计
network-locations-current = 当前位置
network-locations-none = KiwiVM 没有为此 VPS 列出任何位置。
network-locations-footer = 迁移会替换所有 IPv4 地址；流量倍率大于 1 的位置，每月流量额度会相应减少。
network-migrate-title = 正在迁移 { $alias }
network-migrating = { $vps } 正在迁移到 { $location }。迁移完成前它会保持锁定。
network-migrating-unnamed = { $vps } 正在迁移。迁移完成前它会保持锁定。
network-migrate-mail = 完成后 KiwiVM 会发邮件到 { $email }。
network-migrate-footer = 请更新仍指向旧地址的 DNS 记录和防火墙规则。
network-new-ips = 新的 IPv4 地址
network-new-ips-unknown = KiwiVM 未提供：迁移完成后请查看 `/vps info`

## snapshots.rs：创建、列出、导出快照；自动备份。

snapshots-taking = 正在后台为 { $vps } 创建快照。
snapshots-taking-described = 正在后台为 { $vps } 创建快照（“{ $description }”）。
snapshots-taking-mail = 完成后 KiwiVM 会发邮件到 { $email }，届时 `/snapshot list` 中即可看到。
snapshots-taking-list = 完成后 `/snapshot list` 中即可看到。
snapshots-title = { $alias } 的快照
snapshots-none = 还没有快照：用 `/snapshot create` 创建一个。
snapshots-no-description = （无描述）
snapshots-size-unpacked = { $size }（解压后 { $full }）
snapshots-unpacked = 解压后 { $full }
snapshots-sticky = 📌 永久保留：不会被清除
snapshots-purged = 清除时间：{ $when }
snapshots-footer = 共 { $count } 个快照 · { $sticky } 个永久保留
snapshots-veid-of = { $alias } 的 VEID
snapshots-export-token =
    { $vps } 的快照 { $snapshot } 的导出令牌：{ $token }
    在另一台 VPS 上执行：{ $command }
snapshots-export-token-unnamed =
    { $vps } 的快照导出令牌：{ $token }
    在另一台 VPS 上执行：{ $command }
snapshots-export-only-you = 只有你能看到这条消息：任何 VPS 都能凭此令牌导入这块磁盘的完整副本。
snapshots-export-no-token = KiwiVM 已导出 { $vps } 的快照 { $snapshot }，但没有返回令牌。
snapshots-export-no-token-unnamed = KiwiVM 已导出 { $vps } 的快照，但没有返回令牌。
backups-title = { $alias } 的自动备份
backups-none = 还没有自动备份。
backups-footer = 共 { $count } 个备份 · 用 /backup to-snapshot backup_token:<令牌> 可把其中一个复制为可还原的快照

## system.rs：系统模板、重装、root 密码、SSH 密钥、命令行。

system-os-title = { $alias } 可用的操作系统
system-os-installed-template = { $template }（已安装）
system-os-none = KiwiVM 没有为此 VPS 提供任何系统模板。
system-os-footer = 共 { $count } 个模板 · /os reinstall os:<名称> 会清空磁盘
system-os-installed = 已安装
system-password-none = KiwiVM 没有返回密码：请用 `/vps reset-password` 重新设置
system-only-you = 只有你能看到这条消息。密码不会再次显示：请妥善保存。
system-reinstalling = 正在用 { $os } 重装 { $vps } 的操作系统：磁盘上的所有数据都将被清除，重装期间它会锁定几分钟。
system-reinstalling-unnamed = 正在重装 { $vps } 的操作系统：磁盘上的所有数据都将被清除，重装期间它会锁定几分钟。
system-reinstall-mail = 完成后 KiwiVM 会发邮件到 { $email }。
system-reinstalled-title = { $alias } 正在重装系统：新的 root 密码，仅你可见
system-root-password = root 密码
system-ssh-port = SSH 端口
system-ssh-keys-installed = 写入的 SSH 密钥
system-password-title = { $alias } 的新 root 密码，仅你可见
system-password-changed = { $vps } 的 root 密码已更改。
system-keys-title = { $alias } 的 SSH 密钥
system-keys-about = 重装系统时，生效的密钥会写入 `/root/.ssh/authorized_keys`；此 VPS 自己的密钥优先于账户的密钥。
system-keys-in-effect = 当前生效
system-keys-vps = 此 VPS
system-keys-account = 账户
system-keys-none = 无
system-cd = { $vps } 上的工作目录现在是 { $pwd }。下次使用 `/shell cd` 时，请把它作为 `current_dir` 传入。
system-cd-unknown = KiwiVM 没有说明这会进入 { $vps } 上的哪个目录。
system-shell-title = { $alias } 上的命令输出
system-shell-no-output = （无输出）
system-exit-status = 退出状态
system-exit-meaning = { $status }（{ $meaning }）
system-exit-not-executable = 无法执行
system-exit-not-found = 找不到命令
system-exit-signal = 被信号 { $signal } 终止
system-exit-failed = 失败
system-script =
    脚本正在 { $vps } 上后台运行，输出写入 { $log }。
    用 { $command } 查看。
system-script-no-log = 脚本正在 { $vps } 上后台运行（KiwiVM 没有给出日志文件名）。

## generic.rs：按原样列出回复字段的兜底视图。

generic-none = （无）
generic-done = 完成。
