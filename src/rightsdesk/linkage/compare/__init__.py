"""Comparators for linkage: names (`names`) and the romanization tables they read (`romanization`)."""
