"""Imports of existing registers: a spreadsheet (XLSX or CSV) of memberships, trips, agreements,
invitations or any other kind of engagement, read into the register as if each row had been typed in.

``tasks.run`` is the work (a dry run, or the import itself), written to run as a background job;
``services`` keeps the uploaded file and the record of each import; ``reading`` reads a file, ``columns``
knows the register's fields and guesses which column holds which, and ``checking`` plans the import row by
row, with every problem by row and column.
"""
