# 审批、确认与长时间操作：供审批人判断的卡片、给请求者的回复与私信、审批流程的拒绝原因，以及长时间操作的进度。

# 卡片。
card-call = 需要审批
card-title = 审批 #{ $id } · 在 `{ $server }` 上执行 { $command }
card-what = **将会发生什么**
card-requested-by = 请求者
card-expires = 过期时间
card-approvals = 已批准
card-approvals-none = { $have } / { $quorum }
card-approvals-some = { $have } / { $quorum }：{ $who }
card-hash = 哈希
button-approve = 批准
button-deny = 拒绝
button-withdraw = 撤回请求
button-reveal = 向请求者显示

# 各个操作将会发生什么。
what-reinstall = **重装系统** `{ $from }` → `{ $to }`。磁盘上的所有数据都会被清除。
what-os-unknown = 当前系统（未知）
what-restore = **还原快照** `{ $name }`（{ $facts }）。VPS 上的所有数据都会被快照中的数据覆盖。
what-snapshot-delete = **删除快照** `{ $name }`（{ $facts }）。删除后无法恢复。
what-snapshot-size = { $size }
what-snapshot-made = 创建于 { $when }
what-snapshot-os = { $os }
what-snapshot-sticky = 已设为 sticky
what-snapshot-missing = 当前不在快照列表中
what-snapshot-unknown = 大小和创建时间未知
what-migrate = **迁移**：从 { $from } 到 { $to }。IP 地址会改变。
what-location-unknown = 当前机房（未知）
what-kill = **强制关机**。未保存的数据会丢失。
what-reset-password = **重置 root 密码。**新密码只会通过私信发给请求者。
what-shell = **以 root 身份运行：**
what-script = **以 root 身份运行此脚本：**
what-ssh-keys = **替换本 VPS 的 SSH 密钥**（在下次重装系统时写入 /root/.ssh/authorized_keys）：
what-ipv6-delete = **释放 IPv6 子网** `{ $subnet }`。
what-private-ip-delete = **删除私有 IP** `{ $ip }`。
what-clone = **用 `{ $source }` 的克隆替换** VPS 上的所有数据。
what-plain = **{ $command }**，参数：{ $params }。
what-plain-none = **{ $command }**（无参数）。

# 卡片上的状态。
status-waiting = 还需要 `{ $server }` 的管理员批准 { $more } 次。
status-approved = 已批准：正在开始。
status-running = 正在执行。
status-done = **已完成。**
status-done-dm = 结果已通过私信发给 <@{ $requester }>。
status-working = **已开始。**KiwiVM 正在处理：
status-finished = **已完成。**KiwiVM 已完成该操作。
status-timed-out = **已开始**，但跟踪了很久仍未完成：请用 /vps info 查看。
status-lost = **已开始**，但 KiwiVM 不再返回其进度：请用 /vps info 查看。
status-new-ips = 新的 IP 地址：{ $ips }
status-exit = 退出状态 { $code }。
status-reveal = <@{ $requester }> 不接收私信：在 { $until } 之前，他可以用下面的按钮查看一次结果。
status-failed = **失败：**{ $why }
status-failed-code = **失败：**{ $why }（错误 { $code }）
status-denied = 已被 <@{ $by }> **拒绝**。没有执行任何操作。
status-denied-reason = 已被 <@{ $by }> **拒绝**：{ $reason }。没有执行任何操作。
status-cancelled = 已被 <@{ $by }> **取消**。没有执行任何操作。
status-revoked-level = **未执行：**请求者已不再拥有此操作所需的权限。
status-revoked-gate = **未执行：**此操作现在需要更严格的审批方式；请重新发起。
status-expired-nobody = **已过期，无人批准。**没有执行任何操作。
status-expired-some = **已过期**，已获 { $have } / { $quorum } 次批准。没有执行任何操作。
status-expired-stopped = **已过期：**机器人在开始执行前停止了。没有执行任何操作。
status-unknown = **结果未知：**KiwiVM 处理期间机器人停止了。此操作不会再次执行。请用 `/vps info server:{ $server }` 和 KiwiVM 的审计日志（`/vps audit-log server:{ $server }`）核实。
status-overridden = 🚨 已被 <@{ $by }> **强制执行**，未经审批：{ $reason }

