"""Victim-centred documentation of violations: the case model (after the HURIDOCS Events Standard Formats),
consent as data, and the encryption of identity fields. No table access here: that lives in `store/`."""
