#!/usr/bin/env bash
# Regenerates the stock voice clips in this folder (documentation of how they were made: the build
# never runs it). Needs Debian's espeak-ng and sox, and python3 for the chime:
#     apt-get install -y espeak-ng sox
# Every clip: 16-bit PCM, mono, 22050 Hz; leading/trailing silence trimmed, peak-normalised to
# -3 dBFS, 20 ms of silence before and 30 ms after. The token names are those of
# app/domain/announce.py (ALL_TOKENS).
set -euo pipefail
cd "$(dirname "$0")"

RATE=22050
ZH_SPEED=165         # words per minute (espeak-ng default 175); a hall speaks slowly and clearly
EN_SPEED=150         # letters a little slower still: they tell the tickets apart
ZH_VOICE=cmn-latn-pinyin
EN_VOICE=en-us
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# finish RAW OUT: trim silence, normalise, pad, convert to the common format
finish() {
  sox "$1" -r "$RATE" -b 16 -c 1 -e signed-integer "$2" \
    silence 1 0.01 0.1% reverse silence 1 0.01 0.1% reverse \
    norm -3 pad 0.02 0.03
}

# say TOKEN VOICE SPEED TEXT [espeak-ng options]: one clip
say() {
  local token=$1 voice=$2 speed=$3 text=$4
  shift 4
  espeak-ng -v "$voice" -s "$speed" "$@" -w "$tmp/$token.wav" "$text"
  finish "$tmp/$token.wav" "$token.wav"
}

# Chinese words, read by the Mandarin voice (written in pinyin with tone numbers, which that voice
# reads exactly; the characters are in the comments).
say qing          "$ZH_VOICE" "$ZH_SPEED" "qing3"              # 请
say hao           "$ZH_VOICE" "$ZH_SPEED" "hao4"               # 号
say dao           "$ZH_VOICE" "$ZH_SPEED" "dao4"               # 到
say hao_chuangkou "$ZH_VOICE" "$ZH_SPEED" "hao4 chuang1 kou3"  # 号窗口
say banli         "$ZH_VOICE" "$ZH_SPEED" "ban4 li3"           # 办理
say shi           "$ZH_VOICE" "$ZH_SPEED" "shi2"               # 十
say bai           "$ZH_VOICE" "$ZH_SPEED" "bai3"               # 百
digits=(ling2 yi1 er4 san1 si4 wu3 liu4 qi1 ba1 jiu3)  # 零 一 二 三 四 五 六 七 八 九
for d in 0 1 2 3 4 5 6 7 8 9; do
  say "$d" "$ZH_VOICE" "$ZH_SPEED" "${digits[$d]}"
done

# Letters by their English names (what Chinese halls say: A 读作 "ei"), spelled via SSML so that
# "A" is the letter, not the article.
for letter in {A..Z}; do
  say "$letter" "$EN_VOICE" "$EN_SPEED" "<speak><say-as interpret-as=\"characters\">$letter</say-as></speak>" -m
done

# The chime: a two-tone ding-dong (E5 then C5, soft bell partials, exponential decay), 0.8 s.
python3 - "$RATE" <<'PY'
import math, struct, sys, wave

rate = int(sys.argv[1])
length = 0.8
notes = [(0.0, 659.26), (0.32, 523.25)]  # (start s, frequency Hz): ding, dong
partials = [(1.0, 1.0), (2.0, 0.28), (3.0, 0.08), (4.2, 0.03)]  # (ratio, amplitude)
samples = []
for i in range(int(rate * length)):
    t = i / rate
    v = 0.0
    for start, f in notes:
        u = t - start
        if u < 0:
            continue
        envelope = min(1.0, u / 0.006) * math.exp(-u / 0.22)
        v += envelope * sum(a * math.sin(2 * math.pi * f * r * u) for r, a in partials)
    fade = min(1.0, (length - t) / 0.05)  # no click at the end
    samples.append(v * fade)
peak = max(abs(s) for s in samples)
scale = 10 ** (-3 / 20) * 32767 / peak
with wave.open("chime.wav", "wb") as w:
    w.setnchannels(1)
    w.setsampwidth(2)
    w.setframerate(rate)
    w.writeframes(b"".join(struct.pack("<h", round(s * scale)) for s in samples))
PY

ls -l ./*.wav | awk '{n++; s+=$5} END {printf "%d clips, %d bytes\n", n, s}'
