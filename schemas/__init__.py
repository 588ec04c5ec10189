"""JSON Schemas shipped with kubelint."""
