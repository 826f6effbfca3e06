# The usage chart's words (/vps usage). Every character of the zh-CN file must be in the embedded
# CJK font: after changing it, run scripts/subset-font.sh (the chart tests check the coverage).

chart-title = { $alias } — last { $period } (UTC)
chart-cpu-panel = CPU
chart-cpu-legend = CPU
chart-network-panel = Network
chart-in = in
chart-out = out
chart-disk-panel = Disk I/O
chart-read = read
chart-write = write
chart-day = { $month ->
    [1] Jan
    [2] Feb
    [3] Mar
    [4] Apr
    [5] May
    [6] Jun
    [7] Jul
    [8] Aug
    [9] Sep
    [10] Oct
    [11] Nov
   *[12] Dec
} { $day }
