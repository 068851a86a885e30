"""Exports made from core's views: files for the citizen (the aktindsigt PDF and JSON)."""
