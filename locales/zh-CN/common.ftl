# 各处共用的词：权限级别、按钮、时间单位、消息过长时的说明。

level-viewer = 查看者
level-operator = 操作员
level-admin = 管理员
level-owner = 所有者

button-confirm = 确认
button-cancel = 取消

yes = 是
no = 否
none = —

duration-s = { $s } 秒
duration-min = { $m } 分钟
duration-min-s = { $m } 分 { $s } 秒
duration-h = { $h } 小时
duration-h-min = { $h } 小时 { $m } 分钟
duration-d = { $d } 天
duration-d-h = { $d } 天 { $h } 小时

time-now = 刚刚
time-in = { $span }后
time-ago = { $span }前

usage-of = { $used } / { $total }（{ $percent }）

fit-overflow = 完整输出太长，无法放进一条消息：请查看 { $file }。
fit-cut = …… 另有 { $bytes } 字节被截去：一条消息放不下更多内容。

failed = 我们这边出了问题（参考号 `{ $reference }`）。没有执行任何其他操作；所有者可以在日志中查到原因。
