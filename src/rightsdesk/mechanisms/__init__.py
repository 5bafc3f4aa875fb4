"""The UN machinery as data and rules: one declarative module per mechanism, plus pure rule functions.

    base          the `Mechanism` value type and `MechanismKind`
    registry      every mechanism by code
    memberships   who sat where and when (Security Council, HRC, mandate holders, ratifications), with citations
    rules         voting thresholds and vetoes, UPR cycles, which treaty bodies review a state

Nothing here parses source files or touches the store.
"""
