"""The DPRK situation (and any state's, with what the data hold) as cited data and derived views.

    records     the hand-entered data (timeline, resolutions, recorded Council votes, COI recommendations)
    timeline    dated events with citations, and their links to designations and UPR reviews
    council     recorded Council votes reproduced by the rules, and what-if votes (optionally predicted)
    calendar    next expected dates, derived by the rules: expected, never announced
    overview    the `situation` view: mechanisms engaged, latest outputs, counts from the store, next dates
    pack        `situation validate`: a pack's files checked, every problem named by file and line
    profiles    a designated person or entity with everything rightsdesk knows of it, in one place
    coverage    what the data on a page cover and what is known to be missing
    sources     where the data come from: the essay's footnotes and the files loaded
    treaty_reviews, resolution_list   the treaty bodies that review a state; every resolution on a situation
"""
