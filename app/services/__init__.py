"""Application services: each clerk or admin action is one function, one transaction, plain data
in and out (dataclasses, never live ORM objects)."""
