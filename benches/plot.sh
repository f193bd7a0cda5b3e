#!/usr/bin/env bash
# plot.sh SCALE_DATA REFRESH_DATA OUT.png — draws what the suite measured, so a reader sees at
# a glance how cost grows with work:
#   top:    time and peak memory against archive size (start-up, list, search, the reader's
#           first frame), from scale.sh's BENCH_DATA lines (one per archive);
#   bottom: cold refresh time and peak memory against feed count, griot against newsboat,
#           with curl's pure transfer of the same corpus, from vs-newsboat.sh's lines.
# Both axes of the archive plots are logarithmic: a flat line is a cost that does not grow.
# The caption names the date, the machine and the commit. Needs gnuplot (benches/lib.sh).
set -euo pipefail
scale=$1; refresh=$2; out=$3
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=benches/lib.sh
. "$here/lib.sh"
[ -s "$scale" ] || abort "no archive figures to plot in $scale"
[ -s "$refresh" ] || abort "no refresh figures to plot in $refresh"
caption="griot $(git -C "$here" rev-parse --short HEAD), $(date -u '+%Y-%m-%d'), $(nproc) cores: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
gnuplot <<GP
set terminal pngcairo size 1400,1000 font "sans,11"
set output "$out"
set datafile separator "\t"
set key top left
set grid
set multiplot layout 2,2 title "$caption"
set logscale x
set format x "%.0s%c"
set xlabel "articles in the archive"
set logscale y
set ylabel "milliseconds (whole process)"
set title "time against archive size"
plot "$scale" using 1:2 with linespoints lw 2 title "start-up (griot feeds)", \
     "" using 1:3 with linespoints lw 2 title "list --limit 50", \
     "" using 1:4 with linespoints lw 2 title "search (slowest of 3)", \
     "" using 1:5 with linespoints lw 2 title "reader: first frame"
unset logscale y
set yrange [0:*]
set ylabel "peak RSS, MB"
set title "memory against archive size"
plot "$scale" using 1:6 with linespoints lw 2 title "start-up", \
     "" using 1:7 with linespoints lw 2 title "list", \
     "" using 1:8 with linespoints lw 2 title "search", \
     "" using 1:9 with linespoints lw 2 title "reader"
unset logscale x
set format x "%g"
set xlabel "feeds (50 items each), served on loopback"
set logscale y
set yrange [*:*]
set ylabel "seconds"
set title "cold refresh time against feed count"
plot "$refresh" using 1:2 with linespoints lw 2 title "newsboat", \
     "" using 1:3 with linespoints lw 2 title "griot", \
     "" using 1:4 with linespoints lw 2 dt 2 title "curl: the transfer alone"
unset logscale y
set yrange [0:*]
set ylabel "peak RSS, MB"
set title "cold refresh memory against feed count"
plot "$refresh" using 1:5 with linespoints lw 2 title "newsboat", \
     "" using 1:6 with linespoints lw 2 title "griot refresh", \
     "" using 1:7 with linespoints lw 2 title "griot's reader refreshing"
unset multiplot
GP
[ -s "$out" ] || abort "gnuplot wrote no $out"
echo "plot: $out"
