"""Record linkage: comparing names (romanization-aware) and linking records across lists. No storage details."""
