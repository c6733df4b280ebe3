"""Users: each acts for one agency, in one centre (or nationally), with roles."""
