# VPS 的概况与运行情况：/vps info、/vps live、/vps usage、/vps screenshot、滥用问题，以及 KiwiVM
# 面板（API 调用限额、审计日志、邮件通知）。KiwiVM 自己的数据（主机名、系统名、类型、证据、说明）原样传入。

views-list-sep = 、
views-points-of = { $points } / { $max }
views-part-of = { $part } / { $whole }
views-count-of = { $used } / { $limit }（{ $percent }）
views-more = ……另有 { $count } 条

## /vps info

info-alarm-suspended = 服务已暂停：请查看 `/abuse suspensions`。
info-alarm-violation = 有未解决的策略违规：请在期限前处理，否则 VPS 将被暂停（`/abuse violations`）。
info-alarm-points = 滥用积分：{ $points }。
info-alarm-data-out = 本月流量已用完：KiwiVM 会暂停 VPS，直到流量计数器重置。
info-alarm-data-high = 本月流量已用 { $percent }。
info-alarm-nullroute = { $ip } 已被空路由。
info-alarm-nullroute-until = { $ip } 已被空路由，{ $until }解除。

info-footer = 运行状态、负载、内存和磁盘：/vps live
info-footer-veid = VEID { $veid } · 运行状态、负载、内存和磁盘：/vps live

info-plan = 套餐
info-location = 位置
info-node = 节点 { $node }
info-os = 操作系统
info-resources = 配置
info-ram = 内存 { $size }
info-disk = 磁盘 { $size }
info-swap = Swap { $size }
info-no-ram = 无内存
info-no-disk = 无磁盘
info-no-swap = 无 Swap

info-data = 本月流量
info-data-used = 已用 { $used }
info-data-quota = — / { $quota }
info-data-multiplier = 套餐 { $plan } × { $multiplier }（此位置的流量倍率）
info-data-reset = { $when }重置

info-ipv6-none-yet = 暂无：`/ip ipv6-add` 可分配一个 /64 子网
info-ipv6-not-offered = 此位置不提供 IPv6
info-ipv6-subnets = 已用 { $count } / { $max } 个子网
info-ipv6-tunnel = SIT 隧道端点 { $ip }
info-private-ips = 私有 IP

info-rdns = 反向解析（PTR）
info-rdns-not-settable = 此位置无法通过 API 设置
info-rdns-not-set = 未设置

info-nullroutes = 空路由
info-nullroute-since = { $ip }：{ $start }开始
info-nullroute-for = { $ip }：{ $start }开始，持续 { $duration }
info-nullroute-over = { $line }（已结束）

info-iso = ISO
info-iso-none = 未挂载；有 { $count } 个可用（`/iso mount`）
info-iso-mounted = 已挂载 { $isos }：VPS 完全关机再开机后从它引导

info-abuse-points = 滥用积分
info-suspension-count = 今年已被暂停 { $count } 次

## /vps live

live-title-running = { $server } 运行中
live-title-stopped = { $server } 已停止
live-title-starting = { $server } 启动中
live-title-other = { $server } 状态：{ $state }
live-title-unknown = { $server } — 状态未知

live-alarm-throttled = { $what ->
    [cpu] CPU 已被限制
    [disk] 磁盘 I/O 已被限制
   *[both] CPU 和磁盘 I/O 已被限制
}：该 VPS 使用的资源超出了公平份额。
live-throttled = 资源限制
live-throttled-list = { $what ->
    [cpu] CPU
    [disk] 磁盘
    [both] CPU、磁盘
   *[none] 无
}

live-hostname = 主机名
live-ssh-port = SSH 端口
live-load = 负载（1、5、15 分钟）
live-memory-available = 可用内存
live-memory-used = 已用内存
live-swap-used = 已用 Swap
live-swap-none = 无
live-disk-used = 已用磁盘
live-inodes = inode
live-processes = 进程数
live-mac = MAC 地址
live-screendump-undecodable = KiwiVM 发来的控制台截图无法解码：/vps screenshot 无法显示它。

## /vps usage 与 /vps screenshot

usage-title = { $server } 最近 { $period }的使用情况
usage-samples = 采样数
usage-net-in = 网络入站
usage-net-out = 网络出站
usage-disk-read = 磁盘读取
usage-disk-written = 磁盘写入
usage-empty = 无法生成 `{ $server }` 的图表：最近 { $period }内没有使用数据。
usage-failed = 无法生成 `{ $server }` 的图表：绘制失败，详情见日志。

shot-title = { $server } 的控制台
shot-taken = 截取于 { $when }
shot-none = KiwiVM 没有发送 `{ $server }` 的控制台截图：只有运行中的 KVM VPS 才有截图。
shot-undecodable = { $fault ->
    [not_text] KiwiVM 发来的 `{ $server }` 控制台截图不是文本，没有可显示的内容。请稍后再试。
   *[not_base64] KiwiVM 发来的 `{ $server }` 控制台截图无法解码（不是 base64 编码），没有可显示的内容。请稍后再试。
}

## /abuse suspensions 与 /abuse violations

abuse-soft = 软性
abuse-hard = 硬性
abuse-flag-unspecified = 未注明
abuse-case = 记录 { $id } · { $flag }
abuse-case-points = { $points } 积分 · { $kind }

abuse-suspensions-title = { $server } 的服务暂停
abuse-suspended-times = 滥用积分：{ $points }。今年已被暂停 { $count } 次。
abuse-never-suspended = 滥用积分：{ $points }。从未被暂停。
abuse-points-only = 滥用积分：{ $points }。
abuse-no-suspensions = 目前没有服务暂停。
abuse-unsuspend-with = 排除原因后，用 { $command } 解封。
abuse-support-only = 只能由 KiwiVM 客服解封。

abuse-violations-title = { $server } 的策略违规
abuse-no-violations = 没有未解决的策略违规。滥用积分：{ $points }。
abuse-violations-open = 滥用积分：{ $points }。请在期限前逐一处理，否则 VPS 将被暂停。
abuse-opened = 记录于 { $when }
abuse-suspend-at = 若未处理，将于 **{ $when }** 暂停
abuse-resolve-with = 用 { $command } 标记为已解决

## KiwiVM 面板

rate-title = { $server } 的 API 调用限额
rate-window-15min = 当前 15 分钟内
rate-window-24h = 当前 24 小时内
rate-left = { $window }还剩 **{ $left }** / { $cap } 点（{ $percent }）
rate-unknown = { $window }剩余点数未知（上限 { $cap } 点）
rate-exhausted = 点数恢复之前，KiwiVM 会丢弃请求。
rate-footer = 通过机器人使用这台服务器的所有人以及监控任务共用这些点数。

auditlog-title = { $server } 的 KiwiVM 审计日志
auditlog-empty = 审计日志为空。
auditlog-type = 类型 { $kind }
auditlog-count = 共 { $count } 条
auditlog-cut = 显示最新的 { $shown } 条，共 { $count } 条；完整记录见 { $file }

notif-title = { $server } 的邮件通知
notif-set-title = { $server } 的邮件通知已更改
notif-category-other = 其他
notif-none = KiwiVM 没有列出任何通知设置。
notif-sent-to = 发送至 { $email }
notif-change-with = 用 { $command } 修改
notif-turned-on = { $mark } 已开启：{ $preference }
notif-turned-off = { $mark } 已关闭：{ $preference }
notif-nothing-changed = KiwiVM 没有做任何更改。
notif-ignored = ⚠️ KiwiVM 没有应用 { $ids }：它会静默忽略不认识的 ID（见 `/notifications get`）。
