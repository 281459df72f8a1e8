"""The breaking-change check: what a spec change breaks for deployed clients."""
