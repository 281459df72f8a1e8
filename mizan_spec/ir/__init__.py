"""The canonical IR: its model, type expressions, the KDL writer and reader."""
