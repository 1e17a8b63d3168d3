"""The writers at the edge: the output folder (CSV, JSON), report.html, dataset.xlsx, the review app."""
