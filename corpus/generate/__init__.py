"""Renders corpus/truth/*.json into DOCX and PDF files the way real forms are made.

Run by hand (see README.md in this folder); tests only read the committed output in
corpus/files/.
"""
