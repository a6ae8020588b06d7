"""Documents: Excel and Word exports in the national catalog layout, and the Excel reader.

The modules import openpyxl, xlsxwriter and python-docx inside their functions, so importing
this package costs nothing at start-up.
"""
