"""Make `python -m digest` work like the `digest` command."""

from digest.cli import main

if __name__ == "__main__":
    main()
