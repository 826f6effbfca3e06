# 命令的说明：每个斜杠命令、子命令和选项的作用，固定选项的显示名，以及 /help 中值的占位词。
# 命令、选项和选项值在各语言中都保持英文（混合团队共用一套词汇），只有这些说明随语言变化。
#
# id 规则（src/catalog/words.rs）：cmd-命令、cmd-命令-子命令；opt-选项（所有带此选项的子命令共用），
# 含义不同时用 opt-命令-子命令-选项（无子命令的命令用 opt-命令-选项）；choice-选项-值；placeholder-类型。
# Discord 要求每条 1 到 100 个字符。

## /vps

cmd-vps = VPS 的电源、状态、主机名、反向解析、用量和控制台
cmd-vps-info = 查看套餐、IP 地址、流量用量和滥用状态
cmd-vps-live = 查看实时状态：电源、负载、内存和磁盘（最长需 15 秒）
cmd-vps-start = 启动 VPS
cmd-vps-stop = 停止 VPS
cmd-vps-restart = 重启 VPS
cmd-vps-kill = 强制停止卡死的 VPS；未保存的数据将丢失
cmd-vps-hostname = 设置主机名
cmd-vps-ptr = 为 VPS 的某个 IP 地址设置反向解析（PTR）记录
cmd-vps-usage = 绘制一段时间内的 CPU、网络和磁盘用量图
cmd-vps-screenshot = 查看 VPS 的 VGA 控制台截图（仅限 KVM，最长需 15 秒）
cmd-vps-audit-log = 查看 KiwiVM 记录的此 VPS 审计日志
cmd-vps-rate-limit = 查看此 VPS 的 API 密钥还剩多少点数
cmd-vps-reset-password = 设置新的随机 root 密码；只向你本人显示

## /os

cmd-os = 列出操作系统模板并重装 VPS
cmd-os-list = 列出可用于重装此 VPS 的操作系统模板
cmd-os-reinstall = 用操作系统模板重装 VPS；VPS 上的所有文件都将丢失

## /ssh

cmd-ssh = 重装系统时写入 VPS 的 SSH 密钥
cmd-ssh-keys = 查看重装系统时写入 /root/.ssh/authorized_keys 的 SSH 密钥
cmd-ssh-set-keys = 设置下次重装系统时写入 /root/.ssh/authorized_keys 的 SSH 密钥

## /shell

cmd-shell = 以 root 身份在 VPS 上执行命令和脚本
cmd-shell-exec = 以 root 身份执行 shell 命令并显示输出
cmd-shell-cd = 模拟 cd，显示会进入的目录，不做任何更改
cmd-shell-script = 以 root 身份在后台执行 shell 脚本；显示其日志文件名

## /snapshot

cmd-snapshot = 创建、还原、保留、迁移和删除 VPS 的快照
cmd-snapshot-list = 列出 VPS 的快照
cmd-snapshot-create = 为 VPS 创建快照
cmd-snapshot-delete = 永久删除快照
cmd-snapshot-restore = 还原快照；VPS 上现有的所有数据都将被覆盖
cmd-snapshot-sticky = 将快照设为永久保留（不被清除），或取消保留
cmd-snapshot-export = 生成令牌，供另一台 VPS 导入此快照
cmd-snapshot-import = 导入另一台 VPS 导出的快照

## /backup

cmd-backup = KiwiVM 对 VPS 的自动备份
cmd-backup-list = 列出自动备份
cmd-backup-to-snapshot = 将自动备份复制为可还原的快照

## /ip

cmd-ip = VPS 的 IPv6 子网和私有 IPv4 地址
cmd-ip-ipv6-add = 分配一个新的 IPv6 /64 子网
cmd-ip-ipv6-delete = 释放一个 IPv6 /64 子网
cmd-ip-private-list = 列出可分配的空闲私有 IPv4 地址
cmd-ip-private-assign = 分配私有 IPv4 地址
cmd-ip-private-delete = 删除私有 IPv4 地址

## /iso

cmd-iso = 从 ISO 镜像引导 VPS
cmd-iso-mount = 下次完全关机并重新启动后，从 ISO 镜像引导
cmd-iso-unmount = 下次完全关机并重新启动后，恢复从主磁盘引导

## /migrate

cmd-migrate = 将 VPS 迁移到其他位置
cmd-migrate-locations = 列出 VPS 可迁移到的位置
cmd-migrate-start = 将 VPS 迁移到新位置；所有 IPv4 地址都会更换

## /abuse

cmd-abuse = VPS 的策略违规和服务暂停
cmd-abuse-violations = 列出未解决的策略违规，以及何时会导致服务暂停
cmd-abuse-suspensions = 列出服务暂停记录及其证据
cmd-abuse-resolve = 将策略违规标记为已解决，以免服务被暂停
cmd-abuse-unsuspend = 清除滥用问题并解封 VPS（仅限可通过 API 解封的情况）

## /notifications

cmd-notifications = KiwiVM 发送的关于 VPS 的电子邮件通知
cmd-notifications-get = 查看哪些电子邮件通知已开启
cmd-notifications-set = 开启或关闭电子邮件通知

## /clone

cmd-clone = 将另一台服务器克隆到 VPS
cmd-clone-from-external = 通过 SSH 克隆远程服务器，替换此 VPS（仅限 OpenVZ）

## /server

cmd-server = 添加、移除、列出机器人管理的 VPS，或更换其 API 密钥
cmd-server-add = 以别名添加 VPS；API 密钥先经 KiwiVM 验证再保存
cmd-server-remove = 停止管理 VPS 并删除其 API 密钥；VPS 本身不受影响
cmd-server-list = 列出你可以查看的 VPS
cmd-server-rekey = 更换已保存的 API 密钥，例如在 KiwiVM 中重置密钥之后
cmd-server-import = 添加计费门户导出的 CSV 中的所有 VPS

