"""The JSON API for agency systems, described by an OpenAPI document."""
