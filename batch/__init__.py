"""Unattended batch runs: worker processes with limits, an incremental catalog, progress."""
