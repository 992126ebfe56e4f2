#!/bin/bash -eu
# OSS-Fuzz / ClusterFuzzLite build step: the project's own build.sh sees
# $LIB_FUZZING_ENGINE and $OUT and builds mapdiff_fuzz with its
# _seed_corpus.zip, .dict and .options into $OUT.
cd "$SRC/mapdiff"
./build.sh
