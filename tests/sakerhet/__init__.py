"""Attacks on stod, one module per class of attack: each test reproduces the attack and fails
if it works (a marker file appears, a secret reaches an output, a row is lost, a run hangs)."""
