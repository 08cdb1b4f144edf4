// Written by `errata-quality --fit` (fitted on ../shared/bench/dev-queries.jsonl); do not edit by hand.
extension RankingModel {
    /// For pasted output (`errata match`).
    public static let logs = RankingModel(
        columnWeights: [1, 1, 1, 0.64, 0, 2.048, 1, 32, 0, 2.56, 0.4], k1: 7.5, b: 1,
        kindWeights: [1, 1.6384, 0.625, 1.28],
        featureWeights: [1, 0.7813, 0.32, 0.16, 0.2097, 0.1, 1, 0.512, 19.5313, 0.1024],
        confidenceWeights: [-2.446, 0.894, 2.0555, 1.2657, 0.5967, 0.6214, 0.1421, 3.6488], confidentAt: 0.52)
    /// For typed queries (`errata search`).
    public static let keywords = RankingModel(
        columnWeights: [1.6, 1, 1.6, 0.1563, 0.32, 2, 1, 1, 0, 1.6384, 3.2], k1: 1.5, b: 1,
        kindWeights: [1, 1, 1, 1.5625],
        featureWeights: [1, 0.7813, 0, 0, 0, 0.3906, 0.64, 0.4, 1.25, 1.25],
        confidenceWeights: [-2.5862, 0.5246, 1.7897, 4.2094, 0.3363, 0.6057, -0.4221, 0.836], confidentAt: 0.49)
}
