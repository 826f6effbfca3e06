# 终端前端：它自己的提示，以及如何打印非直接回复的消息。

console-speaking-as = 现在以用户 { $user } 的身份发言，身份组 [{ $roles }]
console-locale = 现在使用简体中文回复
console-error = 错误：{ $message }
console-private = （仅你可见）
console-attachment = 附件：{ $name }
console-button = [{ $label }]  ->  click { $id }
console-to-channel = ── 频道 { $channel } 中的消息（ref { $reference }）──
console-to-dm = ── 发给 { $user } 的私信 ──
console-edit = ── 编辑 { $reference } ──
console-cannot-write = { $name }（无法写入 { $path }：{ $error }）
console-cannot-read = 无法读取 { $path }：{ $error }
console-no-one = 没有可用的发言身份：请传入 --as USER_ID，或在配置中设置 access.owners

parse-not-a-command = 每一行应是斜杠命令（试试 /help）、`as USER_ID [ROLE_ID ...]`、`click CUSTOM_ID` 或 `locale en|zh-CN`
parse-missing-command-name = / 后面必须跟命令名，例如 /help
parse-unclosed-quote = 双引号没有闭合
parse-not-an-option = 第 { $position } 个词不是选项：请写成 名称:值，含空格的值要加引号（command:"ls -la"）
parse-not-an-option-for = 第 { $position } 个词不是选项：请写成 名称:值，例如 { $example }
parse-empty-option-name = 第 { $position } 个词的 `:` 前面没有名称；请写成 名称:值
parse-missing-user = `as` 需要一个用户 ID：as USER_ID [ROLE_ID ...]
parse-not-an-id = `as` 的第 { $position } 个词不是 Discord ID（应为数字）
parse-missing-custom-id = `click` 需要按钮的 custom id：click CUSTOM_ID
parse-unknown-locale = `locale` 只接受 en 或 zh-CN

demo-banner = kiwiops 演示 —— 模拟的 KiwiVM 位于 { $base_url }，带两台 VPS：demo1（KVM）和 demo2（OpenVZ）。
    你是所有者 { $owner }。输入斜杠命令即可；输入 `exit` 或按 Ctrl-D 结束演示。可以试试：
      /vps info server:demo1
      /vps usage server:demo1 period:7d
      /vps screenshot server:demo1
      /snapshot create server:demo1 description:"升级前"
      /vps stop server:demo1   （然后 `click confirm:N`）
      /grant add server:demo1 level:viewer user:200000000000000002
      as 200000000000000002
      /vps stop server:demo1
      as { $owner }
      /audit recent
      locale en
      /help
    图表和截图会写入 ./kiwiops-out/。
console-file-too-large = { $path } 超过 { $limit }：账单导出文件远比这小，因此没有读取。
