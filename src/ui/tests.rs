//! Tests of the reader: update() behaviour and snapshots of every view.
