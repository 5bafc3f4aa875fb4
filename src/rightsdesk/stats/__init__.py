"""Statistics: vote coalitions over what the store holds, and how many people there were from lists that overlap.

    coalition   every state's recorded votes on the General Assembly resolutions on a situation
    capture     capture histories (which lists each person is on), from a table, rows or linked clusters
    mse         multiple-systems estimation: `estimate(tables, method=...)` with its interval and diagnostics
    loglinear   log-linear models of capture histories (statsmodels), interactions chosen by a criterion
    lcmcr       the latent-class model (Manrique-Vallier 2016), written from the paper
    plot        an SVG of a posterior and its chains, with no plotting library
"""
