"""AEB (Spanish Banking Association) file formats."""
