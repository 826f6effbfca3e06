# 用量图表（/vps usage）上的文字。这里的每个字符都必须在内嵌的中文字体里：修改后请运行
# scripts/subset-font.sh（图表测试会检查字形是否齐全）。

chart-title = { $alias } — 最近 { $period } (UTC)
chart-cpu-panel = CPU 使用率
chart-cpu-legend = CPU
chart-network-panel = 网络
chart-in = 入站
chart-out = 出站
chart-disk-panel = 磁盘读写
chart-read = 读取
chart-write = 写入
chart-day = { $month }月{ $day }日
