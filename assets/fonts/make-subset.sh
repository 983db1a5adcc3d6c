#!/bin/sh
# Rebuilds the bundled CJK font from Debian's fonts-noto-cjk (face 2 = Simplified Chinese).
# The whole URO block is kept because GB2312 lacks district names such as 埇桥区.
# `locl`/`vert` are dropped so Japanese/Korean variants are not pulled in.
set -e
pyftsubset /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc --font-number=2 \
  --unicodes="U+0020-007E,U+00A0-00FF,U+2000-206F,U+2100-214F,U+2190-21FF,U+2200-22FF,U+2460-24FF,U+2500-257F,U+25A0-25FF,U+2600-26FF,U+3000-303F,U+4E00-9FFF,U+FE30-FE4F,U+FF00-FFEF" \
  --layout-features-='locl,vert,vrt2' --output-file="$(dirname "$0")/NotoSansSC-Regular-subset.otf"
