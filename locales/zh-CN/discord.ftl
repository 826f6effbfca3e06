# 仅 Discord 使用：用于填写 API 密钥的私密表单。

key-form-title = 这台 VPS 的 KiwiVM API 密钥
key-form-label = API 密钥
key-form-foreign = 这个表单不是本机器人发出的，或者密钥为空。
