"""System care: backup and restore, and the guard against silent overwrites in the page editor."""
