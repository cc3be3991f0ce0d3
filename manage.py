#!/usr/bin/env python3
from accord.cli import main

if __name__ == "__main__":
    main()
