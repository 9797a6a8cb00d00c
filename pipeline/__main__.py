"""``python -m pipeline`` is the ``jnews`` command."""
from .cli import main

main()
