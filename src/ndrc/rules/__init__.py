"""The pure rules core: the regulation of the BTS NDRC as data and functions.

Nothing here may import Django or the web layer (an import-linter contract checks it).
"""
