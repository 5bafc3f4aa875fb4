"""Comparators shared by screening and linkage: names (`names`) and the romanization tables they read
(`romanization`). Below both: it imports neither, so screening and linkage can each build on it."""
