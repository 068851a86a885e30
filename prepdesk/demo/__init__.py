"""The demo job centre: deterministic, believable and fictitious, at any scale. Above core:
it builds its data the way the product would."""
