"""The import corpus: real-layout catalog files (catalogs/), their rows and their generator."""
