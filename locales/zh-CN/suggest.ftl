# 自动补全建议：输入选项时，候选项在 Discord 列表中的显示方式。
# 每条都要在 Discord 的 100 个字符内给所指的值留出位置。

# 连接同一候选项的几项信息：`2026-01-02 03:04 UTC，debian-12，1.2 GiB`。
suggest-separator = ，

suggest-os-installed = { $template }（当前系统）
suggest-iso-mounted = { $iso }（已挂载）
# 永久保留的快照；备注可能为空。
suggest-snapshot-sticky = { $description }（永久保留）
suggest-location = { $description }（{ $id }）
suggest-ptr = 反向解析 { $name }

# 策略违规或服务暂停：`#7 copyright（20 积分，可自助解封）`。
suggest-abuse = #{ $id } { $flag }
suggest-abuse-details = #{ $id } { $flag }（{ $details }）
# KiwiVM 未注明滥用类型时。
suggest-abuse-case = 滥用事件
suggest-points = { $points } 滥用积分
suggest-suspends = 将于 { $at } 暂停服务
suggest-soft = 可自助解封
suggest-hard = 需联系客服解封

# `#12 kill demo2 ip=10.0.0.1`：请求编号、KiwiVM 路径、服务器和参数。
suggest-approval = #{ $id } { $path } { $server }{ $params }
suggest-alert = #{ $id } { $server } { $kind }：{ $summary }
