"""Khamrap's Django project: settings, root URLs, WSGI/ASGI entry points."""
