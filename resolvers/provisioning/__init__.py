"""Write use-cases: each runs inside one transaction handed to it, all or nothing."""
