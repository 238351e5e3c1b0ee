"""ISO 20022 SEPA messages: direct-debit initiation (pain.008) and the files banks send back."""
