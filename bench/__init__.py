"""The performance harness: measures side by side and prints ratios (not tests)."""
