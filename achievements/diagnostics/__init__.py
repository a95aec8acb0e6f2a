"""Pedagogical diagnostics of universal learning actions (R-JRN-10): the teachers' grid
of levels per class and period, its summary and a learner's levels over periods."""
