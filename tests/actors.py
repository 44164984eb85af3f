"""Who the tests act as: an administrator from the command line, unless a test is about roles."""

from kpi.access.actor import Actor

ADMIN = Actor("tester", "admin", "cli")
EDITOR = Actor("editor1", "editor", "app")
VIEWER = Actor("viewer1", "viewer", "app")
