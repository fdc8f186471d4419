#!/bin/sh
# Build the CHOLMOD timing program (needs libsuitesparse-dev). Output: $1 or ./cholmod_bench
set -e
here=$(dirname "$0")
out=${1:-$here/cholmod_bench}
gcc -O2 -o "$out" "$here/cholmod_bench.c" -lcholmod -lm
