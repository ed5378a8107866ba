/// Ground truths and detections of one image within one evaluation group, as ranges into
/// `DetectionIndex.groundTruthOrder` / `detectionOrder`.
struct ImageCell: Sendable {
    var imageIndex: Int
    var groundTruths: Range<Int>
    var detections: Range<Int>
}

/// Groups annotations and detections by (category, image) — or by image alone when categories are
/// merged — in the order pycocotools visits them: images by ascending id, then categories by
/// ascending id, then file order. That order decides score ties, so it must match exactly.
struct DetectionIndex: Sendable {
    let imageIds: [Int]
    let categoryIds: [Int]
    /// Indices into the ground-truth annotations, grouped as described above.
    let groundTruthOrder: [Int]
    /// Indices into the detections, grouped the same way.
    let detectionOrder: [Int]
    /// One list of cells per evaluation group (a category, or everything when categories are merged).
    let groups: [[ImageCell]]

    init(groundTruth: CocoDataset, detections: [CocoDetection], parameters: DetectionEvaluationParameters) {
        imageIds = Array(Set(groundTruth.images.map(\.id))).sorted()
        categoryIds = Array(Set(groundTruth.categories.map(\.id))).sorted()
        let imagePosition = Dictionary(uniqueKeysWithValues: imageIds.enumerated().map { ($1, $0) })
        let categoryPosition = Dictionary(uniqueKeysWithValues: categoryIds.enumerated().map { ($1, $0) })
        let useCategories = parameters.useCategories

        // Sort key: (group, image, category within a merged group, file position).
        struct Key: Comparable {
            var group: Int, image: Int, category: Int, item: Int
            static func < (a: Key, b: Key) -> Bool {
                (a.group, a.image, a.category, a.item) < (b.group, b.image, b.category, b.item)
            }
        }
        func key(image: Int, category: Int, item: Int) -> Key? {
            guard let i = imagePosition[image], let c = categoryPosition[category] else { return nil }
            return useCategories ? Key(group: c, image: i, category: 0, item: item)
                                 : Key(group: 0, image: i, category: c, item: item)
        }
        let gtKeys = groundTruth.annotations.enumerated()
            .compactMap { key(image: $1.imageId, category: $1.categoryId, item: $0) }.sorted()
        let kept = DetectionIndex.keptDetections(detections, categoryPosition: categoryPosition,
                                                 limit: parameters.detectionsPerCategory)
        let dtKeys = kept.compactMap { key(image: detections[$0].imageId, category: detections[$0].categoryId, item: $0) }.sorted()
        groundTruthOrder = gtKeys.map(\.item)
        detectionOrder = dtKeys.map(\.item)

        // Merge both sorted lists into cells, one per (group, image) present in either.
        let groupCount = useCategories ? categoryIds.count : 1
        var groups = [[ImageCell]](repeating: [], count: groupCount)
        var g = 0, d = 0
        while g < gtKeys.count || d < dtKeys.count {
            let gk = g < gtKeys.count ? (gtKeys[g].group, gtKeys[g].image) : (Int.max, Int.max)
            let dk = d < dtKeys.count ? (dtKeys[d].group, dtKeys[d].image) : (Int.max, Int.max)
            let cellKey = gk < dk ? gk : dk
            let gStart = g, dStart = d
            while g < gtKeys.count && (gtKeys[g].group, gtKeys[g].image) == cellKey { g += 1 }
            while d < dtKeys.count && (dtKeys[d].group, dtKeys[d].image) == cellKey { d += 1 }
            groups[cellKey.0].append(ImageCell(imageIndex: cellKey.1, groundTruths: gStart..<g, detections: dStart..<d))
        }
        self.groups = groups
    }

    /// Detections to evaluate, in file order: all of them, or for LVIS fixed AP the `limit`
    /// highest-scoring per category (earlier entries win ties).
    static func keptDetections(_ detections: [CocoDetection], categoryPosition: [Int: Int], limit: Int?) -> [Int] {
        guard let limit else { return Array(detections.indices) }
        var byCategory = [Int: [Int]]()
        for (i, detection) in detections.enumerated() where categoryPosition[detection.categoryId] != nil {
            byCategory[detection.categoryId, default: []].append(i)
        }
        var kept = [Int]()
        for (_, members) in byCategory {
            let ranked = members.sorted { a, b in
                detections[a].score != detections[b].score ? detections[a].score > detections[b].score : a < b
            }
            kept.append(contentsOf: ranked.prefix(limit))
        }
        return kept.sorted()
    }
}
