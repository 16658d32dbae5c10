"""A shared project on PostgreSQL (issue 15): the same store API as a ``.reader`` file.

The store's modules speak SQLite's dialect through a DB-API connection; ``connection``
gives them a PostgreSQL connection that looks like one (``dialect`` rewrites the few
statements that differ). ``schema`` is the same schema history for PostgreSQL, with the
roles and row-level security of a team; ``search`` is corpus search on tsvector/GIN;
``project`` is :class:`SharedProject`; ``live`` hears other coders' changes.
psycopg is imported only here, so a user of project files never loads it.
"""
