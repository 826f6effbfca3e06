# 监控：告警卡片及其按钮、/alerts 的回复、/vps fleet 和每日摘要。

alert-kind-policy-violation = 策略违规
alert-kind-suspension = 服务暂停
alert-kind-null-route = 空路由
alert-kind-down = 宕机
alert-kind-data-usage = 流量使用
alert-kind-api-budget = API 点数
alert-kind-key-rejected = API 密钥被拒
alert-kind-changed-outside = 机器人之外的变更

severity-info = 提示
severity-warning = 警告
severity-critical = 严重

alert-title-policy-violation = { $server } 出现策略违规
alert-title-suspension = { $server } 已被暂停服务
alert-title-null-route = { $server } 的 { $ip } 已被空路由
alert-title-down = { $server } 已宕机
alert-title-data-usage = { $server } 已用掉本月流量的 { $percent }
alert-title-api-budget = { $server } 的 API 点数即将耗尽
alert-title-key-rejected = KiwiVM 拒绝了 { $server } 的 API 密钥
alert-title-changed-outside = { $server } 在机器人之外被更改

alert-field-flag = 类型
alert-field-record = 记录
alert-field-points = 滥用积分
alert-points-of = { $points }（共 { $total }，上限 { $max }）
alert-field-evidence = 证据（节选）
alert-violation-deadline = 除非处理该违规，KiwiVM 将于{ $when }暂停这台 VPS。请先消除原因，再点“处理”（或使用 /abuse resolve）。
alert-violation-no-deadline = 请先消除原因，再点“处理”（或使用 /abuse resolve）。
alert-suspension-soft = 这是软暂停（案件 { $case }）：原因消除后，点“解封”即可解除。
alert-suspension-hard = 这是硬暂停：只有 BandwagonHost 客服可以解除。请提交工单，注明案件 { $case }（类型 `{ $flag }`），并说明原因和你做了哪些修改。
alert-suspension-data = 没有滥用案件的暂停：本月流量已用完。流量计数器于{ $when }重置后恢复运行。
alert-suspension-no-case = 已暂停服务，但没有滥用案件记录。请向 BandwagonHost 客服询问原因。
alert-field-since = 开始于
alert-field-for = 持续
alert-field-until = 结束于
alert-null-route-log = 已附上 KiwiVM 的攻击记录。
alert-null-route-no-log = KiwiVM 没有提供攻击记录。
alert-field-state = 状态
alert-down-bot = 机器人的命令在{ $when }停止了它，已超过宽限时间。
alert-down-nobody = 机器人没有发出过停止它的命令。查明原因后，可以用 /vps start 启动。
alert-field-used = 已用
alert-field-reset = 重置于
alert-data-crossed = 已超过套餐每月流量（含机房倍率）的 { $threshold }%。达到 100% 时，KiwiVM 会暂停这台 VPS，直到流量计数器重置。
alert-field-window = 时间窗口
alert-window-short = 15 分钟
alert-window-day = 24 小时
alert-field-remaining = 剩余点数
alert-field-minimum = 告警阈值
alert-budget-explained = 点数用完后，KiwiVM 会拒绝调用，并在几分钟内丢弃请求。监控已放慢速度；只要还有点数，成员的命令照常执行。
alert-field-veid = VEID
alert-key-rejected-hint = KiwiVM 对已保存的密钥返回 700005。密钥是否已被更换或吊销？请用 `/server rekey` 提供新的密钥。
alert-field-entries = KiwiVM 审计日志中的记录
alert-panel-entry = { $when } `{ $kind }`，来自 { $ip }：{ $summary }
alert-changed-outside-explained = KiwiVM 自己的审计日志中的这些记录与机器人的任何命令都对不上。如果团队中没有人做过这些操作，请修改面板密码并更换 API 密钥。
alert-footer = 告警 #{ $id } · { $severity }
alert-field-opened = 发生于
alert-field-acked = 确认人

