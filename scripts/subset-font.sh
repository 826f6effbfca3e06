#!/usr/bin/env bash
# Regenerates assets/fonts/NotoSansSC-Chart.otf, the CJK font the usage chart embeds (src/render/chart/font.rs).
#
# It is Noto Sans CJK SC Regular (SIL OFL 1.1, assets/fonts/OFL-NotoSansCJK.txt), cut down to ASCII
# printable (U+0020-U+007E) plus the characters listed in assets/fonts/cjk-chars.txt: what the zh-CN
# chart prints. The whole font is 16 MB; the subset is about 13 kB. Outlines stay CFF (OTF), which
# ab_glyph renders; layout tables and hints are dropped because ab_glyph uses neither.
#
# Needs:  apt-get install fonts-noto-cjk     (the source font, Debian's package)
#         pip install fonttools               (pyftsubset, from PyPI)
# Usage:  scripts/subset-font.sh [TEXT_FILE ...]
#         Every character of each TEXT_FILE is kept too: pass the zh-CN Fluent files once the chart's
#         words come from them, so whatever they say is drawn. Run from anywhere; writes in the repo.
# Then:   cargo test --lib render::chart   (checks every character the zh-CN chart draws is in the font)
# The output is byte-for-byte reproducible for the same inputs and fonttools version.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
source_font=${NOTO_CJK_TTC:-/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc}
# In Debian's collection, face 2 is Noto Sans CJK SC (0 JP, 1 KR, 3 TC, 4 HK); checked below.
face=2
out="$repo/assets/fonts/NotoSansSC-Chart.otf"

command -v pyftsubset >/dev/null || { echo "pyftsubset not found: pip install fonttools" >&2; exit 1; }
[ -r "$source_font" ] || { echo "$source_font not found: apt-get install fonts-noto-cjk" >&2; exit 1; }

name=$(python3 -c 'import sys
from fontTools.ttLib import TTFont
print(TTFont(sys.argv[1], fontNumber=int(sys.argv[2]))["name"].getDebugName(4))' "$source_font" "$face")
[ "$name" = "Noto Sans CJK SC" ] || { echo "face $face of $source_font is '$name', not Noto Sans CJK SC" >&2; exit 1; }

chars=$(mktemp)
trap 'rm -f "$chars"' EXIT
cat "$repo/assets/fonts/cjk-chars.txt" "$@" >"$chars"

# --name-IDs='*' keeps the copyright, trademark and licence records (name IDs 0, 7, 13, 14) in the file.
pyftsubset "$source_font" --font-number="$face" \
  --unicodes=U+0020-007E --text-file="$chars" \
  --layout-features='' --no-hinting \
  --name-IDs='*' --name-languages='*' \
  --output-file="$out"
echo "wrote $out ($(wc -c <"$out") bytes)"
