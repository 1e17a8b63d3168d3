"""Scanned pages: a page without a usable text layer is rendered and read into the same
PageContent a text page gives (tables of cells holding text pieces, text lines outside them),
so that assembling, locating and parsing are the code text PDFs use.

routing decides which pages; scanner renders them (raster) and page reads one: seal removes
stamps, deskew straightens, binarize separates ink, rulings finds the grid by morphology,
textlines cuts cells into lines, engine recognizes them; document fixes up what assembly
cannot know (confidence, dpi, a continued table's position). Only routing is imported by the
text path: OpenCV and the recognizer load when a page needs them.
"""
