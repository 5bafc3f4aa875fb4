"""rightsdesk: the UN human rights system as software, one country situation at a time."""

__version__ = "0.1.0"
