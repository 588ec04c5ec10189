"""Rules: one module per rule, discovered by kubelint.registry."""
