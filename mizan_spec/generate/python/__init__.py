"""`mizan-spec gen python`: models, typed interface, backend wiring, client, scaffold."""
