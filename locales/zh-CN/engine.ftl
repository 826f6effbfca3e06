# 机器人自身的回复：确认、服务器、授权、审计记录和帮助。

confirm-asked = 在 `{ $server }` 上执行 { $command } 会中断 VPS 的运行。请在 { $ttl } 内点击 **确认** 继续。
confirm-cancelled = 已取消：没有在 `{ $server }` 上执行 { $command }。

server-added = 已添加 `{ $alias }`：VEID { $veid }，{ $about }。它的密钥已加密保存，今后不会再显示。
server-about = { $hostname }（{ $vm_type }，{ $location }）
unknown-value = ？
server-removed = 已移除 `{ $alias }`：它的密钥和授权已从存储中删除。VPS 本身不受影响。
server-rekeyed = `{ $alias }` 的新密钥已通过 KiwiVM 校验并完成替换。
servers-none-owner = 还没有服务器。用 /server add alias veid api_key 添加一台。
servers-none = 你还没有可用的服务器：所有者或服务器管理员可以用 /grant 给你授权。
servers-title = 服务器（{ $count } 台）
servers-line = `{ $alias }` — VEID { $veid } · 由 <@{ $by }> 添加于 { $when }

import-summary = 导入结果：添加 { $added } 台，跳过 { $skipped } 台，失败 { $failed } 台。
import-added = 已添加 `{ $alias }`（VEID { $veid }）
import-terminated = 已跳过 VEID { $veid }：服务已终止
import-failed = VEID { $veid } 失败：{ $why }
import-broke = VEID { $veid } 失败：我们这边出了问题（参考号 `{ $reference }`）

grant-given = { $subject } 现在在 `{ $server }` 上永久拥有 **{ $level }** 权限。
grant-given-until = { $subject } 现在在 `{ $server }` 上拥有 **{ $level }** 权限，直到 { $until }。
grant-removed = 已移除 { $subject } 在 `{ $server }` 上的授权。
grants-title = 授权
grants-none = 无授权（仅所有者）
grants-line = { $subject } — { $level }
grants-line-until = { $subject } — { $level }，{ $until }到期

audit-empty = 审计记录中还没有任何内容。
audit-title = 审计记录：最近 { $count } 条

help-title = kiwiops 命令
help-footer = `/help command:NAME` 可查看某个命令的选项。

server-remove-asked = 要从 kiwiops 中移除 `{ $alias }`（VEID { $veid }）吗？它加密保存的密钥和 { $grants } 条授权会被删除，待处理的请求和告警也会一并删除。VPS 本身不受影响。点击 **移除** 继续。
server-kept = `{ $alias }` 已保留：没有移除任何内容。
button-remove = 移除
button-keep = 保留

# /audit recent 中显示的审计结果词。
audit-word = { $word ->
    [ok] 成功
    [invalid] 无效
    [denied] 拒绝
    [refused] 已拒绝
    [held] 暂缓
    [cancelled] 已取消
    [confirmed] 已确认
    [approved] 已批准
    [running] 执行中
    [done] 完成
    [failed] 失败
    [expired] 已过期
    [revealed] 已查看
    [awaiting-confirmation] 等待确认
    [awaiting-approval] 等待批准
    [outcome-unknown] 结果未知
    [internal-error] 内部错误
    [secret-wiped] 机密已清除
    [secret-held-for-reveal] 机密待查看
   *[other] { $word }
}
audit-needs = 需要{ $level }
