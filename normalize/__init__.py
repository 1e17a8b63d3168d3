"""Raw cells to canonical values: pure functions over data tables, no I/O."""
