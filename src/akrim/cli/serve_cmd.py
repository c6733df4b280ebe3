"""`akrim serve`: the web application on a multi-threaded WSGI server."""

from __future__ import annotations

import click

from akrim.cli.main import AkrimContext


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", default=8000, show_default=True, type=int, help="Port to listen on.")
@click.option("--threads", default=8, show_default=True, type=int, help="Requests served at once.")
@click.pass_obj
def serve(obj: AkrimContext, host: str, port: int, threads: int) -> None:
    """Serve the web application for the store (operational database migrated first)."""
    serve_store(obj, host=host, port=port, threads=threads)


def serve_store(obj: AkrimContext, *, host: str, port: int, threads: int) -> None:
    from akrim.web.bootstrap import setup

    setup(obj.store)
    import waitress
    from django.core.wsgi import get_wsgi_application

    application = get_wsgi_application()
    click.echo(f"akrim serving {obj.store} on http://{host}:{port}/ (Ctrl-C stops)")
    waitress.serve(application, host=host, port=port, threads=threads, ident="akrim")
