"""Alembic migrations for the rightsdesk schema (see `store/migrate.py` for how they are run)."""
