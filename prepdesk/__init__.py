"""PrepDesk: prepare, hold and follow up job-centre meetings with citizens.

Kept empty on purpose: `prepdesk` starts by importing this package, and the first
screen must paint before SQLAlchemy, SQLModel or keyring are imported.
"""

__version__ = "0.1.0"
