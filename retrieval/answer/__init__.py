"""Questions in, checked and cited answers out: question, evidence, decision, writers, check."""
