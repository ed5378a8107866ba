/// A detector or classifier that knows the names of its models' own classes: what
/// `--no-vocab` labels objects with.
public protocol LabelSpaceProviding: Sendable {
    /// Each label space as synonym groups by class (non-classes omitted), most specific use first.
    var ownLabelSpaces: [[[String]]] { get }
}

extension SemanticTransferClassifier: LabelSpaceProviding {
    /// The detector's COCO classes first (it names whole objects), then ImageNet's.
    public var ownLabelSpaces: [[[String]]] {
        [detectorSpace?.classNames.filter { !$0.isEmpty } ?? [], imageNet.classNames.filter { !$0.isEmpty }]
    }
}
