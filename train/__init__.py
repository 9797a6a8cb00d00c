"""Training code for the jnews statistical NER (not part of the installed package)."""
