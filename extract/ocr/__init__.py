"""Scanned pages: a page without a usable text layer is rendered and read into the same
PageContent a text page gives (tables of cells holding text pieces, text lines outside them),
so that assembling, locating and parsing are the code text PDFs use.

routing decides which pages (extract.pdf_reader.read_pdf asks it); scanner renders them
(raster) and page reads one. prepare straightens it (deskew), takes seals off (seal), separates
ink from paper (binarize), finds the grid by morphology (rulings, then extract.ruling's
find_tables) and paints the rulings out; textlines cuts cells into lines by projection; crops
cuts line images; engine recognizes them. aswritten, lexicon and junk correct what a whole
cell makes certain (a lone 一 is —, a misread header is its label, a seal's leftovers are no
text); notes skips the boilerplate 填报注意事项. document fixes up what assembly cannot know
(confidence, dpi, a continued table's position on the next sheet). Only routing is imported
by the text path: OpenCV and the recognizer load when a page needs them.
"""
