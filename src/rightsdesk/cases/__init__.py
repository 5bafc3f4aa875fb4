"""Victim-centred documentation of violations: the case model (after the HURIDOCS Events Standard Formats),
consent as data, and the encryption of identity fields. No table access here: that lives in `store/`, and the
workflows that compose the store with these (import, export, intake, evidence) live in `pipeline/`."""