# 卡片上的失败原因。
why-auth = KiwiVM 拒绝了已保存的密钥
why-locked = VPS 正被另一个任务锁定
why-rate-limited = KiwiVM 正在限制该密钥的调用频率
why-timeout = KiwiVM 没有及时响应；操作可能已经发生
why-transport = 无法连接 KiwiVM
why-bad-response = KiwiVM 返回了错误页面
why-api-error = KiwiVM 拒绝了：{ $message }
why-other = 我们这边出了问题

# 长时间操作的进度。
progress-bar = { $bar } { $percent } %
progress-bar-message = { $bar } { $percent } % · { $message }
progress-line = `{ $server }` · { $command }（#{ $id }）：{ $state }
progress-started = 已开始
progress-done = 已完成 ✅
progress-timed-out = 很久之后仍在运行；已停止跟踪：请用 /vps info 查看
progress-lost = KiwiVM 不再返回其进度；请用 /vps info 查看
progress-unknown = 执行期间机器人停止了：结果未知，此操作不会再次执行。请用 `/vps info server:{ $server }` 和 KiwiVM 的审计日志核实。

# 给请求者和审批人的回复。
asked = 已发起审批 #{ $id }：在 `{ $server }` 上执行 { $command } 需要 `{ $server }` 的管理员批准 { $quorum } 次后才会执行。{ $when }过期。卡片在 <#{ $channel }>。
asked-no-card = 已发起审批 #{ $id }：在 `{ $server }` 上执行 { $command } 需要 `{ $server }` 的管理员批准 { $quorum } 次后才会执行。{ $when }过期。无法发布卡片：管理员可以使用 `/approval approve id:{ $id }`。
voted = 你对 #{ $id } 的批准已记录：{ $have } / { $quorum }。
decided-done = #{ $id } 已获批准并执行：已完成。详见卡片。
decided-failed = #{ $id } 已获批准并执行，但失败了。原因见卡片。
decided-running = #{ $id } 已获批准，正在执行。
decided-unknown = #{ $id } 已获批准；其结果未知。
decided-denied = #{ $id } 已被拒绝；没有执行任何操作。
decided-cancelled = #{ $id } 已取消；没有执行任何操作。
list-title = 有 { $count } 个请求等待审批
list-empty = 没有等待审批的请求。
list-line = **#{ $id }** 在 `{ $server }` 上执行 { $command }，请求者 <@{ $requester }> · { $have } / { $quorum } · { $when }过期

# 给请求者和告警频道的消息。
dm-denied = 你的请求 #{ $id }（在 `{ $server }` 上执行 { $command }）已被 <@{ $by }> 拒绝。没有执行任何操作。
dm-denied-reason = 你的请求 #{ $id }（在 `{ $server }` 上执行 { $command }）已被 <@{ $by }> 拒绝：{ $reason }。没有执行任何操作。
notice-unknown = 你在 `{ $server }` 上执行的 { $command }（#{ $id }）在机器人停止时仍在运行：无法确定是否已生效，且不会再次执行。请用 `/vps info server:{ $server }` 和 KiwiVM 的审计日志（`/vps audit-log server:{ $server }`）核实。
notice-override = 🚨 **强制执行：**<@{ $by }> 未经审批执行了审批 #{ $id }（在 `{ $server }` 上执行 { $command }，请求者 <@{ $requester }>）。原因：{ $reason }

# 审批流程的拒绝原因。
err-closed-approved = #{ $id } 已经在开始执行了。
err-closed-running = #{ $id } 正在执行。
err-closed-done = #{ $id } 已经执行过了。
err-closed-failed = #{ $id } 已经执行过，但失败了。
err-closed-denied = #{ $id } 已被拒绝：没有执行任何操作。
err-closed-cancelled = #{ $id } 已被取消：没有执行任何操作。
err-closed-expired = #{ $id } 已过期：没有执行任何操作。如仍需要，请重新发起。
err-closed-unknown = 机器人停止时 #{ $id } 正在执行：其结果未知，且不会再次执行。请用 /vps info 核实。
err-closed-pending = #{ $id } 仍在等待中。
err-already-voted = 你已经批准过 #{ $id }：还需要另一位管理员。
err-requester-lacks = #{ $id } 没有执行：<@{ $requester }> 在该服务器上已不再是{ $needed }。
err-gate-raised = 在 `{ $server }` 上执行 { $command } 现在需要审批：请重新发起，机器人会请管理员审批。
err-not-an-approval = #{ $id } 不是审批请求。
err-nothing-to-reveal = #{ $id } 没有可显示的内容：已经显示过，或已超过期限。

# 目录中新子命令及其选项的说明。
