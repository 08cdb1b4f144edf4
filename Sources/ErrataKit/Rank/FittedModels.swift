// Written by `errata-quality --fit` (fitted on ../shared/bench/dev-queries.jsonl); do not edit by hand.
extension RankingModel {
    /// For pasted output (`errata match`).
    public static let logs = RankingModel(
        columnWeights: [1, 1, 1, 0.64, 0, 2.048, 1, 32, 0, 2.56, 0.4], k1: 7.5, b: 1,
        kindWeights: [1, 1.6384, 0.625, 1.28],
        featureWeights: [1, 0.7813, 0.32, 0.16, 0.2097, 0.1, 1, 0.512, 19.5313, 0.1024],
        confidenceWeights: [-2.2575, 0.7245, 1.6573, 1.0676, 0.6418, 0.6702, 0.1572, 3.4979], confidentAt: 0.52)
    /// For typed queries (`errata search`).
    public static let keywords = RankingModel(
        columnWeights: [1.6, 1, 1.6, 0.1563, 0.32, 2, 1, 1, 0, 1.6384, 3.2], k1: 1.5, b: 1,
        kindWeights: [1, 1, 1, 1.5625],
        featureWeights: [1, 0.7813, 0, 0, 0, 0.3906, 0.64, 0.4, 1.25, 1.25],
        confidenceWeights: [-2.4035, 0.7275, 1.8695, 4.2173, 0.3723, 0.6619, -0.3823, 0.4398], confidentAt: 0.49)
}
