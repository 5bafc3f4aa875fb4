"""Typed reads per domain; every reader takes the ReadSession (connection and Principal) asking."""