button-ack = 确认
button-mute = 静音 { $span }
button-resolve = 处理
button-unsuspend = 解封

alert-resolved-title = 已解决：{ $title }
alert-resolved-after = 持续 { $span } 后解决。
alert-closed-title = 已关闭：{ $title }
alert-closed-after = { $span } 后关闭。
alert-escalated = { $title }：现为{ $severity }（告警 #{ $id }）。
alert-escalated-deadline = { $title }：KiwiVM 将于{ $when }暂停服务（告警 #{ $id }）。

alerts-title = { $count ->
    [0] 没有未解决的告警
   *[other] { $count } 条未解决的告警
}
alerts-none = 你能看到的服务器上没有需要处理的事项。
alerts-line = #{ $id } · { $severity } · { $title } · 发生于{ $opened } · { $state }
alerts-state-open = 未处理
alerts-state-acked = 已由 <@{ $user }> 确认
alerts-state-resolved = 已解决
alerts-mutes = 已静音
alerts-mute-line = `{ $server }` { $kind }，直到{ $until }（<@{ $by }> 设置）
alerts-acked = 告警 #{ $id }（`{ $server }` 的{ $kind }）已确认。
alerts-muted = `{ $server }` 的{ $kind }告警已静音，直到{ $until }。
alerts-unmuted = `{ $server }` 的{ $kind }告警已取消静音。
alerts-not-muted = `{ $server }` 的{ $kind }告警本来就没有静音；未做任何更改。
alerts-routed = `{ $server }` 的告警今后发送到 <#{ $channel }>。
alerts-err-unknown = 你能看到的服务器上没有告警 #{ $id }。
alerts-err-acked = 告警 #{ $id } 已由 <@{ $user }> 确认过了。
alerts-err-acked-somebody = 告警 #{ $id } 已经确认过了。
alerts-err-resolved = 告警 #{ $id } 已经解决。
alerts-err-nothing-to-act = 告警 #{ $id } 没有可以用按钮处理的 KiwiVM 案件。
alerts-err-budget = `{ $server }` 的 KiwiVM API 点数已用完：KiwiVM 会拒绝调用，并在几分钟内丢弃请求。点数将于{ $when }恢复。
alerts-err-kind = `{ $kind }` 不是一种告警类型。

fleet-title = 服务器总览：{ $count } 台
fleet-summary = { $total } 台中 { $running } 台运行中 · { $alerting } 台有未解决的告警
fleet-empty = 你目前还看不到任何服务器。
fleet-in-file = 完整的表格见 { $file }。
fleet-unknown = 未知
fleet-suspended = { $state }，已暂停服务
fleet-data-reset = { $used }，{ $when }重置
fleet-abuse = { $total } / { $max }
fleet-points = { $short }（15 分钟）· { $day }（24 小时）
fleet-no-alerts = 无
fleet-alerts = { $count } 条未解决，最高{ $worst }
fleet-alerts-plain = { $count } 条未解决
fleet-line-state = 状态：{ $state }
fleet-line-data = 流量：{ $data }
fleet-line-abuse = 滥用积分：{ $abuse }
fleet-line-alerts = 告警：{ $alerts }
fleet-line-points = API 点数：{ $points }
fleet-as-of = 数据时间：{ $when }
fleet-never-read = 尚未读取
fleet-col-server = 服务器
fleet-col-state = 状态
fleet-col-data = 已用流量
fleet-col-abuse = 滥用积分
fleet-col-alerts = 告警
fleet-col-points = API 点数
fleet-col-as-of = 数据时间

digest-title = 每日摘要：{ $count } 台服务器
digest-changes = 自昨天以来
digest-opened = 新增（{ $count }）
digest-resolved = 已解决（{ $count }）
digest-nothing = 无。
digest-chart = 过去一天的用量：{ $servers }

inv-not-a-channel = `{ $option }` 必须是频道 ID 或提及（<#123>），而不是 `{ $given }`。

# 监控相关命令和选项的目录说明（Discord 限制每条最多 100 个字符）。
