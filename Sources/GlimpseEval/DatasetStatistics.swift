/// Per-class counts and a box-size histogram of a COCO dataset.
public struct DatasetStatistics: Sendable, Codable {
    public struct ClassCount: Sendable, Codable, Equatable {
        public var categoryId: Int
        public var name: String
        public var instances: Int
        public var images: Int
        public var crowd: Int
    }

    public var images: Int
    public var imagesWithoutAnnotations: Int
    public var annotations: Int
    public var classes: [ClassCount]
    /// Upper edges of the box-size bins: sqrt(area) in pixels, doubling (2, 4, 8, ...).
    public var sizeBinEdges: [Double]
    public var sizeHistogram: [Int]
    /// COCO's small / medium / large split by annotation area.
    public var small: Int, medium: Int, large: Int

    public init(_ dataset: CocoDataset) {
        images = dataset.images.count
        annotations = dataset.annotations.count
        let annotated = Set(dataset.annotations.map(\.imageId))
        imagesWithoutAnnotations = dataset.images.filter { !annotated.contains($0.id) }.count
        let byCategory = Dictionary(grouping: dataset.annotations, by: \.categoryId)
        classes = dataset.categories.sorted { $0.id < $1.id }.map { category in
            let members = byCategory[category.id] ?? []
            return ClassCount(categoryId: category.id, name: category.name, instances: members.count,
                              images: Set(members.map(\.imageId)).count, crowd: members.filter(\.isCrowd).count)
        }
        sizeBinEdges = (1...12).map { Double(1 << $0) }
        var histogram = [Int](repeating: 0, count: sizeBinEdges.count)
        var small = 0, medium = 0, large = 0
        for annotation in dataset.annotations {
            let side = annotation.bbox.area.squareRoot()
            histogram[sizeBinEdges.firstIndex { side <= $0 } ?? sizeBinEdges.count - 1] += 1
            if annotation.area < 1024 { small += 1 } else if annotation.area < 9216 { medium += 1 } else { large += 1 }
        }
        sizeHistogram = histogram
        self.small = small; self.medium = medium; self.large = large
    }
}
