"""Persistence of supportbot: SQLAlchemy tables, Alembic migrations and the SQL repository."""
