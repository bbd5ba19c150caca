"""Helpers shared by the test modules. Test modules import from here (or from
tests/factories.py), never from one another: renaming or deleting a test file then breaks
only its own tests."""
