"""The formatter: one canonical layout for `.mizan.kdl` files, every comment kept."""
