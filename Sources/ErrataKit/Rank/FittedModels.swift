// Written by `errata-quality --fit` (fitted on ../shared/bench/dev-queries.jsonl); do not edit by hand.
extension RankingModel {
    /// For pasted output (`errata match`).
    public static let logs = RankingModel(
        columnWeights: [0.1875, 3, 0.25, 0.192, 0, 0.625, 1, 1, 0, 3.125, 2], k1: 1.2, b: 1,
        kindWeights: [1, 4, 0, 1.2],
        featureWeights: [1, 0.8, 0.32, 0.5, 0.1563, 0, 1.5625, 0.1, 0, 0],
        confidenceWeights: [-2.5461, 1.1189, 2.0741, 1.6692, 0.5143, 0.6327, 0.5242, 2.3225], confidentAt: 0.55)
    /// For typed queries (`errata search`).
    public static let keywords = RankingModel(
        columnWeights: [4.8, 3, 4, 0.1172, 0.075, 4, 1, 1, 0.3125, 4, 4.096], k1: 1.5, b: 0.9,
        kindWeights: [1, 0.5, 0.125, 3],
        featureWeights: [1, 1.6, 0.5, 1, 0.4, 1.28, 0.7813, 0.3125, 0.8, 0.5],
        confidenceWeights: [-2.805, 0.3296, 2.5214, 2.4917, 0.3858, -0.0584, -0.325, 1.2156], confidentAt: 0.52)
}
