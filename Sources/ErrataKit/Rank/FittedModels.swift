// Written by `errata-quality --fit` (fitted on ../shared/bench/dev-queries.jsonl); do not edit by hand.
extension RankingModel {
    /// For pasted output (`errata match`).
    public static let logs = RankingModel(
        columnWeights: [1, 1, 1, 0.64, 0, 2.048, 1, 32, 0, 2.56, 0.4], k1: 7.5, b: 1,
        kindWeights: [1, 1.6384, 0.625, 1.28],
        featureWeights: [1, 0.7813, 0.32, 0.16, 0.2097, 0.1, 1, 0.512, 19.5313, 0.1024],
        confidenceWeights: [-5.3268, 2.3731, 2.0491, 2.175, 1.8205, 1.3976, 0.9179, 7.7461], confidentAt: 0.47)
    /// For typed queries (`errata search`).
    public static let keywords = RankingModel(
        columnWeights: [1.6, 1, 1.6, 0.1563, 0.32, 2, 1, 1, 0, 1.6384, 3.2], k1: 1.5, b: 1,
        kindWeights: [1, 1, 1, 1.5625],
        featureWeights: [1, 0.7813, 0, 0, 0, 0.3906, 0.64, 0.4, 1.25, 1.25],
        confidenceWeights: [-5.9461, 3.3713, 4.7511, 2.8899, 0.7042, 0.6829, -0.0338, 2.0896], confidentAt: 0.42)
}
