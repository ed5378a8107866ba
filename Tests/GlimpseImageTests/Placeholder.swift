// Tests for this module are added beside this file.
