"""Policy documents: normalisation, parsing into sections, the corpus folder."""
