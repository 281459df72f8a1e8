"""`mizan-spec import`: an existing app's IR back to `.mizan.kdl` spec files.

The reverse of `compile`: a source (an IR file, a decorator-first registry, a Django
project) gives an IR and where each function was written; `spec_nodes` writes each
declaration as spec source, `layout` splits them into files, `verify` proves that the
files give back the source IR byte for byte, and only then are they written.
"""