## /grant

cmd-grant = 授予成员或身份组对服务器的权限级别、收回授权或列出授权
cmd-grant-add = 授予成员或身份组对服务器的权限级别，永久或限时
cmd-grant-remove = 收回成员或身份组对服务器的授权
cmd-grant-list = 列出你管理的服务器上的授权

## /approval

cmd-approval = 等待第二人批准的破坏性请求
cmd-approval-list = 列出你可查看的服务器上等待批准的请求
cmd-approval-approve = 批准他人的请求
cmd-approval-deny = 拒绝他人的请求
cmd-approval-cancel = 撤回你提出的请求
cmd-approval-override = 仅限所有者：不经批准立即执行一个等待中的请求，并醒目通告

## /alerts

cmd-alerts = 监控告警：滥用、服务暂停、空路由、宕机、流量用量、API 点数
cmd-alerts-list = 列出你可查看的服务器上未解决的告警
cmd-alerts-ack = 确认告警：表示已有人在处理
cmd-alerts-mute = 在一段时间内静音服务器上的某类告警

## /audit

cmd-audit = 谁向机器人提出了什么请求，结果如何
cmd-audit-recent = 查看你管理的服务器上最近的请求、批准和结果

## /help

cmd-help = 列出所有命令，或某个命令的子命令

## 选项：带此选项的子命令共用，除非有专门的 id

opt-server = 服务器（按别名）
opt-grant-list-server = 仅此服务器
opt-audit-recent-server = 仅此服务器
opt-name = 新的主机名
opt-ip = IP 地址
opt-ip-ipv6-delete-ip = IPv6 子网
opt-ip-private-assign-ip = 私有 IP 地址（不填则随机分配一个空闲地址）
opt-ip-private-delete-ip = 私有 IP 地址
opt-clone-from-external-ip = 远程服务器的 IP 地址
opt-value = 要解析到的主机名
opt-period = 查看多长时间（默认 24 小时）
opt-os = 操作系统模板，例如 debian-12-x86_64
opt-keys = 公钥，每行一个
opt-command = 命令行，例如 df -h
opt-help-command = 只显示此命令
opt-current_dir = 起始目录，例如 /root
opt-new_dir = 要进入的目录，例如 ../var/log
opt-script = 脚本内容
opt-description = 便于辨认的备注
opt-snapshot = 快照文件名
opt-sticky = on 表示永久保留
opt-source_veid = 导出快照的 VPS 的 VEID
opt-source_token = 导出时生成的令牌
opt-backup_token = 备份
opt-iso = ISO 镜像
opt-location = 目标位置
opt-abuse-resolve-record_id = 策略违规记录
opt-abuse-unsuspend-record_id = 服务暂停记录
opt-preferences = JSON：通知首选项 id 对应 1（开启）或 0（关闭），id 见 /notifications get
opt-port = 远程服务器的 SSH 端口
opt-root_password = 远程服务器的 root 密码（仅用于本次克隆）
opt-alias = 别名，例如 web1：小写字母、数字、- 和 _
opt-veid = VPS 在 KiwiVM 中的 ID（VEID）
opt-api_key = VPS 在 KiwiVM 中的 API 密钥；在 Discord 中留空即可私密输入
opt-file = CSV 文件（VEID,VM_TYPE,HOSTNAME,PRIMARY_IP,...,API_KEY）
opt-level = viewer 只读，operator 还可更改和停止，admin 可执行全部操作
opt-user = 成员（成员和身份组二选一）
opt-audit-recent-user = 仅此成员的记录
opt-role = 身份组（成员和身份组二选一）
opt-duration = 持续多久（不填则永久）
opt-alerts-mute-duration = 静音多久
opt-id = 请求编号
opt-alerts-ack-id = 告警编号
opt-reason = 原因，会告知请求者
opt-approval-override-reason = 为什么不能等（会记入审计）
opt-kind = 哪类告警

## 选项值的显示名（值本身保持英文）

choice-period-1h = 1 小时
choice-period-6h = 6 小时
choice-period-24h = 24 小时
choice-period-7d = 7 天
choice-period-30d = 30 天
choice-sticky-on = on（永久保留）
choice-sticky-off = off（可被清除）
choice-level-viewer = viewer（查看者）
choice-level-operator = operator（操作员）
choice-level-admin = admin（管理员）
choice-duration-1h = 1 小时
choice-duration-8h = 8 小时
choice-duration-24h = 24 小时
choice-duration-7d = 7 天
choice-duration-30d = 30 天
choice-kind-policy-violation = policy-violation（策略违规）
choice-kind-suspension = suspension（服务暂停）
choice-kind-null-route = null-route（空路由）
choice-kind-data-usage = data-usage（流量用量）
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

## 占位词：/help 中表示要填写的值（`server:<服务器> name:<文本>`）

placeholder-server = 服务器
placeholder-text = 文本
placeholder-whole-number = 整数
placeholder-number = 数字
placeholder-boolean = true|false
placeholder-user = 用户 ID
placeholder-role = 身份组 ID
placeholder-channel = 频道 ID
placeholder-file = 文件

# Added with the watcher.
cmd-alerts-unmute = 恢复某台服务器上某类告警的通知
cmd-alerts-route = 把某台服务器的告警发送到单独的频道
cmd-vps-fleet = 一览你能看到的所有服务器：状态、流量、滥用积分、告警、API 点数
opt-channel = 告警发送到哪里
choice-kind-down = down（宕机）
choice-kind-api-budget = api-budget（API 点数）
choice-kind-key-rejected = key-rejected（密钥被拒）
choice-kind-changed-outside = changed-outside（外部变更）
