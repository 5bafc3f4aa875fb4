"""The DPRK situation (and any state's, with what the data hold) as cited data and derived views.

    records     the hand-entered data (timeline, resolutions, recorded Council votes, COI recommendations)
    timeline    dated events with citations, and their links to designations and UPR reviews
    council     recorded Council votes reproduced by the rules, and what-if votes (optionally predicted)
    calendar    next expected dates, derived by the rules: expected, never announced
    overview    the `situation` view: mechanisms engaged, latest outputs, counts from the store, next dates
"""
