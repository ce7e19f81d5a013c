"""The Django site: thin adapters over the rules core (services write, selectors read)."""
