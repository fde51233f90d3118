"""Running the site under gunicorn from inside the ``omvarld`` command."""

from __future__ import annotations

from typing import Any

from gunicorn.app.base import BaseApplication


class _Gunicorn(BaseApplication):
    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        # Django is already set up by the command that serves; omvarld.wsgi would only do it again.
        from django.core.wsgi import get_wsgi_application

        return get_wsgi_application()


def serve(*, host: str, port: int, workers: int = 2, threads: int = 4) -> None:
    """Serve until interrupted (Ctrl-C). Threads share one process's connections, which suits SQLite."""
    _Gunicorn(
        {
            "bind": f"{host}:{port}",
            "workers": workers,
            "threads": threads,
            "worker_class": "gthread",
            "accesslog": "-",
            "errorlog": "-",
            "graceful_timeout": 5,
            "timeout": 60,
            "preload_app": True,
            "control_socket_disable": True,
        }
    ).run()
