// Written by `errata-quality --fit` (fitted on ../shared/bench/dev-queries.jsonl); do not edit by hand.
extension RankingModel {
    /// For pasted output (`errata match`).
    public static let logs = RankingModel(
        columnWeights: [0.8, 1, 1.25, 0.8, 0, 3.2, 1, 40.96, 0, 3.2, 1.28], k1: 6, b: 1,
        kindWeights: [1, 1.28, 0, 1.28],
        featureWeights: [1, 0.625, 0.25, 0.512, 0.32, 0, 0.25, 0.512, 15.625, 0],
        confidenceWeights: [-2.5532, 0.9319, 1.9234, 1.7879, 0.5717, 0.5207, 0.2349, 3.4643], confidentAt: 0.51)
    /// For typed queries (`errata search`).
    public static let keywords = RankingModel(
        columnWeights: [1.6, 1, 1.6, 0.1563, 0.32, 2, 1, 1, 0, 1.6384, 3.2], k1: 1.5, b: 1,
        kindWeights: [1, 1, 1, 1.5625],
        featureWeights: [1, 0.7813, 0, 0, 0, 0.3906, 0.64, 0.4, 1.25, 1.25],
        confidenceWeights: [-2.5862, 0.5246, 1.7897, 4.2094, 0.3363, 0.6057, -0.4221, 0.836], confidentAt: 0.49)
}
