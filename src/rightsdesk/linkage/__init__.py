"""Record linkage: sanctions records across lists (`crosslist`), and victim lists into one cluster per person
with Splink (`lists`, `features`, `model`, `clusters`, `judgements`, `workflow`), with fictional lists to test on
(`synth`) and scores against ground truth (`evaluate`). Names are compared by `matching/`; no storage details
here."""
